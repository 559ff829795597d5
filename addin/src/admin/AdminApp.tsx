import { Button, Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import type { Http } from '../api/client';
import { CsvImport } from './CsvImport';
import { ProcessConfigs } from './ProcessConfigs';
import { RunningProcesses } from './RunningProcesses';
import { useAdminStyles } from './styles';

export interface AdminDeps {
  http: Http;
  initialAccountId: string;
}

/** The admin console: per account, its process configs and running processes; firm-wide, CSV imports. */
export function AdminApp({ http, initialAccountId }: AdminDeps) {
  const styles = useAdminStyles();
  const [draft, setDraft] = useState(initialAccountId);
  const [accountId, setAccountId] = useState(initialAccountId);
  const [runs, setRuns] = useState(0);
  return (
    <main className={styles.main}>
      <h1>Account Teams admin</h1>
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim()) setAccountId(draft.trim());
        }}
      >
        <Field label="Account id">
          <Input value={draft} onChange={(_event, data) => setDraft(data.value)} />
        </Field>
        <Button type="submit">Open account</Button>
      </form>
      <ProcessConfigs key={accountId} http={http} accountId={accountId} onRunStarted={() => setRuns((value) => value + 1)} />
      <RunningProcesses key={`running-${accountId}`} http={http} accountId={accountId} refresh={runs} />
      <CsvImport http={http} />
    </main>
  );
}
