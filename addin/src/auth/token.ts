/**
 * Where the pane gets its bearer token. Everything about tokens lives in this folder so that Nested App
 * Authentication (MSAL's createNestablePublicClientApplication + acquireTokenSilent) can replace it
 * without touching the rest of the add-in: the API client only ever calls `tokens.getToken()`.
 *
 * For now (local mode) the token is a local-issuer token, e.g. from `npm run token -- <email>`, handed to
 * the page as `?token=…` (then moved to sessionStorage and taken out of the address bar, so it does not
 * leak into bookmarks, screenshots or Referer headers) or pasted into the sign-in form.
 */

export interface TokenProvider {
  /** The current bearer token, or undefined when the user must sign in first. */
  getToken(): Promise<string | undefined>;
  /** Forget the token (e.g. after the server refused it). */
  signOut(): void;
}

const STORAGE_KEY = 'account-teams.token';
const JWT_SHAPE = /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+$/;

/** Storage can be disabled (privacy settings, some hosts); then the token lives as long as the page. */
let memoryToken: string | undefined;

function readStored(): string | undefined {
  if (memoryToken) return memoryToken;
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function persist(token: string | undefined) {
  try {
    if (token) window.sessionStorage.setItem(STORAGE_KEY, token);
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // memoryToken is the fallback.
  }
}

/**
 * In memory at once; into sessionStorage (so a reload keeps it) once the page is idle: the first
 * sessionStorage access of a page blocks for tens of milliseconds while the storage opens.
 */
function store(token: string | undefined, { later = false } = {}) {
  memoryToken = token;
  if (!later) persist(token);
  else if ('requestIdleCallback' in window) window.requestIdleCallback(() => persist(token), { timeout: 3000 });
  else setTimeout(() => persist(token), 1000);
}

export const isTokenShaped = (value: string) => JWT_SHAPE.test(value.trim());

/**
 * Takes `?token=` out of the address. Must run before office.js loads: office.js replaces
 * history.replaceState with null.
 */
export function captureTokenFromUrl(location: Location = window.location, history: History = window.history) {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token === null) return;
  if (isTokenShaped(token)) store(token.trim(), { later: true });
  params.delete('token');
  const query = params.toString();
  if (typeof history.replaceState === 'function') history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

/** Used by the sign-in form when a token is pasted. */
export function saveLocalToken(token: string) {
  if (!isTokenShaped(token)) throw new Error('That does not look like a token (three base64url parts separated by dots).');
  store(token.trim());
}

export const localTokens: TokenProvider = {
  getToken: async () => readStored(),
  signOut: () => store(undefined),
};
