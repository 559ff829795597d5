import { createHash } from 'node:crypto';
import type { ConversationKind, ConversationReference } from '../domain/conversation-reference';
import type { Person } from '../domain/person';
import { AlreadyExistsError, ConcurrencyError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { RecordKind, RecordOf } from '../domain/record-kinds';
import type { RecordRef, RecordRepository, Store } from '../store/ports';
import { updateRecord, type UpdateRecordOptions } from '../store/update-record';
import { isLeaderOf, visibleAccount } from './account-access';
import { TenantPeople } from './tenant-people';

/** Teams conversation ids are long and free-form; the record id is a stable hash of one. */
export const conversationReferenceIdFor = (conversationId: string) => `conv-${createHash('sha256').update(conversationId).digest('hex').slice(0, 40)}`;

/** What the bot learns about a conversation from an incoming activity. */
export interface SeenConversation {
  tenantId: string;
  conversationId: string;
  kind: ConversationKind;
  serviceUrl: string;
  /** The serialized Bot Framework ConversationReference, as the adapter produced it. */
  reference: Record<string, unknown>;
  title?: string;
  teamId?: string;
  /** Personal chats: the person the chat is with, when known. */
  personId?: string;
}

/** A member of a Teams conversation, as the roster reports it. */
export interface TeamsMember {
  /** The Teams user id (`29:…`). */
  id: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  name?: string;
}

export interface SeenResult {
  record: ConversationReference;
  /** `created` and `reactivated` mean the app was (re)installed here: time for a welcome. */
  change: 'created' | 'reactivated' | 'updated' | 'unchanged';
}

export interface MemberSync {
  matched: { personId: string; name: string; aadObjectIdRecorded: boolean }[];
  unmatched: TeamsMember[];
}

/** The conversation index is re-read this often, and on a miss when older than MISS_REFRESH_MS. */
const CACHE_MS = 30_000;
const MISS_REFRESH_MS = 2_000;
/** An unchanged conversation is re-written at most this often, so every activity does not cost a write. */
const TOUCH_EVERY_MS = 10 * 60_000;
const MAX_CONFLICT_RETRIES = 5;

interface TenantIndex<T> {
  loadedAt: number;
  items: T[];
}

/**
 * The bot's memory of where it is installed and who people are in Teams: conversation references
 * (stored once per conversation, refreshed on every activity), channel ↔ account links, and the
 * person ↔ Entra object id mapping learnt from rosters.
 *
 * Look-ups by person or account go through a short per-tenant cache of the store, re-read on a miss (the
 * people: the TenantPeople shared with the principal resolver); the records themselves are always read
 * fresh before use.
 */
export class TeamsConversations {
  private readonly conversations = new Map<string, TenantIndex<ConversationReference>>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
    private readonly tenantPeople: TenantPeople = new TenantPeople(store),
  ) {}

  /**
   * Records (or refreshes) the conversation an activity came from. Called for every incoming activity:
   * Teams may change a conversation's serviceUrl at any time, and a proactive send must use the latest.
   */
  async seen(input: SeenConversation): Promise<SeenResult> {
    const id = conversationReferenceIdFor(input.conversationId);
    const now = this.clock().toISOString();
    for (let attempt = 0; ; attempt++) {
      const current = await this.store.records.get('conversationReference', { tenantId: input.tenantId, id });
      if (!current) {
        try {
          const created = await this.store.records.create('conversationReference', {
            tenantId: input.tenantId,
            id,
            conversationId: input.conversationId,
            kind: input.kind,
            ...(input.kind === 'personal' && input.personId ? { personId: input.personId } : {}),
            ...(input.title ? { title: input.title.slice(0, 300) } : {}),
            ...(input.teamId ? { teamId: input.teamId } : {}),
            serviceUrl: input.serviceUrl,
            reference: input.reference,
            status: 'active',
            installedAt: now,
            lastActivityAt: now,
            createdAt: now,
            updatedAt: now,
          });
          this.remember(created.record);
          return { record: created.record, change: 'created' };
        } catch (error) {
          if (!(error instanceof AlreadyExistsError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
          continue;
        }
      }
      const record = current.record;
      const next: ConversationReference = {
        ...record,
        serviceUrl: input.serviceUrl,
        reference: input.reference,
        status: 'active',
        ...(input.kind === 'personal' && input.personId ? { personId: input.personId } : {}),
        ...(input.title ? { title: input.title.slice(0, 300) } : {}),
        ...(input.teamId ? { teamId: input.teamId } : {}),
      };
      if (record.status === 'removed') delete next.removedAt;
      const changed =
        next.serviceUrl !== record.serviceUrl ||
        next.status !== record.status ||
        next.personId !== record.personId ||
        next.title !== record.title ||
        next.teamId !== record.teamId ||
        JSON.stringify(next.reference) !== JSON.stringify(record.reference);
      if (!changed && Date.parse(now) - Date.parse(record.lastActivityAt) < TOUCH_EVERY_MS) return { record, change: 'unchanged' };
      try {
        const written = await this.store.records.replace('conversationReference', { ...next, lastActivityAt: now, updatedAt: now }, current.etag);
        this.remember(written.record);
        return { record: written.record, change: record.status === 'removed' ? 'reactivated' : changed ? 'updated' : 'unchanged' };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  /** The app was uninstalled (or the bot removed) from a conversation: nothing is sent there any more. */
  async removed(tenantId: string, conversationId: string): Promise<ConversationReference | undefined> {
    return this.update(tenantId, conversationReferenceIdFor(conversationId), (record) => {
      if (record.status === 'removed') return false;
      record.status = 'removed';
      record.removedAt = this.clock().toISOString();
      return true;
    });
  }

  async get(tenantId: string, conversationId: string): Promise<ConversationReference | undefined> {
    return (await this.store.records.get('conversationReference', { tenantId, id: conversationReferenceIdFor(conversationId) }))?.record;
  }

  /**
   * Links a channel or group chat to an account: its leadership channel, where summaries and compiled
   * agendas are posted. Only a leader of that account may do it.
   */
  async link(tenantId: string, conversationId: string, accountId: string, personId: string): Promise<ConversationReference> {
    const { record: account } = await visibleAccount(this.store, { tenantId, personId }, accountId);
    if (!isLeaderOf(account, personId)) throw new ForbiddenError(`only a leader of ${account.name} can link this conversation to it`);
    const id = conversationReferenceIdFor(conversationId);
    const linked = await this.update(tenantId, id, (record) => {
      if (record.kind === 'personal') throw new ValidationError('a personal chat cannot be an account’s leadership channel; link a channel or group chat');
      if (record.linkedAccountId === accountId && record.status === 'active') return false;
      record.linkedAccountId = accountId;
      record.linkedById = personId;
      record.linkedAt = this.clock().toISOString();
      record.status = 'active';
      return true;
    });
    if (!linked) throw new NotFoundError('this conversation');
    return linked;
  }

  /** The person's personal chat with the bot, if the app is installed for them. */
  async personalChatOf(tenantId: string, personId: string): Promise<ConversationReference | undefined> {
    return this.findActive(tenantId, (record) => record.kind === 'personal' && record.personId === personId);
  }

  /** The account's leadership channel (or group chat): the most recently linked active one. */
  async channelOf(tenantId: string, accountId: string): Promise<ConversationReference | undefined> {
    return this.findActive(tenantId, (record) => record.kind !== 'personal' && record.linkedAccountId === accountId);
  }

  /** Any active conversation of the tenant, newest first: where to find the tenant's serviceUrl and the bot's account. */
  async anyActive(tenantId: string): Promise<ConversationReference | undefined> {
    return this.findActive(tenantId, () => true);
  }

  // ---- people -------------------------------------------------------------------------------------

  /** The firm's people (from the short cache): for names on cards. The same array until the cache reloads. */
  async people(tenantId: string): Promise<readonly Person[]> {
    return (await this.tenantPeople.snapshot(tenantId)).people;
  }

  /** The person a Teams user is, by Entra object id (recorded by member sync or the first match by address). */
  async personByAadObjectId(tenantId: string, aadObjectId: string): Promise<Person | undefined> {
    return this.tenantPeople.byObjectId(tenantId, aadObjectId);
  }

  /**
   * The person a Teams member is: by Entra object id, else by email or UPN. A match by address records
   * the object id on the person, so the next look-up (a card answer carries only the object id) is direct.
   */
  async matchMember(tenantId: string, member: TeamsMember): Promise<{ person: Person; aadObjectIdRecorded: boolean } | undefined> {
    if (member.aadObjectId) {
      const person = await this.personByAadObjectId(tenantId, member.aadObjectId);
      if (person) return { person, aadObjectIdRecorded: false };
    }
    const addresses = [member.email, member.userPrincipalName].filter((value): value is string => Boolean(value));
    if (addresses.length === 0) return undefined;
    const person = await this.tenantPeople.byEmail(tenantId, addresses);
    if (!person) return undefined;
    // The address matches but the person is on record with another Entra identity: not the same user.
    if (member.aadObjectId && person.aadObjectId && person.aadObjectId.toLowerCase() !== member.aadObjectId.toLowerCase()) return undefined;
    if (!member.aadObjectId || person.aadObjectId) return { person, aadObjectIdRecorded: false };
    const updated = await this.recordAadObjectId(tenantId, person.id, member.aadObjectId);
    return { person: updated ?? person, aadObjectIdRecorded: Boolean(updated?.aadObjectId) };
  }

  /** Matches a conversation's roster to the firm's people, recording Entra object ids learnt by address. */
  async syncMembers(tenantId: string, members: readonly TeamsMember[]): Promise<MemberSync> {
    const result: MemberSync = { matched: [], unmatched: [] };
    for (const member of members) {
      const found = await this.matchMember(tenantId, member);
      if (found) result.matched.push({ personId: found.person.id, name: found.person.name, aadObjectIdRecorded: found.aadObjectIdRecorded });
      else result.unmatched.push(member);
    }
    return result;
  }

  private async recordAadObjectId(tenantId: string, personId: string, aadObjectId: string): Promise<Person | undefined> {
    try {
      return await updateRecordIfPresent(this.store.records, 'person', { tenantId, id: personId }, (record) => {
        if (record.aadObjectId) return false; // never overwrite an identity already on record
        record.aadObjectId = aadObjectId;
        return true;
      }, { maxConflictRetries: MAX_CONFLICT_RETRIES, now: this.clock });
    } catch (error) {
      if (error instanceof ValidationError) return undefined; // not an object id the schema accepts: match by address only
      throw error;
    }
  }

  // ---- internals ----------------------------------------------------------------------------------

  private async update(tenantId: string, id: string, change: (record: ConversationReference) => boolean): Promise<ConversationReference | undefined> {
    let written = false;
    const record = await updateRecordIfPresent(this.store.records, 'conversationReference', { tenantId, id }, (next) => (written = change(next)), {
      maxConflictRetries: MAX_CONFLICT_RETRIES,
      now: this.clock,
    });
    if (record && written) this.remember(record);
    return record;
  }

  private async findActive(tenantId: string, wanted: (record: ConversationReference) => boolean): Promise<ConversationReference | undefined> {
    for (const maxAge of [CACHE_MS, MISS_REFRESH_MS]) {
      const candidates = (await this.conversationsOf(tenantId, maxAge)).filter((record) => record.status === 'active' && wanted(record)).sort(newestFirst);
      for (const candidate of candidates) {
        // The cache only says where to look: the record is read fresh, so a removal on another replica counts.
        const fresh = (await this.store.records.get('conversationReference', { tenantId, id: candidate.id }))?.record;
        if (fresh && fresh.status === 'active' && wanted(fresh)) return fresh;
      }
    }
    return undefined;
  }

  private remember(record: ConversationReference): void {
    const index = this.conversations.get(record.tenantId);
    if (!index) return;
    index.items = [...index.items.filter((item) => item.id !== record.id), record];
  }

  private async conversationsOf(tenantId: string, maxAgeMs: number): Promise<ConversationReference[]> {
    return this.cached(this.conversations, tenantId, maxAgeMs, async () => (await this.store.records.list('conversationReference', { tenantId })).map((found) => found.record));
  }

  private async cached<T>(cache: Map<string, TenantIndex<T>>, tenantId: string, maxAgeMs: number, load: () => Promise<T[]>): Promise<T[]> {
    const hit = cache.get(tenantId);
    const now = Date.now();
    if (hit && now - hit.loadedAt < maxAgeMs) return hit.items;
    const items = await load();
    cache.set(tenantId, { loadedAt: now, items });
    return items;
  }
}

/** Newest link or activity first: the conversation people use now wins over an abandoned one. */
function newestFirst(a: ConversationReference, b: ConversationReference): number {
  const stamp = (record: ConversationReference) => record.linkedAt ?? record.lastActivityAt;
  return stamp(b).localeCompare(stamp(a));
}

/** updateRecord, answering undefined instead of throwing when the record is not there. */
async function updateRecordIfPresent<K extends RecordKind>(
  records: RecordRepository,
  kind: K,
  ref: RecordRef,
  change: (record: RecordOf<K>) => boolean,
  options: Omit<UpdateRecordOptions<RecordOf<K>>, 'missing'> = {},
): Promise<RecordOf<K> | undefined> {
  const absent = new Error(`${kind} ${ref.id} is not there`);
  try {
    return await updateRecord(records, kind, ref, change, { ...options, missing: () => absent });
  } catch (error) {
    if (error === absent) return undefined;
    throw error;
  }
}
