import { Button, Field, MessageBar, MessageBarBody, ProgressBar, Select } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { ImportProgress } from '../../../core/domain/import-job';
import { ApiError, errorMessage, type FieldIssue, type Http } from '../api/client';
import { useAdminStyles } from './styles';
import { usePolling } from './usePolling';

type ImportKind = ImportProgress['kind'];

const KINDS: { value: ImportKind; label: string }[] = [
  { value: 'accounts', label: 'Accounts' },
  { value: 'contacts', label: 'Contacts' },
  { value: 'roster', label: 'Account-team roster' },
];

/** How often a running import's progress is asked for. */
export const IMPORT_POLL_MS = 500;

interface Started {
  jobId: string;
  valid: number;
  invalid: number;
  progress: ImportProgress;
}

const finished = (progress: ImportProgress) => progress.phase === 'done' || progress.phase === 'failed';

export function percentDone(progress: ImportProgress): number {
  if (progress.phase === 'done') return 100;
  if (progress.total === 0) return 0;
  return Math.min(100, Math.round((progress.processed / progress.total) * 100));
}

/** CSV import: kind, file, a progress bar while the import workflow runs, then the counts and row errors. */
export function CsvImport({ http }: { http: Http }) {
  const styles = useAdminStyles();
  const [kind, setKind] = useState<ImportKind>('contacts');
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<ImportProgress>();
  const [problem, setProblem] = useState<{ message: string; issues: FieldIssue[] }>();
  const [busy, setBusy] = useState(false);

  const jobId = progress && !finished(progress) ? progress.jobId : undefined;
  const poll = useCallback(
    async (live: () => boolean) => {
      if (!jobId) return;
      try {
        const next = await http.get<ImportProgress>(`/api/imports/${encodeURIComponent(jobId)}`);
        if (live()) setProgress(next);
      } catch (error) {
        if (live()) setProblem({ message: errorMessage(error), issues: [] });
      }
    },
    [http, jobId],
  );
  // The start request answered with the first progress: the next is asked for one interval later.
  usePolling(poll, IMPORT_POLL_MS, { enabled: jobId !== undefined, immediate: false });

  const start = async () => {
    if (!file) {
      setProblem({ message: 'Choose a CSV file first.', issues: [] });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setProgress(undefined);
    try {
      const csv = await file.text();
      const answer = await http.request<Started>('POST', '/api/imports', { body: { kind, csv } });
      setProgress(answer.body.progress);
    } catch (error) {
      setProblem({ message: errorMessage(error), issues: error instanceof ApiError ? error.issues : [] });
    } finally {
      setBusy(false);
    }
  };

  const percent = progress ? percentDone(progress) : 0;
  return (
    <section className={styles.card} aria-labelledby="import-heading">
      <h2 id="import-heading">CSV import</h2>
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <Field label="What the file holds">
          <Select value={kind} onChange={(_event, data) => setKind(data.value as ImportKind)}>
            {KINDS.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {entry.label}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.stack}>
          <label htmlFor="csv-file">CSV file</label>
          <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(event) => setFile(event.target.files?.[0])} />
        </div>
        <Button type="submit" appearance="primary" disabled={busy || Boolean(jobId)}>
          Import
        </Button>
      </form>

      {problem && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {problem.message}
            {problem.issues.length > 0 && (
              <ul>
                {problem.issues.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}

      {progress && (
        <div className={styles.stack}>
          <Field label={`Import ${progress.jobId}`} validationState="none" hint={`${progress.processed} of ${progress.total} rows · ${percent}% · ${progress.phase}`}>
            <ProgressBar value={percent} max={100} thickness="large" color={progress.phase === 'failed' ? 'error' : progress.failed > 0 ? 'warning' : 'success'} />
          </Field>
          <p role="status" data-testid="import-summary">
            {finished(progress)
              ? `${progress.phase === 'failed' ? 'Import failed' : 'Import finished'}: ${progress.created} created, ${progress.updated} updated, ${progress.unchanged} unchanged, ${progress.failed} failed.`
              : 'Importing…'}
          </p>
          {progress.errors.length > 0 && (
            <table className={styles.table} aria-label="Row errors">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {progress.errors.map((error, index) => (
                  <tr key={`${error.line}-${error.column ?? ''}-${index}`}>
                    <td>{error.line}</td>
                    <td>{error.column ?? '—'}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
