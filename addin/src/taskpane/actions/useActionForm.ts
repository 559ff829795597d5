import { useCallback, useState, type FormEvent } from 'react';
import { ApiError, errorMessage, type FieldIssue } from '../../api/client';

/**
 * Submission state of an action form: one request at a time, the server's error and its field issues
 * kept for display, nothing changed locally on failure (the server changed nothing either).
 */
export function useActionForm(submit: () => Promise<void>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; issues: FieldIssue[] }>();

  const onSubmit = useCallback(
    async (event?: FormEvent) => {
      event?.preventDefault();
      if (submitting) return;
      setSubmitting(true);
      setError(undefined);
      try {
        await submit();
      } catch (caught) {
        setError({ message: errorMessage(caught), issues: caught instanceof ApiError ? caught.issues : [] });
      } finally {
        setSubmitting(false);
      }
    },
    [submit, submitting],
  );

  /** The server's complaint about one field, for its Field's validationMessage. */
  const issueFor = (path: string) => error?.issues.find((issue) => issue.path === path || issue.path.endsWith(`.${path}`))?.message;

  return { submitting, error, onSubmit, issueFor };
}
