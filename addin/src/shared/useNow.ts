import { useEffect, useMemo, useState } from 'react';

/** The current time from `clock`, re-read every `everyMs` so local times and quiet-hours badges stay true while the pane is open. */
export function useNow(clock: () => Date, everyMs = 30_000): Date {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((value) => value + 1), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `tick` is the reason to read the clock again
  return useMemo(() => clock(), [clock, tick]);
}
