import { Field, Input, Radio, RadioGroup, Select, Textarea } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { Sentiment } from '../../api/account-teams-api';
import { displayName } from '../../mail/message';
import { ActionDialogShell } from './ActionDialog';
import { newRequestId } from '../../shared/ids';
import type { ActionDialogProps } from './types';
import { useActionForm } from './useActionForm';

/** Log progress from this email: the subject as the summary, a goal (and its new value) if one fits, good news or an issue. */
export default function LogProgressDialog({ open, api, message, entry, onClose, onDone }: ActionDialogProps) {
  const { context } = entry;
  const [requestId] = useState(newRequestId);
  const [summary, setSummary] = useState(() => message.subject || `Update from ${displayName(entry.address)}`);
  const [goalId, setGoalId] = useState('');
  const [value, setValue] = useState('');
  const [sentiment, setSentiment] = useState<Sentiment>('good');
  const goal = context.goals.find((candidate) => candidate.id === goalId);
  const number = value.trim() === '' ? undefined : Number(value);
  const valueProblem = number !== undefined && !Number.isFinite(number) ? 'Enter a number, or leave it empty.' : undefined;

  const submit = useCallback(async () => {
    await api.logProgress(context.account.id, {
      id: requestId,
      summary: summary.trim(),
      ...(goal ? { goalId: goal.id } : {}),
      ...(goal && number !== undefined ? { value: number } : {}),
      sentiment,
      source: { kind: 'email', reference: message.reference ?? message.subject },
    });
    onDone({ intent: 'success', title: 'Progress logged', text: `On ${context.account.name}${goal ? `, goal “${goal.title}”` : ''}.` });
  }, [api, context, goal, message, number, onDone, requestId, sentiment, summary]);
  const form = useActionForm(submit);

  return (
    <ActionDialogShell open={open} title="Log progress" submitLabel="Log progress" {...form} canSubmit={summary.trim().length > 0 && !valueProblem} onClose={onClose}>
      <Field label="What happened" required validationMessage={form.issueFor('summary')}>
        <Textarea value={summary} onChange={(_, data) => setSummary(data.value)} resize="vertical" />
      </Field>
      <Field label="Goal" validationMessage={form.issueFor('goalId')}>
        <Select value={goalId} onChange={(_, data) => setGoalId(data.value)}>
          <option value="">The account in general</option>
          {context.goals.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.title}
            </option>
          ))}
        </Select>
      </Field>
      {goal && (
        <Field
          label={`New ${goal.metric}${goal.unit ? ` (${goal.unit})` : ''}`}
          hint={`Target ${goal.target}${goal.unit}${goal.latestProgress?.value !== undefined ? `, last ${goal.latestProgress.value}${goal.unit}` : ''}. Leave empty if this news does not measure it.`}
          validationMessage={valueProblem ?? form.issueFor('value')}
        >
          <Input inputMode="decimal" value={value} onChange={(_, data) => setValue(data.value)} />
        </Field>
      )}
      <Field label="Kind of news">
        <RadioGroup value={sentiment} onChange={(_, data) => setSentiment(data.value as Sentiment)}>
          <Radio value="good" label="Good news" />
          <Radio value="neutral" label="Neutral" />
          <Radio value="issue" label="An issue" />
        </RadioGroup>
      </Field>
    </ActionDialogShell>
  );
}
