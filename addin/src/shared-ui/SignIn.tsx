import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { saveLocalToken } from '../auth/token';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '32rem' },
});

/** Local mode's sign-in: paste a token from `npm run token -- <email>`; the page then reloads its data. */
export function SignIn({ what, onSignedIn }: { what: string; onSignedIn: () => void }) {
  const styles = useStyles();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        try {
          saveLocalToken(value);
          setProblem(undefined);
          onSignedIn();
        } catch (error) {
          setProblem(errorMessage(error));
        }
      }}
    >
      <h1>Sign in</h1>
      <p>Sign in to see {what}. Paste a token from <code>npm run token -- you@firm.example</code>.</p>
      <Field label="Token" validationMessage={problem}>
        <Input value={value} onChange={(_event, data) => setValue(data.value)} />
      </Field>
      <Button type="submit" appearance="primary">
        Sign in
      </Button>
    </form>
  );
}
