/**
 * The Teams tab's entry: reads the token, decides the host at once (no SDK wait) and starts the
 * dashboard request while the UI code loads, like the taskpane's entry.
 */
import { createHttp } from '../api/client';
import { appTokens } from '../auth/app-tokens';
import { captureTokenFromUrl } from '../auth/token';
import { accountIdFromUrl } from '../shared/account-id';
import { detectTabHost } from '../teams/host';
import { initializeInTeams } from '../teams/teams-sdk';
import { startDashboardLoad } from './load';

captureTokenFromUrl();

const http = createHttp(appTokens);
const host = detectTabHost();
const accountId = accountIdFromUrl();
const firstLoad = startDashboardLoad(http, accountId);
// Inside Teams only: the SDK handshake runs alongside the first load instead of in front of it.
void initializeInTeams(host);

import('./mount')
  .then(({ mountTab }) => mountTab({ http, host, accountId, firstLoad }))
  .catch((error: unknown) => {
    const root = document.getElementById('root');
    if (root) root.innerHTML = '<p role="alert" style="padding:1rem">The leadership dashboard could not load. Check your connection and reopen the tab.</p>';
    console.error(error);
  });
