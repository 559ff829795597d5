import { NotFoundError } from '../errors';
import { assembleAccountContext, type AccountContext } from '../rules/account-context';
import { lookupKeysFor, normalizeEmail, rankResolutions } from '../rules/email-resolution';
import { canSeeAccount } from '../rules/ethical-wall';
import type { Store } from '../store/ports';
import type { Viewer } from './viewer';

/** The answer for an unknown sender and for a walled account alike: nothing tells them apart. */
export const CONTEXT_NOT_FOUND = 'no account context for this address';

/**
 * Everything the Outlook pane shows for one email address: resolve the sender, load the strongest
 * matching account the viewer may see, assemble. Three store round trips on Cosmos DB.
 */
export async function lookupAccountContext(store: Store, viewer: Viewer, email: string, now: Date): Promise<AccountContext> {
  const keys = lookupKeysFor(normalizeEmail(email));
  const resolutions = rankResolutions(keys, await store.directory.lookup(viewer.tenantId, keys));
  for (const resolution of resolutions) {
    const bundle = await store.bundles.loadBundle(viewer.tenantId, resolution.accountId, resolution.contactId);
    if (!bundle || !canSeeAccount(bundle.account, viewer)) continue;
    return assembleAccountContext(resolution, bundle, now);
  }
  throw new NotFoundError(CONTEXT_NOT_FOUND);
}
