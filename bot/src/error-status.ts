import type { DomainError } from '../../core/errors';

/**
 * The HTTP status of each expected failure, by its stable code: one table for the REST API and for the
 * bot's answers to card actions. A code not listed here is not expected to reach a caller.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'validation.failed': 400,
  'email.invalid': 400,
  'step.closed': 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  already_exists: 409,
  concurrency_conflict: 409,
  'process.run_in_progress': 409,
  precondition_required: 428,
};

/** The status for a domain error's code, or undefined for a code no caller should see. */
export const statusOf = (error: DomainError): number | undefined => STATUS_BY_CODE[error.code];
