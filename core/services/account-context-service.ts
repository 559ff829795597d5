import { NotFoundError } from '../errors';
import { assembleAccountContext, type AccountContext } from '../rules/account-context';
import { lookupKeysFor, normalizeEmail, rankResolutions, type NormalizedEmail, type Resolution } from '../rules/email-resolution';
import { canSeeAccount } from '../rules/ethical-wall';
import type { Store } from '../store/ports';
import type { Viewer } from './viewer';

/** The answer for an unknown sender and for a walled account alike: nothing tells them apart. */
export const CONTEXT_NOT_FOUND = 'no account context for this address';

/** The accounts (and contacts) a sender may belong to, strongest match first; walls not yet applied. */
export async function resolveSender(store: Store, tenantId: string, email: NormalizedEmail): Promise<Resolution[]> {
  const keys = lookupKeysFor(email);
  return rankResolutions(keys, await store.directory.lookup(tenantId, keys));
}

/**
 * Everything the Outlook pane shows for one email address: resolve the sender, load the strongest
 * matching account the viewer may see, assemble. Three store round trips on Cosmos DB.
 */
export async function lookupAccountContext(store: Store, viewer: Viewer, email: string, now: Date): Promise<AccountContext> {
  for (const resolution of await resolveSender(store, viewer.tenantId, normalizeEmail(email))) {
    const bundle = await store.bundles.loadBundle(viewer.tenantId, resolution.accountId, resolution.contactId, now);
    if (!bundle || !canSeeAccount(bundle.account, viewer)) continue;
    return assembleAccountContext(resolution, bundle, now);
  }
  throw new NotFoundError(CONTEXT_NOT_FOUND);
}
