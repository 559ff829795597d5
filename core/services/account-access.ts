import type { Account } from '../domain/account';
import type { RecordKind, RecordOf } from '../domain/record-kinds';
import { ForbiddenError, NotFoundError } from '../errors';
import { canSeeAccount } from '../rules/ethical-wall';
import type { Store, Versioned } from '../store/ports';
import type { Viewer } from './viewer';

/** Leaders and members of the account team: the people who act on an account. */
export const isOnAccount = (account: Pick<Account, 'leadershipTeam' | 'accountTeam'>, personId: string) =>
  account.leadershipTeam.some((member) => member.personId === personId) || account.accountTeam.some((member) => member.personId === personId);

export const isLeaderOf = (account: Pick<Account, 'leadershipTeam'>, personId: string) => account.leadershipTeam.some((member) => member.personId === personId);

/** The account as the viewer may see it; a walled viewer gets the same not-found as a missing account. */
export async function visibleAccount(store: Store, viewer: Viewer, accountId: string): Promise<Versioned<Account>> {
  const found = await store.records.get('account', { tenantId: viewer.tenantId, id: accountId });
  if (!found || !canSeeAccount(found.record, viewer)) throw new NotFoundError(`account ${accountId}`);
  return found;
}

/** The account, for someone who works on it; others who may see it are told they cannot act on it. */
export async function accountForMember(store: Store, viewer: Viewer, accountId: string, action: string): Promise<Account> {
  const { record } = await visibleAccount(store, viewer, accountId);
  if (!isOnAccount(record, viewer.personId)) throw new ForbiddenError(`only members of the account team can ${action}`);
  return record;
}

/** The kinds whose records belong to one account (they carry its id). */
export type AccountRecordKind = { [K in RecordKind]: RecordOf<K> extends { accountId: string } ? K : never }[RecordKind];

/**
 * A record of an account, with its account, as the viewer may see them: a missing record, a missing
 * account and a walled viewer all get the same not-found, named after the record (`what id`). Other
 * failures (the store being unavailable) are not disguised as not-found.
 */
export async function visibleRecord<K extends AccountRecordKind>(
  store: Store,
  viewer: Viewer,
  kind: K,
  id: string,
  what: string,
): Promise<Versioned<RecordOf<K>> & { account: Versioned<Account> }> {
  const notFound = () => new NotFoundError(`${what} ${id}`);
  const found = await store.records.get(kind, { tenantId: viewer.tenantId, id });
  if (!found) throw notFound();
  try {
    const account = await visibleAccount(store, viewer, (found.record as { accountId: string }).accountId);
    return { ...found, account };
  } catch (error) {
    throw error instanceof NotFoundError ? notFound() : error;
  }
}
