/**
 * Expected failures carry a stable `code` that the HTTP layer maps to a status and clients can match
 * on; the message is for humans and names the specific problem.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  override get name(): string {
    return this.constructor.name;
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly code: string = 'validation.failed';
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.map((issue) => `${issue.path || '(root)'} ${issue.message}`).join('; ')}` : message);
  }
}

/**
 * The step an answer is for is over (a review closed, an agenda past its cut-off, a process no longer
 * running): the answer is refused, and a card for that step turns read-only.
 */
export class StepClosedError extends ValidationError {
  override readonly code = 'step.closed';
  constructor(message: string) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class AlreadyExistsError extends DomainError {
  readonly code = 'already_exists';
  constructor(kind: string, id: string) {
    super(`${kind} ${id} already exists`);
  }
}

/** Someone else wrote the record since it was read: re-read and retry. */
export class ConcurrencyError extends DomainError {
  readonly code = 'concurrency_conflict';
  constructor(kind: string, id: string) {
    super(`${kind} ${id} was changed by someone else; reload it and try again`);
  }
}

/** A stored document no longer matches its schema; never returned to callers as if it were valid. */
export class CorruptRecordError extends DomainError {
  readonly code = 'store.corrupt_record';
  constructor(kind: string, id: string, detail: string) {
    super(`stored ${kind} ${id} is invalid: ${detail}`);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
}
