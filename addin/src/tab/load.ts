import type { LeadershipDashboard } from '../../../core/services/dashboard-service';
import type { Http } from '../api/client';

export type { LeadershipDashboard };

export const dashboardPath = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}/dashboard`;

export function startDashboardLoad(http: Http, accountId: string): Promise<LeadershipDashboard> {
  const load = http.get<LeadershipDashboard>(dashboardPath(accountId));
  // Handled by whoever awaits it; this keeps an early failure from being reported as unhandled.
  load.catch(() => undefined);
  return load;
}
