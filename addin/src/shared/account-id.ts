/** The demo firm's first account: the default when a page's URL names none. */
export const DEFAULT_ACCOUNT_ID = 'northwind';

/** The account a page (the Teams tab, the admin console) opens on: `?accountId=`, else the default. */
export function accountIdFromUrl(location: Location = window.location): string {
  const id = new URLSearchParams(location.search).get('accountId')?.trim();
  return id || DEFAULT_ACCOUNT_ID;
}
