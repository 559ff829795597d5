import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { saveLocalToken } from '../../auth/token';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBlock: tokens.spacingVerticalM },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalXS },
});

/**
 * Signed out. Locally a token comes from `npm run token -- <email>` (or `?token=` in the address); with
 * Entra ID single sign-on this panel is replaced by the silent token request in src/auth/.
 */
export default function SignInPanel({ reason, onSignedIn }: { reason?: string; onSignedIn: () => void }) {
  const styles = useStyles();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      saveLocalToken(token);
      onSignedIn();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <form className={styles.root} onSubmit={submit} aria-label="Sign in" noValidate>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Sign in to see account context</MessageBarTitle>
          {reason ?? 'No sign-in token yet.'}
        </MessageBarBody>
      </MessageBar>
      <Text>
        Locally, run <span className={styles.code}>npm run token -- you@your-firm</span> and paste the token here, or open this page with{' '}
        <span className={styles.code}>?token=…</span>.
      </Text>
      <Field label="Token" validationMessage={problem}>
        <Input type="password" value={token} onChange={(_, data) => setToken(data.value)} autoComplete="off" />
      </Field>
      <Button type="submit" appearance="primary" disabled={!token.trim()}>
        Sign in
      </Button>
    </form>
  );
}
