import { useCallback, useState } from 'react';
import { errorMessage, type Http } from '../api/client';
import { useAdminStyles } from './styles';
import { usePolling } from './usePolling';

interface RunningProcess {
  workflowId: string;
  type: string;
  startTime: string;
  kind?: string;
}

/** How often the running processes are asked for while the console is open. */
export const PROCESS_POLL_MS = 3000;

/** The account's running processes, polled; `refresh` changing (a run was just started) asks at once. */
export function RunningProcesses({ http, accountId, refresh }: { http: Http; accountId: string; refresh: number }) {
  const styles = useAdminStyles();
  const [processes, setProcesses] = useState<RunningProcess[]>();
  const [problem, setProblem] = useState<string>();
  const poll = useCallback(
    async (live: () => boolean) => {
      try {
        const answer = await http.get<{ processes: RunningProcess[] }>(`/api/accounts/${encodeURIComponent(accountId)}/processes`);
        if (!live()) return;
        setProcesses(answer.processes);
        setProblem(undefined);
      } catch (error) {
        if (live()) setProblem(errorMessage(error));
      }
    },
    [http, accountId],
  );
  usePolling(poll, PROCESS_POLL_MS, { restartKey: refresh });
  return (
    <section className={styles.card} aria-labelledby="running-heading">
      <h2 id="running-heading">Running processes</h2>
      <div aria-live="polite">
        {problem && <p className={styles.error}>{problem}</p>}
        {processes === undefined && !problem && <p className={styles.muted}>Checking…</p>}
        {processes?.length === 0 && <p className={styles.muted}>Nothing running on {accountId} right now.</p>}
        {processes && processes.length > 0 && (
          <ul className={styles.list} aria-label="Running processes">
            {processes.map((process) => (
              <li key={process.workflowId}>
                <strong>{process.kind ?? process.type}</strong> · started {new Date(process.startTime).toLocaleString('en-GB')} · <code>{process.workflowId}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
