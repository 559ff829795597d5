import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, ProgressBar, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { Suspense, useEffect } from 'react';
import { markOnce } from '../shared/perf';
import { useNow } from '../shared/useNow';
import { PreviewPicker, SignInPanel } from './actions/lazy';
import { ContextSkeleton } from './components/ContextSkeleton';
import { ContextView } from './components/ContextView';
import { ErrorState } from './components/ErrorState';
import { NoContext } from './components/NoContext';
import { useTaskpane, type TaskpaneDeps } from './useTaskpane';

const useStyles = makeStyles({
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`, maxWidth: '40rem' },
  visuallyHidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

/** The Outlook taskpane: the account-team context of the people on the open message, and one-click actions. */
export function TaskpaneApp(deps: TaskpaneDeps) {
  const styles = useStyles();
  const pane = useTaskpane(deps);
  const now = useNow(pane.now);
  const { state } = pane;

  useEffect(() => markOnce('ui-first-commit'), []);
  useEffect(() => {
    if (state.status === 'ready') markOnce('context-rendered');
  }, [state.status]);

  return (
    <>
      {pane.hostKind === 'preview' && (
        <Suspense fallback={null}>
          <PreviewPicker sample={pane.sample} onChoose={pane.chooseSample} {...(pane.hostProblem ? { problem: pane.hostProblem } : {})} />
        </Suspense>
      )}
      <main className={styles.main} aria-busy={state.status === 'loading' || state.status === 'starting'}>
        {pane.notice && (
          <MessageBar intent={pane.notice.intent} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{pane.notice.title}</MessageBarTitle>
              {pane.notice.text}
            </MessageBarBody>
            <MessageBarActions containerAction={<Button aria-label="Dismiss" appearance="transparent" icon={<DismissRegular />} onClick={() => pane.setNotice(undefined)} />} />
          </MessageBar>
        )}
        {(state.status === 'starting' || state.status === 'loading') && (
          <>
            <h1 className={styles.visuallyHidden}>Account context</h1>
            <ContextSkeleton />
          </>
        )}
        {state.status === 'signed-out' && (
          <Suspense fallback={<ProgressBar aria-label="Loading" />}>
            <h1 className={styles.visuallyHidden}>Account context</h1>
            <SignInPanel {...(state.reason ? { reason: state.reason } : {})} onSignedIn={pane.retry} />
          </Suspense>
        )}
        {state.status === 'error' && (
          <>
            <h1 className={styles.visuallyHidden}>Account context</h1>
            <ErrorState title="Couldn’t load the account context" error={state.error} onRetry={pane.retry} />
          </>
        )}
        {state.status === 'ready' && pane.host && (state.data.contacts.length > 0 || state.data.senderAccountOnly) && (
          <ContextView api={pane.api} host={pane.host} data={state.data} now={now} refreshing={state.refreshing} onNotice={pane.setNotice} onChanged={pane.refresh} />
        )}
        {state.status === 'ready' && state.data.contacts.length === 0 && !state.data.senderAccountOnly && (
          <NoContext
            api={pane.api}
            {...(state.data.unknownSender ? { sender: state.data.unknownSender } : {})}
            onLinked={(notice) => {
              pane.setNotice(notice);
              void pane.refresh();
            }}
          />
        )}
      </main>
    </>
  );
}
