import type { FastifyInstance } from 'fastify';
import type { DashboardService } from '../../../core/services/dashboard-service';
import { parseOrThrow } from '../../../core/validation';
import { principalOf } from './authenticate';
import { AccountParam } from './request';

/** The leadership dashboard of one account (the Teams tab): GET /api/accounts/:accountId/dashboard. */
export function registerDashboardRoutes(app: FastifyInstance, dashboard: DashboardService) {
  app.get('/api/accounts/:accountId/dashboard', async (request) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    return dashboard.dashboard(principalOf(request), accountId);
  });
}
