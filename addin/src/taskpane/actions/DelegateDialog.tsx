import { Field, Input, MessageBar, MessageBarBody, Select, Textarea } from '@fluentui/react-components';
import { useCallback, useMemo, useState } from 'react';
import { displayName } from '../../mail/message';
import { formatDate, isoDateInDays } from '../../shared/time';
import { newRequestId } from '../../shared/ids';
import { ActionDialogShell } from './ActionDialog';
import type { ActionDialogProps } from './types';
import { useActionForm } from './useActionForm';

/** Delegate a task from this email to someone on the account team; the server starts its weekly follow-up. */
export default function DelegateDialog({ open, api, me, message, entry, now, onClose, onDone }: ActionDialogProps) {
  const { context } = entry;
  const candidates = useMemo(
    () => [
      ...context.accountTeam.map((member) => ({ id: member.person.id, name: member.person.name, role: member.role })),
      ...context.leadershipTeam.map((member) => ({ id: member.person.id, name: member.person.name, role: `co-leader, ${member.remit}` })),
    ].filter((candidate, index, all) => candidate.id !== me.personId && all.findIndex((other) => other.id === candidate.id) === index),
    [context, me.personId],
  );
  const isMember = context.accountTeam.some((member) => member.person.id === me.personId) || context.leadershipTeam.some((member) => member.person.id === me.personId);
  // One id per dialog: a retried submit converges on one delegation and one follow-up.
  const [requestId] = useState(newRequestId);
  const [delegateId, setDelegateId] = useState(() => candidates[0]?.id ?? '');
  const [objective, setObjective] = useState(() => message.subject || `Follow up with ${displayName(entry.address)}`);
  const [dueDate, setDueDate] = useState(() => isoDateInDays(now, 7));

  const submit = useCallback(async () => {
    const delegation = await api.delegate({ id: requestId, accountId: context.account.id, delegateId, objective: objective.trim(), dueDate });
    const delegate = candidates.find((candidate) => candidate.id === delegation.delegateId)?.name ?? delegation.delegateId;
    onDone({ intent: 'success', title: `Delegated to ${delegate}`, text: `Due ${formatDate(delegation.dueDate)}. Weekly check-ins have started.` });
  }, [api, candidates, context.account.id, delegateId, dueDate, objective, onDone, requestId]);
  const form = useActionForm(submit);

  return (
    <ActionDialogShell open={open} title="Delegate a task" submitLabel="Delegate" {...form} canSubmit={isMember && Boolean(delegateId) && objective.trim().length > 0 && Boolean(dueDate)} onClose={onClose}>
      {!isMember && (
        <MessageBar intent="warning">
          <MessageBarBody>Only members of the {context.account.name} team can delegate on this account.</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Delegate to" required validationMessage={form.issueFor('delegateId')}>
        <Select value={delegateId} onChange={(_, data) => setDelegateId(data.value)}>
          {candidates.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name} — {candidate.role}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Task" required validationMessage={form.issueFor('objective')}>
        <Textarea value={objective} onChange={(_, data) => setObjective(data.value)} resize="vertical" />
      </Field>
      <Field label="Due date" required validationMessage={form.issueFor('dueDate')} hint="Check-ins every week until it is done.">
        <Input type="date" value={dueDate} min={isoDateInDays(now, 0)} onChange={(_, data) => setDueDate(data.value)} />
      </Field>
    </ActionDialogShell>
  );
}
