import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AccountTeamsApi } from '../api/account-teams-api';
import { ApiError, SignInRequiredError } from '../api/client';
import type { TokenProvider } from '../auth/token';
import type { MailHost } from '../mail/message';
import { previewClock, previewMailHost, previewSample, type PreviewSample } from '../mail/preview';
import type { Settling } from '../shared/settling';
import { loadPaneData, type PaneData } from './load-pane';

/** How the page found its host: Outlook (office.js) or the preview; decided once at start-up. */
export type HostChoice = { kind: 'office'; host: MailHost } | { kind: 'preview'; problem?: string };

export type PaneState =
  | { status: 'starting' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'ready'; data: PaneData; refreshing: boolean };

export interface Notice {
  intent: 'success' | 'info' | 'warning' | 'error';
  title: string;
  text?: string;
}

export interface TaskpaneDeps {
  api: AccountTeamsApi;
  tokens: TokenProvider;
  hostChoice: Settling<HostChoice>;
  initialSampleId?: string | null;
  /**
   * The first message's data, requested by the entry script before React loaded (see main.tsx), so the
   * API calls overlap with loading the UI; undefined data means no token yet.
   */
  firstLoad?: Settling<PaneData | undefined>;
}

/** What a failed load means for the pane: sign in again (forgetting who was signed in), or an error to retry. */
function stateForError(error: unknown, tokens: TokenProvider, api: AccountTeamsApi): PaneState {
  if (error instanceof SignInRequiredError) {
    api.forgetMe();
    return { status: 'signed-out' };
  }
  if (error instanceof ApiError && error.isUnauthenticated) {
    tokens.signOut();
    api.forgetMe();
    return { status: 'signed-out', reason: error.message };
  }
  return { status: 'error', error: error instanceof Error ? error : new Error(String(error)) };
}

const stateForData = (data: PaneData | undefined): PaneState => (data ? { status: 'ready', data, refreshing: false } : { status: 'signed-out' });

/**
 * The taskpane's state: which host and message, the account contexts for the people on it, the notice
 * after an action, and the commands the view calls (retry, refresh, choose a preview sample, reply).
 */
export function useTaskpane({ api, tokens, hostChoice, initialSampleId, firstLoad }: TaskpaneDeps) {
  // Whatever the entry script finished before React's first render is shown at once (the common case on a fast connection).
  const [initial] = useState(() => {
    const choice = hostChoice.result?.ok ? hostChoice.result.value : undefined;
    const result = choice ? firstLoad?.result : undefined;
    const state: PaneState = !result ? { status: 'starting' } : result.ok ? stateForData(result.value) : stateForError(result.error, tokens, api);
    return { choice, state, settled: result !== undefined };
  });
  const [choice, setChoice] = useState<HostChoice | undefined>(initial.choice);
  const [sample, setSample] = useState<PreviewSample>(() => previewSample(initialSampleId));
  const [state, setState] = useState<PaneState>(initial.state);
  const settledAtStart = useRef(initial.settled);
  const [notice, setNotice] = useState<Notice>();
  const [generation, setGeneration] = useState(0);
  const inFlight = useRef<AbortController | undefined>(undefined);
  const preloaded = useRef(firstLoad);

  useEffect(() => {
    let live = true;
    hostChoice.promise.then((resolved) => live && setChoice(resolved));
    return () => {
      live = false;
    };
  }, [hostChoice]);

  const host: MailHost | undefined = useMemo(() => {
    if (!choice) return undefined;
    if (choice.kind === 'office') return choice.host;
    return previewMailHost(sample, (text, to) =>
      setNotice({ intent: 'info', title: 'Preview: nothing was sent', text: `In Outlook this opens a reply to ${to?.name ?? to?.email ?? 'the sender'} prefilled with “${text}”.` }),
    );
  }, [choice, sample]);

  const now = useMemo(() => (choice?.kind === 'preview' ? previewClock(sample) : undefined) ?? (() => new Date()), [choice, sample]);

  /** Loads everything for the current message; `quiet` keeps the current view on screen while refreshing. */
  const load = useCallback(
    async (quiet: boolean) => {
      if (!host) return;
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      const preload = preloaded.current?.promise;
      preloaded.current = undefined;
      if (settledAtStart.current) {
        settledAtStart.current = false;
        return; // the initial state already shows the entry script's result
      }
      if (!preload && !(await tokens.getToken())) {
        api.forgetMe();
        setState({ status: 'signed-out' });
        return;
      }
      setState((current) => (quiet && current.status === 'ready' ? { ...current, refreshing: true } : { status: 'loading' }));
      try {
        const data = preload ? await preload : await loadPaneData(api, await host.current(), controller.signal);
        if (!controller.signal.aborted) setState(stateForData(data));
      } catch (error) {
        if (!controller.signal.aborted) setState(stateForError(error, tokens, api));
      }
    },
    [api, host, tokens],
  );

  useEffect(() => {
    void load(false);
    if (!host) return;
    const unsubscribe = host.onChange(() => {
      setNotice(undefined);
      void load(false);
    });
    return () => {
      unsubscribe();
      inFlight.current?.abort();
    };
  }, [host, load, generation]);

  const chooseSample = useCallback((id: string) => {
    setNotice(undefined);
    setSample(previewSample(id));
  }, []);

  return {
    state,
    hostKind: choice?.kind,
    hostProblem: choice?.kind === 'preview' ? choice.problem : undefined,
    host,
    sample,
    chooseSample,
    now,
    notice,
    setNotice,
    retry: useCallback(() => setGeneration((value) => value + 1), []),
    refresh: useCallback(() => load(true), [load]),
    api,
  };
}
