import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors';

/** Path parameters shared by the routes: record ids up to 128 characters (the store's limit). */
const pathId = z.string().min(1).max(128);
export const IdParam = z.object({ id: pathId }).strict();
export const AccountParam = z.object({ accountId: pathId }).strict();
export const AccountItemParams = z.object({ accountId: pathId, itemId: pathId }).strict();

/**
 * The JSON body of a write. A request without one is refused here, with `what` naming what to send;
 * the service behind the route validates the body itself.
 */
export function bodyOf(request: FastifyRequest, what = ''): unknown {
  if (request.body === undefined || request.body === null) throw new ValidationError(`request body is required (JSON)${what ? `: ${what}` : ''}`);
  return request.body;
}
