import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from '../../../core/errors';
import { statusOf } from '../error-status';

/**
 * Every failure leaves as `{ error: { code, message, issues? } }`: expected ones with their own status
 * and a message naming the problem, unexpected ones as a 500 that reveals nothing internal.
 */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    const status = statusOf(error) ?? 500;
    if (status === 500) request.log.error({ err: error }, 'request failed');
    if (status === 401) reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
    return reply.status(status).send({
      error: { code: error.code, message: status === 500 ? 'internal error' : error.message, ...(error instanceof ValidationError && error.issues.length > 0 ? { issues: error.issues } : {}) },
    });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large' : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
    const message =
      code === 'payload_too_large' ? 'request body is larger than 1 MB' : error instanceof SyntaxError || /JSON/i.test(error.message) ? `request body is not valid JSON: ${error.message}` : error.message;
    return reply.status(fastifyError.statusCode).send({ error: { code, message } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
}
