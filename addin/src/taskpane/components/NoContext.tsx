import { Button, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { Suspense, useId, useState } from 'react';
import type { AccountSummary, AccountTeamsApi } from '../../api/account-teams-api';
import { displayName, type MailAddress } from '../../mail/message';
import { LinkContactForm } from '../actions/lazy';
import type { Notice } from '../useTaskpane';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBlock: tokens.spacingVerticalM },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

export interface NoContextProps {
  api: AccountTeamsApi;
  /** The sender to offer linking for; absent when nobody on the message can be linked (e.g. only colleagues). */
  sender?: MailAddress;
  /** The account the sender's domain already belongs to. */
  account?: AccountSummary;
  compact?: boolean;
  onLinked: (notice: Notice) => void;
}

/** Nobody on the message has account context: say so plainly and offer to link the sender. */
export function NoContext({ api, sender, account, compact, onLinked }: NoContextProps) {
  const styles = useStyles();
  const [linking, setLinking] = useState(false);
  const headingId = useId();
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Text as={compact ? 'h2' : 'h1'} id={headingId} size={compact ? 400 : 500} weight="semibold" className={styles.heading}>
        {account ? `${sender ? displayName(sender) : 'The sender'} isn’t a contact yet` : 'No account context'}
      </Text>
      <Text className={styles.muted}>
        {account
          ? `The address belongs to ${account.name}, but not to a known contact.`
          : sender
            ? `${displayName(sender)} (${sender.email}) isn’t linked to an account you can see.`
            : 'Nobody on this message is linked to an account you can see.'}
      </Text>
      {sender &&
        (linking ? (
          <Suspense fallback={<ProgressBar aria-label="Loading the form" />}>
            <LinkContactForm api={api} address={sender} {...(account ? { account } : {})} onCancel={() => setLinking(false)} onDone={onLinked} />
          </Suspense>
        ) : (
          <div>
            <Button icon={<PersonAddRegular />} onClick={() => setLinking(true)}>
              Link to an account
            </Button>
          </div>
        ))}
    </section>
  );
}
