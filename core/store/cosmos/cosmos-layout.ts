import { createHash } from 'node:crypto';
import type { ContainerDefinition, IndexingPolicy } from '@azure/cosmos';
import { isAccountScoped, type AnyRecord, type RecordKind } from '../../domain/record-kinds';
import type { DirectoryEntry } from '../../rules/email-resolution';

/**
 * Where every document lives in Cosmos DB. README.md beside this file explains the choice; in short:
 *
 * - `directory`, partitioned by `/tenantId`: the firm-wide records (people), the email directory
 *   entries, and one small locator per account-scoped record so it can be found by id alone.
 * - `accounts`, partitioned by `/pk` = `<tenantId>|<accountId>`: every account-scoped record, the
 *   account itself included, so the Outlook context of one account is a single-partition query.
 *
 * The store and the test harness share these helpers so that neither guesses the other's layout.
 */

export const DIRECTORY_CONTAINER = 'directory';
export const ACCOUNTS_CONTAINER = 'accounts';
export type ContainerName = typeof DIRECTORY_CONTAINER | typeof ACCOUNTS_CONTAINER;

/** The document field each container is partitioned on; every query filters on it in its WHERE clause. */
export const PARTITION_FIELD: Record<ContainerName, 'tenantId' | 'pk'> = { directory: 'tenantId', accounts: 'pk' };

/**
 * Everything is indexed (the documents are small and the workload is read-mostly) except the etag,
 * which no query filters on. Narrow it to the queried paths if write RU ever matter.
 */
export const INDEXING_POLICY: IndexingPolicy = {
  indexingMode: 'consistent',
  automatic: true,
  includedPaths: [{ path: '/*' }],
  excludedPaths: [{ path: '/"_etag"/?' }],
};

export const CONTAINER_DEFINITIONS: readonly (ContainerDefinition & { id: ContainerName })[] = [
  { id: DIRECTORY_CONTAINER, partitionKey: { paths: ['/tenantId'] }, indexingPolicy: INDEXING_POLICY },
  { id: ACCOUNTS_CONTAINER, partitionKey: { paths: ['/pk'] }, indexingPolicy: INDEXING_POLICY },
];

/** Ids are restricted to `[A-Za-z0-9._:-]` (domain/common.ts), so `|` cannot occur inside either part. */
export const accountPartition = (tenantId: string, accountId: string) => `${tenantId}|${accountId}`;

/** The account a document address belongs to: undefined for the tenant's directory partition. */
export function accountOfAddress(tenantId: string, address: DocumentAddress): string | undefined {
  return address.container === ACCOUNTS_CONTAINER ? address.partitionKey.slice(tenantId.length + 1) : undefined;
}

/**
 * Document ids are unique per partition only, and the directory partition holds several kinds of
 * document, so every id carries its document's type.
 */
export const recordDocumentId = (kind: RecordKind, id: string) => `${kind}:${id}`;
export const locatorDocumentId = (kind: RecordKind, id: string) => `locator:${kind}:${id}`;
/** Email addresses may contain characters Cosmos DB forbids in ids (`/`, `?`, `#`), so the key is hashed. */
export const directoryEntryDocumentId = (ownerKind: RecordKind, ownerId: string, key: string) =>
  `dir:${ownerKind}:${ownerId}:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

export function recordIdOf(kind: RecordKind, documentId: string): string {
  const prefix = `${kind}:`;
  return documentId.startsWith(prefix) ? documentId.slice(prefix.length) : documentId;
}

/** One document's address: container, partition key value, id. Everything a point read needs. */
export interface DocumentAddress {
  container: ContainerName;
  partitionKey: string;
  id: string;
}

/**
 * Where a record's document is. Account-scoped records other than accounts need their account id:
 * callers that do not know it read the record's locator first.
 */
export function recordAddress(kind: RecordKind, tenantId: string, id: string, accountId: string | undefined): DocumentAddress {
  if (!isAccountScoped(kind)) return { container: DIRECTORY_CONTAINER, partitionKey: tenantId, id: recordDocumentId(kind, id) };
  const owner = kind === 'account' ? id : accountId;
  if (owner === undefined) throw new Error(`the address of ${kind} ${id} needs its account id`);
  return { container: ACCOUNTS_CONTAINER, partitionKey: accountPartition(tenantId, owner), id: recordDocumentId(kind, id) };
}

export function locatorAddress(tenantId: string, kind: RecordKind, id: string): DocumentAddress {
  return { container: DIRECTORY_CONTAINER, partitionKey: tenantId, id: locatorDocumentId(kind, id) };
}

/** Fields Cosmos DB adds to every document. */
export interface SystemFields {
  _etag: string;
  _rid?: string;
  _self?: string;
  _ts?: number;
  _attachments?: string;
}

/** A record as stored: its own fields (with a prefixed id) plus the envelope fields `type` and, in `accounts`, `pk`. */
export type RecordDocument = Record<string, unknown> & { id: string; type: RecordKind; tenantId: string; pk?: string };

/** Points from (tenant, kind, id) to the account partition holding the record. */
export interface LocatorDocument {
  id: string;
  type: 'locator';
  tenantId: string;
  kind: RecordKind;
  recordId: string;
  accountId: string;
}

/** One email-directory key of a contact (`email:`) or an account (`domain:`). */
export interface DirectoryEntryDocument {
  id: string;
  type: 'dirEntry';
  tenantId: string;
  key: string;
  accountId: string;
  contactId?: string;
  ownerKind: RecordKind;
  ownerId: string;
}

export function toRecordDocument(kind: RecordKind, record: AnyRecord): RecordDocument {
  const document: RecordDocument = { ...record, id: recordDocumentId(kind, record.id), type: kind };
  const address = recordAddress(kind, record.tenantId, record.id, 'accountId' in record ? record.accountId : undefined);
  if (address.container === ACCOUNTS_CONTAINER) document.pk = address.partitionKey;
  return document;
}

const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn', 'pk', 'type']);

/**
 * The record's own fields, as they must validate: Cosmos system fields and the envelope stripped, the
 * id restored. Anything else stays, so a document with unexpected fields fails the strict schemas.
 */
export function recordFieldsOf(recordId: string, document: unknown): unknown {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return document;
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(document)) if (!ENVELOPE_FIELDS.has(name)) fields[name] = value;
  fields.id = recordId;
  return fields;
}

export function locatorDocument(tenantId: string, kind: RecordKind, recordId: string, accountId: string): LocatorDocument {
  return { id: locatorDocumentId(kind, recordId), type: 'locator', tenantId, kind, recordId, accountId };
}

export function directoryEntryDocument(tenantId: string, ownerKind: RecordKind, ownerId: string, entry: DirectoryEntry): DirectoryEntryDocument {
  return {
    id: directoryEntryDocumentId(ownerKind, ownerId, entry.key),
    type: 'dirEntry',
    tenantId,
    key: entry.key,
    accountId: entry.accountId,
    ...(entry.contactId !== undefined ? { contactId: entry.contactId } : {}),
    ownerKind,
    ownerId,
  };
}

/**
 * One small, fixed partition of the directory container lists the tenants. Tenant ids are GUIDs or
 * start with a letter or digit (domain/common.ts), so `_registry` never collides with a real tenant.
 */
export const TENANT_REGISTRY_PARTITION = '_registry';
export const tenantRegistrationDocument = (tenantId: string) => ({
  id: `tenant:${tenantId}`,
  tenantId: TENANT_REGISTRY_PARTITION,
  type: 'tenantRegistration',
  registeredTenantId: tenantId,
});
