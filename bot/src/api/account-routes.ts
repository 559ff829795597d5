import type { FastifyInstance } from 'fastify';
import type { AccountNotesService } from '../../../core/services/account-notes-service';
import { parseOrThrow } from '../../../core/validation';
import { principalOf } from './authenticate';
import { AccountParam, bodyOf } from './request';

/** Notes partners add to an account from Outlook: progress entries and newly linked contacts. */
export function registerAccountRoutes(app: FastifyInstance, notes: AccountNotesService) {
  app.get('/api/accounts', async (request) => ({ items: await notes.visibleAccounts(principalOf(request)) }));

  app.post('/api/accounts/:accountId/progress', async (request, reply) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    const { entry, created } = await notes.logProgress(principalOf(request), accountId, bodyOf(request));
    return reply.status(created ? 201 : 200).send(entry);
  });

  app.post('/api/accounts/:accountId/contacts', async (request, reply) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    return reply.status(201).send(await notes.linkContact(principalOf(request), accountId, bodyOf(request)));
  });
}
