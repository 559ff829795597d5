import { useEffect } from 'react';

export interface PollingOptions {
  /** Polls only while true (default true). */
  enabled?: boolean;
  /** Runs the first poll at once (default) or only after the first interval. */
  immediate?: boolean;
  /** Changing it starts over with a poll at once, e.g. after an action that changed what is polled. */
  restartKey?: unknown;
}

/**
 * Calls `poll` repeatedly, the next call `intervalMs` after the previous one has settled, so a slow server
 * never has requests piling up. Stops on unmount and starts over when `poll` changes (wrap it in useCallback:
 * its dependencies are what restarts it). `poll` gets `live()`, false once this round of polling has
 * stopped: check it before setting state from an answer.
 */
export function usePolling(poll: (live: () => boolean) => Promise<void>, intervalMs: number, { enabled = true, immediate = true, restartKey }: PollingOptions = {}) {
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const isLive = () => live;
    const next = () => {
      if (live) timer = setTimeout(run, intervalMs);
    };
    // `poll` shows its own errors; one it lets through is logged, and polling goes on.
    const run = () => void poll(isLive).catch(console.error).finally(next);
    if (immediate) run();
    else next();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [poll, intervalMs, enabled, immediate, restartKey]);
}
