/**
 * Which host the tab runs in, decided synchronously from the page itself: no SDK handshake, so outside
 * Teams there is nothing to wait for. Teams loads a tab in an iframe of one of its origins (and the app
 * manifest's contentUrl can add `?host=teams`); anything else is a browser. When teams-js is adopted, it
 * belongs behind addin/src/teams/ and is only loaded when this says "teams".
 */
export type TabHost = { kind: 'teams'; origin: string | undefined } | { kind: 'browser' };

const TEAMS_ORIGINS = [/\.teams\.microsoft\.com$/, /^teams\.microsoft\.com$/, /^teams\.live\.com$/, /\.cloud\.microsoft$/, /\.office\.com$/];

export function detectTabHost(win: Window = window): TabHost {
  const query = new URLSearchParams(win.location.search).get('host');
  let framed = false;
  try {
    framed = win.self !== win.top;
  } catch {
    framed = true;
  }
  const ancestors = win.location.ancestorOrigins ? [...win.location.ancestorOrigins] : [];
  const teamsAncestor = ancestors.find((origin) => {
    try {
      const host = new URL(origin).hostname;
      return TEAMS_ORIGINS.some((pattern) => pattern.test(host));
    } catch {
      return false;
    }
  });
  if (query === 'teams' || (framed && teamsAncestor)) return { kind: 'teams', origin: teamsAncestor };
  return { kind: 'browser' };
}
