/** The admin console's entry: token first (out of the address bar), then the UI. */
import { appTokens } from '../auth/app-tokens';
import { captureTokenFromUrl } from '../auth/token';
import { createHttp } from '../shared-ui/http';

captureTokenFromUrl();

const http = createHttp(appTokens);
const accountId = new URLSearchParams(window.location.search).get('accountId')?.trim() || 'northwind';

import('./mount')
  .then(({ mountAdmin }) => mountAdmin({ http, initialAccountId: accountId }))
  .catch((error: unknown) => {
    const root = document.getElementById('root');
    if (root) root.innerHTML = '<p role="alert" style="padding:1rem">The admin console could not load. Check your connection and reload.</p>';
    console.error(error);
  });
