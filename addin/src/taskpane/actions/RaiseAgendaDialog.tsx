import { Field, Input, Select, Textarea } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { AgendaItemKind } from '../../api/account-teams-api';
import { displayName } from '../../mail/message';
import { KIND_LABELS } from '../../shared/labels';
import { formatDateTime } from '../../shared/time';
import { newRequestId } from '../../shared/ids';
import { ActionDialogShell } from './ActionDialog';
import type { ActionDialogProps } from './types';
import { useActionForm } from './useActionForm';

/** Raise this email for the leadership agenda: its subject as the title, where it came from as the detail. */
export default function RaiseAgendaDialog({ open, api, message, entry, onClose, onDone }: ActionDialogProps) {
  const { context } = entry;
  const [title, setTitle] = useState(() => message.subject || `Follow up with ${displayName(entry.address)}`);
  const [kind, setKind] = useState<AgendaItemKind>('update');
  const [detail, setDetail] = useState(() => `Raised from an email ${message.mode === 'read' ? 'from' : 'to'} ${displayName(entry.address)}${message.subject ? `: “${message.subject}”` : ''}.`);
  const meeting = context.nextMeeting;
  const [requestId] = useState(newRequestId);

  const submit = useCallback(async () => {
    const raised = await api.raiseAgendaItem(context.account.id, { id: requestId, title: title.trim(), kind, ...(detail.trim() ? { detail: detail.trim() } : {}) });
    const fallback = meeting ? `For ${meeting.title}, ${formatDateTime(meeting.scheduledAt)}.` : `On ${context.account.name}.`;
    onDone({ intent: 'success', title: 'Raised for the leadership agenda', text: raised?.message || fallback });
  }, [api, context, detail, kind, meeting, onDone, requestId, title]);
  const form = useActionForm(submit);

  return (
    <ActionDialogShell open={open} title="Raise for the leadership agenda" submitLabel="Raise" {...form} canSubmit={title.trim().length > 0} onClose={onClose}>
      <Field label="Title" required validationMessage={form.issueFor('title')} hint={meeting ? `Next meeting: ${meeting.title}, ${formatDateTime(meeting.scheduledAt)}` : undefined}>
        <Input value={title} onChange={(_, data) => setTitle(data.value)} />
      </Field>
      <Field label="Kind" validationMessage={form.issueFor('kind')}>
        <Select value={kind} onChange={(_, data) => setKind(data.value as AgendaItemKind)}>
          {(Object.keys(KIND_LABELS) as AgendaItemKind[]).map((value) => (
            <option key={value} value={value}>
              {KIND_LABELS[value]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Detail" validationMessage={form.issueFor('detail')}>
        <Textarea value={detail} onChange={(_, data) => setDetail(data.value)} resize="vertical" />
      </Field>
    </ActionDialogShell>
  );
}
