/**
 * Whether two records say the same thing, leaving out the top-level fields in `ignoring` (typically when
 * they were written). Key order does not count, nor does a field set to undefined rather than absent;
 * array order does.
 */
export function sameContent(a: object, b: object, ignoring: readonly string[]): boolean {
  return canonicalJson(a, ignoring) === canonicalJson(b, ignoring);
}

function canonicalJson(record: object, ignoring: readonly string[]): string {
  const kept = Object.fromEntries(Object.entries(record).filter(([key]) => !ignoring.includes(key)));
  return JSON.stringify(kept, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>)
            .filter(([, field]) => field !== undefined)
            .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : inner,
  );
}
