import { makeStyles, ProgressBar } from '@fluentui/react-components';
import { Suspense, useCallback, useEffect, useState } from 'react';
import type { AccountTeamsApi } from '../../api/account-teams-api';
import type { MailHost } from '../../mail/message';
import { ActionDialogs, ContactSwitcher, prefetchSecondaryViews } from '../actions/lazy';
import type { ActionKind } from '../actions/types';
import { contactKey, type PaneData } from '../load-pane';
import type { Notice } from '../useTaskpane';
import { ActionBar } from './ActionBar';
import { ComposeWarnings } from './ComposeWarnings';
import { ContactCard } from './ContactCard';
import { DelegationsSection, GoalsSection, LeadershipSection, NextMeetingSection, PreferencesSection, ResponsibilitiesSection, WhatMattersSection } from './ContextSections';
import { NoContext } from './NoContext';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column' },
  // Holds the switcher's place while its code loads, so the card below does not jump.
  switcherSlot: { minHeight: '32px' },
});

export interface ContextViewProps {
  api: AccountTeamsApi;
  host: MailHost;
  data: PaneData;
  now: Date;
  refreshing: boolean;
  onNotice: (notice: Notice | undefined) => void;
  onChanged: () => void;
}

/** State of the ready view: which contact is shown, which dialog is open, and the "On it" reply. */
function useContextView({ host, data, onNotice, onChanged }: ContextViewProps) {
  // The chosen contact by identity, so a refresh keeps it and another message falls back to its first contact.
  const [selectedKey, setSelectedKey] = useState<string>();
  // The dialog stays mounted after closing (open: false) so Fluent restores focus and un-hides the page;
  // every opening gets a new `seq`, i.e. a fresh form and a fresh request id.
  const [dialog, setDialog] = useState<{ kind: ActionKind; open: boolean; seq: number }>();
  const openAction = useCallback((kind: ActionKind) => setDialog((current) => ({ kind, open: true, seq: (current?.seq ?? 0) + 1 })), []);
  const closeAction = useCallback(() => setDialog((current) => current && { ...current, open: false }), []);
  const [replying, setReplying] = useState(false);
  const index = Math.max(0, data.contacts.findIndex((candidate) => contactKey(candidate) === selectedKey));
  const entry = data.contacts[index] ?? data.senderAccountOnly;
  const select = useCallback((position: number) => setSelectedKey(data.contacts[position] ? contactKey(data.contacts[position]) : undefined), [data.contacts]);
  useEffect(() => prefetchSecondaryViews(), []);

  const reply = useCallback(async () => {
    setReplying(true);
    try {
      await host.reply('On it.');
    } catch (error) {
      onNotice({ intent: 'error', title: 'Could not open the reply', text: (error as Error).message });
    } finally {
      setReplying(false);
    }
  }, [host, onNotice]);

  const done = useCallback(
    (notice: Notice) => {
      closeAction();
      onNotice(notice);
      onChanged();
    },
    [closeAction, onChanged, onNotice],
  );

  return { selected: index, select, entry, dialog, openAction, closeAction, replying, reply, done };
}

/** The ready pane: contact switcher, who they are, the actions, then the account's context section by section. */
export function ContextView(props: ContextViewProps) {
  const { api, data, now, refreshing } = props;
  const styles = useStyles();
  const state = useContextView(props);
  const { entry } = state;
  const Dialog = state.dialog ? ActionDialogs[state.dialog.kind] : undefined;
  const compose = data.message.mode === 'compose';

  return (
    <div className={styles.root}>
      {compose && <ComposeWarnings entries={data.contacts} now={now} />}
      {data.contacts.length > 1 && (
        <Suspense fallback={<div className={styles.switcherSlot} />}>
          <ContactSwitcher entries={data.contacts} selected={state.selected} onSelect={state.select} />
        </Suspense>
      )}
      {data.senderAccountOnly && (
        <NoContext api={api} sender={data.senderAccountOnly.address} account={data.senderAccountOnly.context.account} compact={data.contacts.length > 0} onLinked={state.done} />
      )}
      {data.unknownSender && data.contacts.length > 0 && <NoContext api={api} sender={data.unknownSender} compact onLinked={state.done} />}
      {entry && (
        <>
          {entry.context.contact && <ContactCard context={entry.context} contact={entry.context.contact} now={now} />}
          {refreshing && <ProgressBar aria-label="Updating" thickness="medium" />}
          <ActionBar canReply={!compose && data.message.from !== undefined} replying={state.replying} onReply={state.reply} onAction={state.openAction} onIntent={prefetchSecondaryViews} />
          {entry.context.contact && <PreferencesSection contact={entry.context.contact} />}
          {entry.context.contact && <WhatMattersSection contact={entry.context.contact} />}
          <LeadershipSection context={entry.context} />
          <ResponsibilitiesSection context={entry.context} />
          <GoalsSection context={entry.context} />
          <DelegationsSection context={entry.context} />
          <NextMeetingSection context={entry.context} />
          {Dialog && state.dialog && (
            <Suspense fallback={<ProgressBar aria-label="Opening" />}>
              <Dialog key={state.dialog.seq} open={state.dialog.open} api={api} me={data.me} message={data.message} entry={entry} now={now} onClose={state.closeAction} onDone={state.done} />
            </Suspense>
          )}
        </>
      )}
    </div>
  );
}
