/**
 * Pacing for Teams sends — proactive ones, and a turn's replies (turn-reply-pacer.ts): sliding-window
 * limits per conversation and per tenant, enforced by reserving a send slot before each send.
 *
 * Teams throttles a bot per conversation (thread) and per tenant; a bot that goes over gets 429s and,
 * persistently, longer blocks. The limits below are Microsoft's published ones for a bot:
 *   - per conversation: 7 messages a second and 60 in 30 seconds (the tighter of its 1 s / 2 s / 30 s
 *     / 1 h tiers for a burst of the size our processes send);
 *   - per tenant (all conversations of one firm): 50 a second.
 *
 * How it works: every key (a conversation, a tenant) keeps the times of the sends of the last window.
 * `acquire` — called right before a request goes on the wire — checks every window of every key
 * involved; if one more send fits now it records it for all of them at once (synchronously, so two
 * callers in this event loop never both take the last place), else it sleeps until the first instant
 * one could fit and checks again. When the send's answer comes back the slot moves to that instant
 * (`settle`): Teams saw the request somewhere in between, so our windows never start before Teams'.
 * Counting actual sends rather than times reserved in advance matters under load: 120 concurrent sends
 * leave one process over a few hundred milliseconds of rendering and signing, and a schedule made
 * before that work would let two batches overlap on Teams' clock. A window is also widened by a small
 * margin for the jitter between our clock and Teams'.
 * (`reserve` computes the same earliest instants ahead of time: an ideal schedule, for planning.)
 *
 * SCOPE: this is per process (per replica). With N replicas sending for the same tenant, each one
 * allows 50/s and the tenant sees up to N × 50/s. A multi-replica deployment needs one shared budget:
 * either a shared limiter (e.g. a Redis sorted-set sliding window or a Cosmos DB token bucket keyed by
 * tenant and conversation, reserved with the same algorithm), or routing all sends of a tenant to one
 * worker (a per-tenant-shard Temporal task queue served by a single activity worker), or a static
 * split of the budget (each of N replicas configured with limits divided by N). Until then the 429
 * handling in TeamsMessenger is the backstop.
 */

export interface WindowLimit {
  max: number;
  windowMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { max: 7, windowMs: 1_000 },
  { max: 60, windowMs: 30_000 },
];
export const TEAMS_TENANT_LIMITS: readonly WindowLimit[] = [{ max: 50, windowMs: 1_000 }];

/**
 * The budgets one send to a conversation counts against: the conversation's and its tenant's. Proactive
 * sends and a turn's replies use the same keys, so they share one budget per conversation.
 */
export function teamsSendKeys(conversationId: string, tenantId: string | undefined): LimitedKey[] {
  return [{ key: conversationKeyOf(conversationId), limits: TEAMS_CONVERSATION_LIMITS }, ...(tenantId ? [{ key: `tenant:${tenantId}`, limits: TEAMS_TENANT_LIMITS }] : [])];
}

/** The limiter key of one conversation's budget (what a 429 there blocks). */
export const conversationKeyOf = (conversationId: string): string => `conversation:${conversationId}`;

/** A slot taken by tryTake/acquire: settle it when the send's answer is back. */
export interface TakenSlot {
  keys: string[];
  at: number;
}

export interface LimitedKey {
  key: string;
  limits: readonly WindowLimit[];
}

export interface SlidingWindowLimiterOptions {
  clock?: () => number;
  /** Added to every window when checking it (default 40 ms): a safety margin for clock and network jitter. */
  marginMs?: number;
}

export class SlidingWindowLimiter {
  private readonly slots = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();
  private readonly clock: () => number;
  private readonly marginMs: number;
  private calls = 0;

  constructor(options: SlidingWindowLimiterOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.marginMs = options.marginMs ?? 40;
  }

  /**
   * The earliest instant (ms since epoch, never before now) at which one more send fits every limit of
   * every key. With `maxWaitMs`, a slot further out than that is not reserved and undefined is returned,
   * so the caller can give up (and retry later) instead of holding a worker slot for minutes.
   */
  reserve(keys: readonly LimitedKey[], maxWaitMs = Number.POSITIVE_INFINITY): number | undefined {
    const now = this.clock();
    const at = this.earliest(keys, now);
    if (at - now > maxWaitMs) return undefined;
    for (const { key } of keys) insertSorted(this.slotsOf(key), at);
    return at;
  }

  /**
   * Takes a send slot at this very moment if every limit allows one now, recording the send; otherwise
   * says when to try again. Callers call it as late as possible — right before the request goes on the
   * wire — so the recorded times are the times Teams sees, whatever work came between a reservation and
   * the send (rendering, token signing, a busy event loop).
   */
  tryTake(keys: readonly LimitedKey[]): { taken: true; slot: TakenSlot } | { taken: false; retryAt: number } {
    const now = this.clock();
    const at = this.earliest(keys, now);
    if (at > now) return { taken: false, retryAt: at };
    for (const { key } of keys) insertSorted(this.slotsOf(key), now);
    return { taken: true, slot: { keys: keys.map(({ key }) => key), at: now } };
  }

