import { LRUCache } from 'lru-cache';
import type { Account } from '../domain/account';
import type { QuietHours } from '../domain/contact';
import type { RecordKind } from '../domain/record-kinds';
import { NotFoundError } from '../errors';
import { assembleAccountContext, contextStableUntil } from '../rules/account-context';
import { normalizeEmail, type NormalizedEmail, type Resolution } from '../rules/email-resolution';
import { canSeeAccount } from '../rules/ethical-wall';
import { quietHoursStatus } from '../rules/quiet-hours';
import type { Store, StoreChange } from '../store/ports';
import { DIRECTORY_OWNER_KINDS } from '../store/record-codec';
import { CONTEXT_NOT_FOUND, lookupAccountContext, resolveSender } from './account-context-service';
import type { Viewer } from './viewer';

export interface AccountContextReaderOptions {
  /** Memory for assembled contexts, in bytes of JSON (default 128 MiB). 0 turns the cache off. */
  cacheBytes?: number;
  /** Email addresses whose resolution is remembered (default 100,000). */
  cachedAddresses?: number;
}

/** The kinds an account context is made of: a write of any other kind leaves every context as it was. */
const CONTEXT_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>(['account', 'contact', 'person', 'delegation', 'meeting', 'agendaItem', 'progressEntry']);

/** Where the contact's clock goes in a cached context's JSON; split out and filled in per request. */
const CLOCK_SLOT = '\u0000clock\u0000';
const CLOCK_SLOT_JSON = JSON.stringify(CLOCK_SLOT);

interface CachedResolutions {
  epoch: number;
  directory: number;
  resolutions: Resolution[];
}

/** What every entry carries to tell whether it is still what the store and the clock would give. */
interface Freshness {
  epoch: number;
  people: number;
  account: number;
  /** The instant the entry was assembled for, and the first at which it may read differently. */
  assembledAt: number;
  stableUntil: number;
}

/** The part of a context that is the same whoever the sender at the account is. */
interface CachedAccount extends Freshness {
  /** What the wall check needs, per viewer. */
  walls: Pick<Account, 'walls' | 'tenantId'>;
  /** The context's JSON members without `matchedBy` and `contact`, braces stripped. */
  members: string;
}

/** One contact's part: its JSON around the clock, filled in per request (one piece: no clock slot). */
interface CachedContact extends Freshness {
  /** Undefined when the contact is gone (the directory still pointed at it). */
  pieces?: readonly string[];
  clock?: { windows: readonly QuietHours[]; windowsKey: string; timeZone: string };
}

/**
 * The Outlook pane's context lookup, as served by GET /api/context: the answer of
 * lookupAccountContext, as JSON, from a cache of assembled contexts when the store can say exactly
 * when one goes stale.
 *
 * Why a cache: a lookup reads ~20 records and assembles them (about a millisecond of CPU); answering a
 * repeated one from memory costs microseconds. The account's part and each contact's part are kept
 * apart, so the account's is held once however many of its contacts write in. Why it stays right:
 * - every write through the store is announced (Store.changes) and moves a generation — the tenant's
 *   directory (contacts and accounts: which account an address resolves to), the tenant's people
 *   (names shown in every context), or the account's (its own records, contacts included) — and an
 *   entry filled under an older generation is never served. Generations are read before the store
 *   is, so a write racing a fill wins;
 * - writes by another process move the store's external version, which drops everything; it is asked
 *   once per turn of the event loop, so such a write is seen from the next turn on (this process's own
 *   writes, announced as they commit, are seen at once);
 * - time: an entry is served only between the instant it was assembled for and contextStableUntil
 *   (a check-in falling due, a meeting starting, UTC midnight); the contact's clock is computed per
 *   request (memoised per zone, windows and minute);
 * - walls are checked per viewer on every answer, cached or not;
 * - when the store cannot see every write (Cosmos DB, written by several servers), nothing is cached.
 */
