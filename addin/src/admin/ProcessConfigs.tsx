import { Badge, Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Select, Textarea } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage, type FieldIssue, type Http } from '../api/client';
import { newRequestId } from '../shared/ids';
import { emptyForm, formOf, isScheduledKind, issuesByField, PROCESS_KINDS, requestOf, type ConfigForm, type FormField, type ProcessConfig } from './config-form';
import { useAdminStyles } from './styles';

interface Stored {
  config: ProcessConfig;
  etag: string;
}

interface Preview {
  scheduled: boolean;
  timeZone?: string;
  nextRuns: string[];
}

type Notice = { intent: 'success' | 'error' | 'info'; text: string };

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const newId = () => `config-${newRequestId()}`;

/** State and calls of the configs panel: list, the form being edited, its inline errors, preview and actions. */
function useProcessConfigs(http: Http, accountId: string, onRunStarted: () => void) {
  const [items, setItems] = useState<Stored[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [form, setForm] = useState<ConfigForm>(() => emptyForm(newId()));
  const [errors, setErrors] = useState<{ fields: Partial<Record<FormField, string>>; other: FieldIssue[] }>({ fields: {}, other: [] });
  const [notice, setNotice] = useState<Notice>();
  const [preview, setPreview] = useState<Preview>();
  const [busy, setBusy] = useState(false);

  const base = `/api/accounts/${encodeURIComponent(accountId)}`;
  const refresh = useCallback(async () => {
    const answer = await http.get<{ items: Stored[] }>(`${base}/process-configs`);
    setItems(answer.items);
    return answer.items;
  }, [http, base]);

  useEffect(() => {
    let live = true;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the first load: refresh() sets state only once its request has answered
    refresh().catch((error: unknown) => live && setNotice({ intent: 'error', text: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [refresh]);

  const loadPreview = useCallback(
    async (id: string) => {
      try {
        setPreview(await http.get<Preview>(`/api/process-configs/${encodeURIComponent(id)}/preview`));
      } catch (error) {
        setNotice({ intent: 'error', text: `The preview could not load: ${errorMessage(error)}` });
      }
    },
    [http],
  );

  const select = (stored: Stored | undefined) => {
    setSelected(stored?.config.id);
    setForm(stored ? formOf(stored.config) : emptyForm(newId()));
    setErrors({ fields: {}, other: [] });
    setNotice(undefined);
    setPreview(undefined);
    if (stored) void loadPreview(stored.config.id);
  };

  const update = <K extends keyof ConfigForm>(field: K, value: ConfigForm[K]) => setForm((current) => ({ ...current, [field]: value }));

  const save = async () => {
    setBusy(true);
    setNotice(undefined);
    try {
      const existing = items.find((item) => item.config.id === form.id);
      const written = existing
        ? await http.request<Stored>('PUT', `/api/process-configs/${encodeURIComponent(form.id)}`, { body: requestOf(form), ifMatch: existing.etag })
        : await http.request<Stored>('POST', '/api/process-configs', { body: { id: form.id, accountId, ...requestOf(form) } });
      setErrors({ fields: {}, other: [] });
      setSelected(written.body.config.id);
      setNotice({ intent: 'success', text: `Saved “${written.body.config.name}”.` });
      await refresh();
      await loadPreview(written.body.config.id);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        setErrors(issuesByField(error.issues));
        setNotice({ intent: 'error', text: 'Not saved: fix the fields marked below.' });
      } else if (error instanceof ApiError && error.status === 409) {
        setNotice({ intent: 'error', text: `Not saved: someone changed this config meanwhile (${error.message}). Reopen it and try again.` });
        await refresh().catch(() => undefined);
      } else {
        setNotice({ intent: 'error', text: `Not saved: ${errorMessage(error)}` });
      }
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: 'pause' | 'resume' | 'run') => {
    if (!selected) return;
    setBusy(true);
    try {
      await http.request<{ triggeredAt?: string }>('POST', `/api/process-configs/${encodeURIComponent(selected)}/${action}`);
      if (action === 'run') {
        setNotice({ intent: 'success', text: 'Run started. It shows under Running processes while it runs.' });
        onRunStarted();
      } else {
        setNotice({ intent: 'success', text: action === 'pause' ? 'Paused: no runs until it is resumed.' : 'Resumed: runs follow the cadence again.' });
      }
      await refresh();
      await loadPreview(selected);
    } catch (error) {
      setNotice({ intent: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const current = items.find((item) => item.config.id === selected);
  return { items, selected, current, form, errors, notice, preview, busy, select, update, save, act };
}

const runFormat = (timeZone: string | undefined) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) });

export function ProcessConfigs({ http, accountId, onRunStarted }: { http: Http; accountId: string; onRunStarted: () => void }) {
  const styles = useAdminStyles();
  const state = useProcessConfigs(http, accountId, onRunStarted);
  const { form, errors, update } = state;
  const scheduled = isScheduledKind(form.kind);
  const text = (field: Exclude<FormField, 'kind' | 'daysOfWeek' | 'questions'>, label: string, hint?: string) => (
    <Field label={label} validationMessage={errors.fields[field]} {...(hint ? { hint } : {})}>
      <Input value={form[field]} onChange={(_event, data) => update(field, data.value)} />
    </Field>
  );
  return (
    <section className={styles.card} aria-labelledby="configs-heading">
      <h2 id="configs-heading">Process configs on {accountId}</h2>
      <div className={styles.row}>
        <ul className={styles.list} aria-label="Process configs">
          {state.items.length === 0 && <li className={styles.muted}>No process configs yet.</li>}
          {state.items.map((item) => (
            <li key={item.config.id}>
              <Button appearance={item.config.id === state.selected ? 'primary' : 'secondary'} onClick={() => state.select(item)}>
                {item.config.name}
              </Button>{' '}
              {item.config.paused && <Badge color="warning">Paused</Badge>}
            </li>
          ))}
        </ul>
        <Button onClick={() => state.select(undefined)}>New config</Button>
      </div>

      {state.notice && (
        <MessageBar intent={state.notice.intent} role={state.notice.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{state.notice.text}</MessageBarBody>
        </MessageBar>
      )}

      <form
        className={styles.stack}
        aria-label={state.current ? `Edit ${state.current.config.name}` : 'New process config'}
        onSubmit={(event) => {
          event.preventDefault();
          void state.save();
        }}
      >
        <h3>{state.current ? `Edit “${state.current.config.name}”` : 'New process config'}</h3>
        {errors.other.length > 0 && (
          <ul className={styles.error} aria-label="Other problems">
            {errors.other.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                {issue.path ? `${issue.path}: ` : ''}
                {issue.message}
              </li>
            ))}
          </ul>
        )}
        <div className={styles.grid}>
          {text('name', 'Name')}
          <Field label="Kind" validationMessage={errors.fields.kind}>
            <Select value={form.kind} onChange={(_event, data) => update('kind', data.value as ConfigForm['kind'])}>
              {PROCESS_KINDS.map((kind) => (
                <option key={kind.value} value={kind.value}>
                  {kind.label}
                </option>
              ))}
            </Select>
          </Field>
          {text('participantIds', 'Participants', 'Person ids, separated by commas')}
        </div>
        {scheduled && (
          <fieldset className={styles.stack}>
            <legend>Cadence</legend>
            <div className={styles.grid}>
              {text('timeZone', 'Time zone', 'IANA zone, e.g. Europe/London')}
              {text('hour', 'Hour (0–23)')}
              {text('minute', 'Minute')}
              {text('everyNWeeks', 'Every N weeks')}
              {text('anchorDate', 'Anchor date (YYYY-MM-DD)')}
              {text('daysOfMonth', 'Days of month', 'e.g. 1, 15')}
            </div>
            <fieldset aria-describedby={errors.fields.daysOfWeek ? 'days-of-week-error' : undefined}>
              <legend>Days of week</legend>
              {WEEKDAYS.map((day, index) => (
                <Checkbox
                  key={day}
                  label={day}
                  checked={form.daysOfWeek.includes(index + 1)}
                  onChange={(_event, data) => update('daysOfWeek', data.checked ? [...form.daysOfWeek, index + 1].sort() : form.daysOfWeek.filter((value) => value !== index + 1))}
                />
              ))}
              {errors.fields.daysOfWeek && (
                <p id="days-of-week-error" className={styles.error}>
                  {errors.fields.daysOfWeek}
                </p>
              )}
            </fieldset>
          </fieldset>
        )}
        <div className={styles.grid}>
          {text('leadTimeDays', 'Lead time (days)')}
          {text('answerWindowDays', 'Answer window (days)')}
          {text('reminderAfterHours', 'Reminder after (hours)')}
          {text('escalateAfterHours', 'Escalate after (hours)')}
        </div>
        <Field label="Questions" hint="One a line" validationMessage={errors.fields.questions}>
          <Textarea value={form.questions} onChange={(_event, data) => update('questions', data.value)} />
        </Field>
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={state.busy}>
            Save
          </Button>
          {state.current && (
            <>
              {state.current.config.paused ? (
                <Button disabled={state.busy} onClick={() => void state.act('resume')}>
                  Resume
                </Button>
              ) : (
                <Button disabled={state.busy} onClick={() => void state.act('pause')}>
                  Pause
                </Button>
              )}
              <Button disabled={state.busy} onClick={() => void state.act('run')}>
                Run now
              </Button>
            </>
          )}
        </div>
      </form>

      {state.current && state.preview && (
        <section aria-labelledby="preview-heading">
          <h3 id="preview-heading">Next runs{state.preview.timeZone ? ` (${state.preview.timeZone})` : ''}</h3>
          {state.preview.scheduled ? (
            <ol aria-label="Next runs">
              {state.preview.nextRuns.map((run) => (
                <li key={run}>
                  <time dateTime={run}>{runFormat(state.preview?.timeZone).format(new Date(run))}</time>
                </li>
              ))}
            </ol>
          ) : (
            <p className={styles.muted}>Started by events, not on a calendar.</p>
          )}
        </section>
      )}
    </section>
  );
}
