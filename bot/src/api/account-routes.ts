import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors';
import type { AccountNotesService } from '../../../core/services/account-notes-service';
import { parseOrThrow } from '../../../core/validation';
import { principalOf } from './authenticate';

const AccountParam = z.object({ accountId: z.string().min(1).max(128) });

const requireBody = (body: unknown) => {
  if (body === undefined || body === null) throw new ValidationError('request body is required (JSON)');
  return body;
};

/** Notes partners add to an account from Outlook: progress entries and newly linked contacts. */
export function registerAccountRoutes(app: FastifyInstance, notes: AccountNotesService) {
  app.get('/api/accounts', async (request) => ({ items: await notes.visibleAccounts(principalOf(request)) }));

  app.post('/api/accounts/:accountId/progress', async (request, reply) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    const { entry, created } = await notes.logProgress(principalOf(request), accountId, requireBody(request.body));
    return reply.status(created ? 201 : 200).send(entry);
  });

  app.post('/api/accounts/:accountId/contacts', async (request, reply) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    return reply.status(201).send(await notes.linkContact(principalOf(request), accountId, requireBody(request.body)));
  });
}
