import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { localClock, offsetMinutesOf } from '../../shared/time';
import type { ContextEntry } from '../load-pane';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBlock: tokens.spacingVerticalS } });

/** Compose mode: every recipient who is inside their quiet hours right now, and when they tune in again. */
export function ComposeWarnings({ entries, now }: { entries: ContextEntry[]; now: Date }) {
  const styles = useStyles();
  const quiet = entries.flatMap((entry) => {
    const contact = entry.context.contact;
    if (!contact) return [];
    const clock = localClock(contact.preferences.quietHours, contact.clock.timeZone, now, offsetMinutesOf(contact.clock.localTime));
    return clock.inQuietHours ? [{ contact, clock }] : [];
  });
  if (quiet.length === 0) return null;
  return (
    <div className={styles.root}>
      {quiet.map(({ contact, clock }) => (
        <MessageBar key={contact.id} intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{contact.name} is in quiet hours</MessageBarTitle>
            It is {clock.time} for them ({clock.timeZone}); quiet until {clock.window?.end}.{clock.window?.note ? ` ${clock.window.note}.` : ''} Consider scheduling this message.
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}
