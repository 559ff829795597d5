import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccountContextReader } from '../../../core/services/account-context-reader';
import type { AccountNotesService } from '../../../core/services/account-notes-service';
import type { AuditLog } from '../../../core/services/audit-log';
import type { CsvImportService } from '../../../core/services/csv-import-service';
import type { DashboardService } from '../../../core/services/dashboard-service';
import type { DelegationService } from '../../../core/services/delegation-service';
import type { LeadershipService } from '../../../core/services/leadership-service';
import type { ProcessConfigService } from '../../../core/services/process-config-service';
import type { Store } from '../../../core/store/ports';
import { parseOrThrow } from '../../../core/validation';
import { registerAccountRoutes } from './account-routes';
import { registerAuditTrail } from './audit';
import { principalOf } from './authenticate';
import { registerDashboardRoutes } from './dashboard-routes';
import { registerImportRoutes } from './import-routes';
import { registerLeadershipRoutes } from './leadership-routes';
import { registerProcessRoutes } from './process-routes';
import { bodyOf, IdParam } from './request';

const ContextQuery = z.object({ email: z.string({ message: 'email query parameter is required' }).min(1, 'email query parameter is required') }).strict();

export interface ApiDeps {
  store: Store;
  contexts: AccountContextReader;
  delegations: DelegationService;
  processConfigs: ProcessConfigService;
  accountNotes: AccountNotesService;
  leadership: LeadershipService;
  audit: AuditLog;
  dashboard: DashboardService;
  imports: CsvImportService;
  now?: () => Date;
}

/** The REST API. Every route here runs after authentication (see app.ts). */
export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps) {
  const now = deps.now ?? (() => new Date());
  registerAuditTrail(app, deps.audit);

  app.get('/api/me', async (request) => principalOf(request));

  app.get('/api/context', async (request, reply) => {
    const { email } = parseOrThrow(ContextQuery, request.query, 'query');
    // Already JSON: the reader keeps assembled contexts serialised.
    return reply.type('application/json; charset=utf-8').send(await deps.contexts.readJson(principalOf(request), email, now()));
  });

  app.post('/api/delegations', async (request, reply) => {
    const { delegation, created } = await deps.delegations.create(principalOf(request), bodyOf(request));
    return reply.status(created ? 201 : 200).header('Location', `/api/delegations/${delegation.id}`).send(delegation);
  });

  app.get('/api/delegations/:id', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return deps.delegations.get(principalOf(request), id);
  });

  app.post('/api/delegations/:id/check-ins', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return deps.delegations.checkIn(principalOf(request), id, bodyOf(request));
  });

  registerProcessRoutes(app, deps);
  registerAccountRoutes(app, deps.accountNotes);
  registerLeadershipRoutes(app, deps.leadership);
  registerDashboardRoutes(app, deps.dashboard);
  registerImportRoutes(app, deps.imports);

  app.post('/api/delegations/:id/close', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return deps.delegations.close(principalOf(request), id, bodyOf(request));
  });
}
