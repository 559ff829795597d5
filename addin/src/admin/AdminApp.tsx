import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Http } from '../shared-ui/http';
import { CsvImport } from './CsvImport';
import { ProcessConfigs } from './ProcessConfigs';
import { RunningProcesses } from './RunningProcesses';

export interface AdminDeps {
  http: Http;
  initialAccountId: string;
}

export const useAdminStyles = makeStyles({
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, maxWidth: '72rem' },
  card: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM, backgroundColor: tokens.colorNeutralBackground1 },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))', gap: tokens.spacingHorizontalM },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  table: { borderCollapse: 'collapse', '& th, & td': { border: `1px solid ${tokens.colorNeutralStroke2}`, padding: tokens.spacingHorizontalXS, textAlign: 'left' } },
  error: { color: tokens.colorPaletteRedForeground1 },
});

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
