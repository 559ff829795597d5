/** The admin console's entry: token first (out of the address bar), then the UI. */
import { createHttp } from '../api/client';
import { appTokens } from '../auth/app-tokens';
import { captureTokenFromUrl } from '../auth/token';
import { accountIdFromUrl } from '../shared/account-id';

captureTokenFromUrl();

const http = createHttp(appTokens);
const accountId = accountIdFromUrl();

import('./mount')
  .then(({ mountAdmin }) => mountAdmin({ http, initialAccountId: accountId }))
  .catch((error: unknown) => {
    const root = document.getElementById('root');
    if (root) root.innerHTML = '<p role="alert" style="padding:1rem">The admin console could not load. Check your connection and reload.</p>';
    console.error(error);
  });
