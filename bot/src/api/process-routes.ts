import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from '../../../core/errors';
import type { ConfigWithEtag, ProcessConfigService } from '../../../core/services/process-config-service';
import { parseOrThrow } from '../../../core/validation';
import { principalOf } from './authenticate';
import { AccountParam, bodyOf, IdParam } from './request';

/** A write was sent without the If-Match header that names the version it was based on. */
export class PreconditionRequiredError extends DomainError {
  readonly code = 'precondition_required';
}

export interface ProcessRouteDeps {
  processConfigs: ProcessConfigService;
}

/**
 * The admin API of process configs and the processes they run. Writes are optimistic: GET, POST and PUT
 * answer with an ETag, and PUT and DELETE must send it back in If-Match (428 without, 409 when stale).
 * Registered inside the authenticated API scope (routes.ts), so every route has a principal.
 */
export function registerProcessRoutes(app: FastifyInstance, deps: ProcessRouteDeps) {
  const service = deps.processConfigs;

  app.get('/api/accounts/:accountId/process-configs', async (request) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    return { items: await service.list(principalOf(request), accountId) };
  });

  app.post('/api/process-configs', async (request, reply) => {
    const result = await service.create(principalOf(request), bodyOf(request));
    withEtag(reply, result).status(result.created ? 201 : 200).header('Location', `/api/process-configs/${result.config.id}`);
    return { config: result.config, etag: result.etag, schedule: result.schedule };
  });

  app.get('/api/process-configs/:id', async (request, reply) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    const result = await service.get(principalOf(request), id);
    withEtag(reply, result);
    return result;
  });

  app.put('/api/process-configs/:id', async (request, reply) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    const result = await service.update(principalOf(request), id, bodyOf(request), ifMatchOf(request));
    withEtag(reply, result);
    return result;
  });

  app.delete('/api/process-configs/:id', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    const result = await service.delete(principalOf(request), id, ifMatchOf(request));
    return { deleted: id, ...result };
  });

  app.post('/api/process-configs/:id/pause', async (request, reply) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    const result = await service.pause(principalOf(request), id);
    withEtag(reply, result);
    return result;
  });

  app.post('/api/process-configs/:id/resume', async (request, reply) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    const result = await service.resume(principalOf(request), id);
    withEtag(reply, result);
    return result;
  });

  app.post('/api/process-configs/:id/run', async (request, reply) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    const result = await service.runNow(principalOf(request), id);
    // Accepted: the schedule starts the run asynchronously; it shows up among the account's running processes.
    return reply.status(202).header('Location', `/api/accounts/${result.accountId}/processes`).send(result);
  });

  app.get('/api/process-configs/:id/preview', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return service.preview(principalOf(request), id);
  });

  app.get('/api/accounts/:accountId/processes', async (request) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    const processes = await service.runningProcesses(principalOf(request), accountId);
    return { processes: processes.map((process) => ({ ...process, startTime: process.startTime.toISOString() })) };
  });
}

function ifMatchOf(request: FastifyRequest): string {
  const header = request.headers['if-match'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !value.trim()) throw new PreconditionRequiredError('If-Match header is required: send the ETag of the version you read (GET the config first)');
  if (value.trim() === '*' || value.includes(',')) throw new ValidationError('If-Match must be the one ETag of the version you read, not * or a list');
  return value.trim();
}

/** ETags are quoted strings on the wire; the store's own may already carry the quotes. */
function withEtag(reply: FastifyReply, result: ConfigWithEtag): FastifyReply {
  return reply.header('ETag', /^".*"$/.test(result.etag) ? result.etag : `"${result.etag}"`);
}
