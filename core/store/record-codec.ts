import { CorruptRecordError, ValidationError } from '../errors';
import { RECORD_KINDS, type AnyRecord, type RecordKind, type RecordOf } from '../domain/record-kinds';
import { accountDirectoryKeys, contactDirectoryKeys, type DirectoryEntry } from '../rules/email-resolution';
import { issuesOf } from '../validation';
import type { ListScope } from './ports';

/** Shared by every adapter so that what one accepts and what it returns are the same everywhere. */
export function validateForWrite<K extends RecordKind>(kind: K, record: unknown): RecordOf<K> {
  const result = RECORD_KINDS[kind].schema.safeParse(record);
  if (!result.success) throw new ValidationError(`invalid ${kind}`, issuesOf(result.error));
  return result.data as RecordOf<K>;
}

export function decodeStored<K extends RecordKind>(kind: K, id: string, stored: unknown): RecordOf<K> {
  const result = RECORD_KINDS[kind].schema.safeParse(stored);
  if (!result.success) throw new CorruptRecordError(kind, id, issuesOf(result.error).map((issue) => `${issue.path} ${issue.message}`).join('; '));
  return result.data as RecordOf<K>;
}

/** The kinds whose records own directory entries; writes of every other kind skip the directory. */
export const DIRECTORY_OWNER_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>(['contact', 'account']);

/** The directory entries a record is found under: contacts by address, accounts by client domain. */
export function directoryEntriesFor(kind: RecordKind, record: AnyRecord): DirectoryEntry[] {
  if (kind === 'contact') {
    const contact = record as RecordOf<'contact'>;
    return contactDirectoryKeys(contact.emails).map((key) => ({ key, accountId: contact.accountId, contactId: contact.id }));
  }
  if (kind === 'account') {
    const account = record as RecordOf<'account'>;
    return accountDirectoryKeys(account.clientDomains).map((key) => ({ key, accountId: account.id }));
  }
  return [];
}

/** Listing an account-scoped kind (other than `account` itself) is confined to one account. */
export function requireScopeAccount(kind: RecordKind, scope: ListScope): string {
  if (!scope.accountId) throw new ValidationError(`listing ${kind} records needs an accountId`);
  return scope.accountId;
}