  /**
   * Waits (with `sleep`) until tryTake succeeds, and takes the slot. Resolves undefined when that would
   * be later than `maxWaitMs` from now: the caller gives up rather than hold a worker slot for minutes.
   */
  async acquire(keys: readonly LimitedKey[], sleep: (ms: number) => Promise<void>, maxWaitMs = Number.POSITIVE_INFINITY): Promise<TakenSlot | undefined> {
    const deadline = this.clock() + maxWaitMs;
    for (;;) {
      const attempt = this.tryTake(keys);
      if (attempt.taken) return attempt.slot;
      if (attempt.retryAt > deadline) return undefined;
      await sleep(attempt.retryAt - this.clock());
    }
  }

  /**
   * Moves a taken slot to now, when the send's answer came back. Teams saw the request somewhere between
   * taking the slot and the answer; counting it at the answer keeps our windows from ever starting
   * earlier than Teams' — a batch whose requests were slow to leave (new connections, a busy event
   * loop) cannot overlap the next batch on Teams' clock. It costs the next batch one response time.
   */
  settle(slot: TakenSlot): void {
    const now = this.clock();
    if (now <= slot.at) return;
    for (const key of slot.keys) {
      const list = this.slots.get(key);
      if (!list) continue;
      const index = lowerBound(list, slot.at);
      if (list[index] === slot.at) list.splice(index, 1);
      insertSorted(list, now);
    }
  }

  /** Keeps `key` from sending before `until` (a 429's Retry-After); later reservations queue behind it. */
  blockUntil(key: string, until: number): void {
    this.blocked.set(key, Math.max(this.blocked.get(key) ?? 0, until));
  }

  /** How many slots are remembered (for tests and metrics). */
  get trackedSlots(): number {
    let total = 0;
    for (const list of this.slots.values()) total += list.length;
    return total;
  }

  /**
   * The first instant ≥ `now` at which one more send fits every limit of every key and no key is blocked.
   * Forgets slots that are out of every window first (and, now and then, keys idle for an hour).
   */
  private earliest(keys: readonly LimitedKey[], now: number): number {
    if (++this.calls % 1000 === 0) this.sweep(now);
    for (const { key, limits } of keys) this.prune(key, now, limits);
    let at = now;
    for (const { key } of keys) at = Math.max(at, this.blocked.get(key) ?? 0);
    // Each pass either accepts `at` or moves it strictly later, past a slot that fills a window.
    for (let moved = true; moved; ) {
      moved = false;
      for (const { key, limits } of keys) {
        const next = this.earliestFit(this.slots.get(key) ?? [], limits, at);
        if (next > at) {
          at = next;
          moved = true;
        }
      }
    }
    return at;
  }

  /**
   * The first instant ≥ `at` at which one more slot fits every window. Only windows containing the
   * candidate matter, and the fullest of those starts at an existing slot or at the candidate itself;
   * when one is full the candidate moves to just after its first slot leaves the window.
   */
  private earliestFit(slots: readonly number[], limits: readonly WindowLimit[], at: number): number {
    let candidate = at;
    for (let moved = true; moved; ) {
      moved = false;
      for (const { max, windowMs } of limits) {
        const width = windowMs + this.marginMs;
        // Windows [start, start + width) that contain the candidate: starting at the candidate or at a slot before it.
        const first = upperBound(slots, candidate - width);
        const last = upperBound(slots, candidate);
        const starts = [candidate, ...slots.slice(first, last)];
        for (const start of starts) {
          const from = lowerBound(slots, start);
          const count = lowerBound(slots, start + width) - from;
          if (count + 1 > max) {
            const leaves = slots[from]! + width;
            if (leaves > candidate) {
              candidate = leaves;
              moved = true;
            }
          }
        }
      }
    }
    return candidate;
  }

  private slotsOf(key: string): number[] {
    let list = this.slots.get(key);
    if (!list) {
      list = [];
      this.slots.set(key, list);
    }
    return list;
  }

  private prune(key: string, now: number, limits: readonly WindowLimit[]): void {
    const list = this.slots.get(key);
    if (!list) return;
    const widest = Math.max(...limits.map((limit) => limit.windowMs)) + this.marginMs;
    let drop = 0;
    while (drop < list.length && list[drop]! <= now - widest) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) this.slots.delete(key);
  }

  /** Forgets keys idle for longer than any window, so a long-running worker does not grow without bound. */
  private sweep(now: number): void {
    const horizon = 60 * 60 * 1000;
    for (const [key, list] of this.slots) if (list.length === 0 || list[list.length - 1]! < now - horizon) this.slots.delete(key);
    for (const [key, until] of this.blocked) if (until < now) this.blocked.delete(key);
  }
}

function insertSorted(list: number[], value: number): void {
  list.splice(upperBound(list, value), 0, value);
}

/** Index of the first element ≥ value. */
function lowerBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first element > value. */
function upperBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
