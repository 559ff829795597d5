/**
 * A promise whose outcome can also be read synchronously once it is in. The taskpane's entry script
 * starts work before React loads; if it has finished by the first render, the pane renders the result
 * straight away instead of a skeleton followed by a second pass.
 */
export interface Settling<T> {
  promise: Promise<T>;
  result?: { ok: true; value: T } | { ok: false; error: unknown };
}

export function settling<T>(promise: Promise<T>): Settling<T> {
  const tracked: Settling<T> = { promise };
  promise.then(
    (value) => (tracked.result = { ok: true, value }),
    (error: unknown) => (tracked.result = { ok: false, error }),
  );
  return tracked;
}
