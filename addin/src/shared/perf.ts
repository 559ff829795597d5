/** Performance marks read by `npm run bench:addin` (navigation start → first meaningful render). */
export function markOnce(name: string) {
  if (typeof performance === 'undefined' || performance.getEntriesByName(name, 'mark').length > 0) return;
  performance.mark(name);
}
