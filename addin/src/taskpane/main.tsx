/**
 * The taskpane's entry. Deliberately small and free of React: it reads the token, detects Outlook and
 * starts the first message's API lookups at once, while the browser is still fetching the UI code
 * (imported below, with its chunks preloaded in parallel). The pane then renders with data in hand.
 */
import { accountTeamsApi } from '../api/account-teams-api';
import { createApiClient } from '../api/client';
import { appTokens } from '../auth/app-tokens';
import { captureTokenFromUrl } from '../auth/token';
import { previewSample } from '../mail/preview';
import { loadOffice, officeMailHost } from '../office';
import { markOnce } from '../shared/perf';
import { settling } from '../shared/settling';
import { loadPaneData } from './load-pane';
import type { HostChoice } from './useTaskpane';

markOnce('taskpane-script');

// Before office.js can load: it replaces history.replaceState, which this uses to drop ?token= from the address.
captureTokenFromUrl();

const api = accountTeamsApi(createApiClient(appTokens));
const initialSampleId = new URLSearchParams(window.location.search).get('sample');

// Outside Outlook this settles at once (preview mode); inside, it waits for office.js.
const hostChoice = settling<HostChoice>(
  loadOffice().then(({ office, problem }) => (office ? { kind: 'office', host: officeMailHost(office) } : { kind: 'preview', ...(problem ? { problem } : {}) })),
);

// Settled-or-not is readable synchronously (settling), so a pane whose data is already in renders it at once.
const firstLoad = settling(
  hostChoice.promise
    .then(async (choice) => {
      if (!(await appTokens.getToken())) return undefined;
      const message = choice.kind === 'office' ? await choice.host.current() : previewSample(initialSampleId).message;
      return loadPaneData(api, message);
    })
    .finally(() => markOnce('data-ready')),
);

markOnce('ui-import-start');
import('./mount')
  .then(({ mountTaskpane }) => mountTaskpane({ api, tokens: appTokens, hostChoice, initialSampleId, firstLoad }))
  .catch((error: unknown) => {
    // The UI code itself failed to load (offline, a deployment mid-way): say so in plain HTML.
    const root = document.getElementById('root');
    if (root) root.innerHTML = '<p role="alert" style="padding:1rem">The Account Teams pane could not load. Check your connection and reopen it.</p>';
    console.error(error);
  });
