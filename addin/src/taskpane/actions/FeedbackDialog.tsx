import { Checkbox, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useCallback, useMemo, useState } from 'react';
import { localDateTimeInDays } from '../../shared/time';
import { newRequestId } from '../../shared/ids';
import { ActionDialogShell } from './ActionDialog';
import type { ActionDialogProps } from './types';
import { useActionForm } from './useActionForm';

const useStyles = makeStyles({
  peers: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, border: 'none', margin: 0, padding: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** Ask co-leaders for a critique of a named event: they are warned before it and asked the two questions after. */
export default function FeedbackDialog({ open, api, me, message, entry, now, onClose, onDone }: ActionDialogProps) {
  const styles = useStyles();
  const { context } = entry;
  const peers = useMemo(() => context.leadershipTeam.map((member) => member.person).filter((person) => person.id !== me.personId), [context, me.personId]);
  const [requestId] = useState(newRequestId);
  const [peerIds, setPeerIds] = useState<string[]>(() => peers.map((peer) => peer.id));
  const [event, setEvent] = useState(() => message.subject || `Meeting with ${entry.context.contact?.name ?? context.account.name}`);
  const [eventAt, setEventAt] = useState(() => localDateTimeInDays(now, 1, '09:00'));

  const submit = useCallback(async () => {
    const at = new Date(eventAt);
    if (Number.isNaN(at.getTime())) throw new Error('Choose when the event takes place.');
    await api.requestFeedback({ id: requestId, accountId: context.account.id, peerIds, event: event.trim(), eventAt: at.toISOString() });
    onDone({ intent: 'success', title: 'Feedback requested', text: `${peerIds.length} peer${peerIds.length === 1 ? '' : 's'} will be warned before “${event.trim()}” and asked afterwards.` });
  }, [api, context.account.id, event, eventAt, onDone, peerIds, requestId]);
  const form = useActionForm(submit);
  const toggle = (id: string, checked: boolean) => setPeerIds((current) => (checked ? [...current, id] : current.filter((peerId) => peerId !== id)));

  return (
    <ActionDialogShell open={open} title="Request feedback" submitLabel="Request feedback" {...form} canSubmit={peerIds.length > 0 && event.trim().length > 0 && Boolean(eventAt)} onClose={onClose}>
      <Field label="Event" required validationMessage={form.issueFor('event')} hint="e.g. the pitch meeting or the Board presentation">
        <Input value={event} onChange={(_, data) => setEvent(data.value)} />
      </Field>
      <Field label="When" required validationMessage={form.issueFor('eventAt')}>
        <Input type="datetime-local" value={eventAt} onChange={(_, data) => setEventAt(data.value)} />
      </Field>
      <fieldset className={styles.peers}>
        <legend>
          <Text weight="semibold">Ask</Text>
        </legend>
        {peers.length === 0 ? (
          <Text className={styles.muted}>No co-leaders on this account to ask.</Text>
        ) : (
          peers.map((peer) => <Checkbox key={peer.id} label={`${peer.name} (${peer.practice})`} checked={peerIds.includes(peer.id)} onChange={(_, data) => toggle(peer.id, Boolean(data.checked))} />)
        )}
        {form.issueFor('peerIds') && (
          <Text role="alert" size={200}>
            {form.issueFor('peerIds')}
          </Text>
        )}
      </fieldset>
    </ActionDialogShell>
  );
}