export class AccountContextReader {
  /** Account parts (keyed tenant, account) and contact parts (tenant, account, contact) share one memory budget. */
  private readonly parts?: LRUCache<string, CachedAccount | CachedContact>;
  private readonly resolutions?: LRUCache<string, CachedResolutions>;
  private readonly clocks = new LRUCache<string, string>({ max: 10_000 });
  private readonly generations = new Map<string, number>();
  private readonly unsubscribe?: () => void;
  private epoch = 0;
  private checkedThisTurn = false;
  private externalVersion: number | undefined;

  constructor(
    private readonly store: Store,
    options: AccountContextReaderOptions = {},
  ) {
    const cacheBytes = options.cacheBytes ?? 128 * 1024 * 1024;
    if (!store.changes.complete || cacheBytes <= 0) return;
    this.parts = new LRUCache({
      maxSize: cacheBytes,
      sizeCalculation: (entry) => ('members' in entry ? entry.members.length : (entry.pieces ?? []).reduce((bytes, piece) => bytes + piece.length, 0)) + 256,
    });
    this.resolutions = new LRUCache({ max: options.cachedAddresses ?? 100_000 });
    this.unsubscribe = store.changes.subscribe((change) => this.forget(change));
  }

  /** Whether answers may come from memory (false on a store other servers write to). */
  get caching(): boolean {
    return this.parts !== undefined;
  }

  /** The context for `email` as JSON, or NotFoundError — the same for an unknown sender and a walled account. */
  async readJson(viewer: Viewer, email: string, now: Date): Promise<string> {
    const parts = this.parts;
    if (!parts) return JSON.stringify(await lookupAccountContext(this.store, viewer, email, now));
    this.noticeExternalWrites();
    const at = now.getTime();
    for (const resolution of await this.resolve(viewer.tenantId, normalizeEmail(email))) {
      const { tenantId } = viewer;
      const accountKey = `${tenantId}\u0000${resolution.accountId}`;
      const contactKey = resolution.contactId !== undefined ? `${accountKey}\u0000${resolution.contactId}` : undefined;
      let account = parts.get(accountKey) as CachedAccount | undefined;
      let contact = contactKey !== undefined ? (parts.get(contactKey) as CachedContact | undefined) : undefined;
      if (!this.isCurrent(account, tenantId, resolution.accountId, at) || (contactKey !== undefined && !this.isCurrent(contact, tenantId, resolution.accountId, at))) {
        const assembled = await this.assemble(tenantId, resolution, now);
        if (!assembled) continue;
        ({ account, contact } = assembled);
        parts.set(accountKey, account);
        if (contactKey !== undefined) parts.set(contactKey, contact!);
      }
      if (!canSeeAccount(account!.walls, viewer)) continue;
      let json = `{"matchedBy":${JSON.stringify(resolution.matchedBy)},${account!.members}`;
      if (contact?.pieces) json += `,"contact":${contact.clock ? contact.pieces.join(this.clockJson(contact.clock, at)) : contact.pieces[0]!}`;
      return `${json}}`;
    }
    throw new NotFoundError(CONTEXT_NOT_FOUND);
  }

  /** Stops listening to the store. */
  close(): void {
    this.unsubscribe?.();
  }

  /** resolveSender, remembered per normalised address until the tenant's directory changes. */
  private async resolve(tenantId: string, email: NormalizedEmail): Promise<Resolution[]> {
    const key = `${tenantId}\u0000${email.address}`;
    const cached = this.resolutions!.get(key);
    if (cached && cached.epoch === this.epoch && cached.directory === this.generation(`d\u0000${tenantId}`)) return cached.resolutions;
    const stamp = { epoch: this.epoch, directory: this.generation(`d\u0000${tenantId}`) };
    const resolutions = await resolveSender(this.store, tenantId, email);
    this.resolutions!.set(key, { ...stamp, resolutions });
    return resolutions;
  }

