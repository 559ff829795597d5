import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage, type Http } from '../api/client';
import { dashboardPath, type LeadershipDashboard } from './load';

export type DashboardState =
  | { status: 'loading' }
  | { status: 'ready'; dashboard: LeadershipDashboard }
  | { status: 'signed-out' }
  | { status: 'error'; message: string };

/** The dashboard's state: the first load (started by the entry), then reloads on demand. */
export function useDashboard(http: Http, accountId: string, firstLoad: Promise<LeadershipDashboard>) {
  const [state, setState] = useState<DashboardState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const load = attempt === 0 ? firstLoad : http.get<LeadershipDashboard>(dashboardPath(accountId));
    load.then(
      (dashboard) => live && setState({ status: 'ready', dashboard }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.isUnauthenticated) setState({ status: 'signed-out' });
        else setState({ status: 'error', message: errorMessage(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [http, accountId, firstLoad, attempt]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((value) => value + 1);
  }, []);
  return { state, reload };
}
