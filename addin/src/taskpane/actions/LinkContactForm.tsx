import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { AccountSummary, AccountTeamsApi } from '../../api/account-teams-api';
import { errorMessage } from '../../api/client';
import type { MailAddress } from '../../mail/message';
import type { Notice } from '../useTaskpane';
import { useActionForm } from './useActionForm';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export interface LinkContactFormProps {
  api: AccountTeamsApi;
  address: MailAddress;
  /** The account the sender's domain already points at, if any: then it is the only choice. */
  account?: AccountSummary;
  onCancel: () => void;
  onDone: (notice: Notice) => void;
}

function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

type AccountChoices = { status: 'loading' } | { status: 'ready'; accounts: AccountSummary[] } | { status: 'unavailable'; reason: string };

/** Links an unknown sender to a client account as a new contact: name from the message, account chosen in one click. */
export default function LinkContactForm({ api, address, account, onCancel, onDone }: LinkContactFormProps) {
  const styles = useStyles();
  const [choices, setChoices] = useState<AccountChoices>(() => (account ? { status: 'ready', accounts: [account] } : { status: 'loading' }));
  const [accountId, setAccountId] = useState(account?.id ?? '');
  const [name, setName] = useState(address.name ?? '');
  const [title, setTitle] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);

  useEffect(() => {
    if (account) return;
    let live = true;
    api.accounts().then(
      (accounts) => {
        if (!live) return;
        setChoices({ status: 'ready', accounts });
        setAccountId((current) => current || accounts[0]?.id || '');
      },
      (error: unknown) => live && setChoices({ status: 'unavailable', reason: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [account, api]);

  const submit = useCallback(async () => {
    await api.linkContact(accountId.trim(), { email: address.email, name: name.trim(), ...(title.trim() ? { title: title.trim() } : {}), timeZone: timeZone.trim() });
    const accountName = choices.status === 'ready' ? choices.accounts.find((candidate) => candidate.id === accountId)?.name : undefined;
    onDone({ intent: 'success', title: `${name.trim()} linked`, text: `Now a contact on ${accountName ?? accountId}.` });
  }, [accountId, address.email, api, choices, name, onDone, timeZone, title]);
  const form = useActionForm(submit);
  const canSubmit = Boolean(accountId.trim() && name.trim() && timeZone.trim());

  return (
    <form className={styles.form} onSubmit={form.onSubmit} aria-label="Link this sender to an account" noValidate>
      {form.error && (
        <MessageBar intent="error">
          <MessageBarBody>{form.error.message}</MessageBarBody>
        </MessageBar>
      )}
      <Text>
        Link <strong>{address.email}</strong> as a contact:
      </Text>
      <Field label="Name" required validationMessage={form.issueFor('name')}>
        <Input value={name} onChange={(_, data) => setName(data.value)} />
      </Field>
      {choices.status === 'loading' && <Spinner size="tiny" label="Loading accounts…" />}
      {choices.status === 'ready' && (
        <Field label="Account" required validationMessage={form.issueFor('accountId')}>
          <Select value={accountId} onChange={(_, data) => setAccountId(data.value)} disabled={Boolean(account)}>
            {choices.accounts.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {choices.status === 'unavailable' && (
        <>
          <MessageBar intent="warning">
            <MessageBarBody>The list of accounts could not be loaded ({choices.reason}). Enter the account’s id instead.</MessageBarBody>
          </MessageBar>
          <Field label="Account id" required validationMessage={form.issueFor('accountId')}>
            <Input value={accountId} onChange={(_, data) => setAccountId(data.value)} />
          </Field>
        </>
      )}
      <Field label="Title" validationMessage={form.issueFor('title')} hint="Optional, e.g. Chief Financial Officer">
        <Input value={title} onChange={(_, data) => setTitle(data.value)} />
      </Field>
      <Field label="Their time zone" required validationMessage={form.issueFor('timeZone')} hint="IANA name, e.g. America/Chicago: used for their local time and quiet hours">
        <Input value={timeZone} onChange={(_, data) => setTimeZone(data.value)} />
      </Field>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={!canSubmit || form.submitting}>
          Link contact
        </Button>
        <Button appearance="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