  private async assemble(tenantId: string, resolution: Resolution, now: Date): Promise<{ account: CachedAccount; contact?: CachedContact } | undefined> {
    // Generations first: a write that lands while the store is being read leaves these entries stale.
    const stamp = { epoch: this.epoch, people: this.generation(`p\u0000${tenantId}`), account: this.generation(`a\u0000${tenantId}\u0000${resolution.accountId}`) };
    const bundle = await this.store.bundles.loadBundle(tenantId, resolution.accountId, resolution.contactId, now);
    if (!bundle) return undefined;
    const { matchedBy: _matchedBy, contact: assembledContact, ...rest } = assembleAccountContext(resolution, bundle, now);
    const freshness: Freshness = { ...stamp, assembledAt: now.getTime(), stableUntil: contextStableUntil(bundle, now).getTime() };
    const account: CachedAccount = {
      ...freshness,
      walls: { walls: bundle.account.walls, tenantId: bundle.account.tenantId },
      members: JSON.stringify(rest).slice(1, -1),
    };
    if (resolution.contactId === undefined) return { account };
    if (!assembledContact || !bundle.contact) return { account, contact: freshness };
    const { quietHours } = bundle.contact.preferences;
    const pieces = JSON.stringify({ ...assembledContact, clock: CLOCK_SLOT }).split(CLOCK_SLOT_JSON);
    if (pieces.length === 2) return { account, contact: { ...freshness, pieces, clock: { windows: quietHours, windowsKey: JSON.stringify(quietHours), timeZone: bundle.contact.timeZone } } };
    // The slot's text also occurs in the contact's own fields: keep the whole part, for this minute only.
    const endOfMinute = (Math.floor(now.getTime() / 60_000) + 1) * 60_000;
    return { account, contact: { ...freshness, stableUntil: Math.min(freshness.stableUntil, endOfMinute), pieces: [JSON.stringify(assembledContact)] } };
  }

  private isCurrent(entry: Freshness | undefined, tenantId: string, accountId: string, at: number): boolean {
    return (
      entry !== undefined &&
      entry.epoch === this.epoch &&
      at >= entry.assembledAt &&
      at < entry.stableUntil &&
      entry.people === this.generation(`p\u0000${tenantId}`) &&
      entry.account === this.generation(`a\u0000${tenantId}\u0000${accountId}`)
    );
  }

  /** The contact's clock as JSON for the minute of `at`: shared by every contact with the same zone and windows. */
  private clockJson(clock: NonNullable<CachedContact['clock']>, at: number): string {
    const minute = Math.floor(at / 60_000);
    const key = `${minute}\u0000${clock.timeZone}\u0000${clock.windowsKey}`;
    let json = this.clocks.get(key);
    if (json === undefined) {
      json = JSON.stringify(quietHoursStatus(clock.windows, clock.timeZone, new Date(minute * 60_000)));
      this.clocks.set(key, json);
    }
    return json;
  }

  /**
   * Asked once per turn of the event loop: PRAGMA data_version takes SQLite's shared lock (~1 µs idle,
   * measured at 8% of a cached lookup's CPU under load). The requests a turn serves were read off their
   * sockets together, so they are concurrent with a commit made elsewhere meanwhile either way.
   */
  private noticeExternalWrites(): void {
    if (this.checkedThisTurn) return;
    this.checkedThisTurn = true;
    setImmediate(() => (this.checkedThisTurn = false));
    const version = this.store.changes.externalVersion();
    if (version !== this.externalVersion) {
      this.externalVersion = version;
      this.epoch++;
    }
  }

  private forget(change: StoreChange): void {
    if (!CONTEXT_KINDS.has(change.kind)) return;
    if (DIRECTORY_OWNER_KINDS.has(change.kind)) this.bump(`d\u0000${change.tenantId}`);
    if (change.kind === 'person') this.bump(`p\u0000${change.tenantId}`);
    if (change.accountId !== undefined) this.bump(`a\u0000${change.tenantId}\u0000${change.accountId}`);
  }

  private generation(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  private bump(key: string): void {
    this.generations.set(key, this.generation(key) + 1);
  }
}
