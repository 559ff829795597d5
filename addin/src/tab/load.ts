import type { LeadershipDashboard } from '../../../core/services/dashboard-service';
import type { Http } from '../shared-ui/http';

export type { LeadershipDashboard };

/** The demo firm's first account: the default when the tab's URL names none. */
export const DEFAULT_ACCOUNT_ID = 'northwind';

export function accountIdFromUrl(location: Location = window.location): string {
  const id = new URLSearchParams(location.search).get('accountId')?.trim();
  return id || DEFAULT_ACCOUNT_ID;
}

export const dashboardPath = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}/dashboard`;

export function startDashboardLoad(http: Http, accountId: string): Promise<LeadershipDashboard> {
  const load = http.get<LeadershipDashboard>(dashboardPath(accountId));
  // Handled by whoever awaits it; this keeps an early failure from being reported as unhandled.
  load.catch(() => undefined);
  return load;
}
