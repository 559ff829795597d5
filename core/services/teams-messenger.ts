import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { ConversationReference } from '../domain/conversation-reference';
import type { OutboundMessage } from '../domain/outbound-message';
import { ValidationError } from '../errors';
import type { Store, Versioned } from '../store/ports';
import { updateRecord } from '../store/update-record';
import { StoreMessenger, type Messenger, type OutgoingMessage, type SendResult } from './messenger';
import { conversationKeyOf, SlidingWindowLimiter, teamsSendKeys } from './teams-rate-limiter';
import type { TeamsConversations } from './teams-conversations';

/** What one proactive message looks like on the wire: markdown text, an Adaptive Card, or both. */
export interface TeamsMessage {
  text?: string;
  card?: Record<string, unknown>;
}

/** Where a proactive message goes: a stored conversation reference. */
export interface ProactiveTarget {
  conversationId: string;
  serviceUrl: string;
  reference: Record<string, unknown>;
}

/**
 * The Bot Connector calls the messenger needs, implemented by the botbuilder adapter
 * (bot/src/adapter/teams-delivery.ts). Failures are TeamsDeliveryError with the HTTP status.
 */
export interface TeamsDelivery {
  /**
   * Sends one message. `pace` must be awaited immediately before the request goes on the wire (as late
   * as the implementation can): it waits for a send slot and records the send against Teams' limits.
   * The function it resolves to must be called when the answer is back (success or failure).
   */
  send(target: ProactiveTarget, message: TeamsMessage, pace: () => Promise<() => void>): Promise<{ activityId?: string }>;
  /** Opens (or finds) the 1:1 chat between the bot and a user; Teams allows it once the app is installed for them. */
  createPersonalChat(input: { tenantId: string; serviceUrl: string; reference: Record<string, unknown>; aadObjectId: string }): Promise<ProactiveTarget>;
}

/** A failed Bot Connector call. `status` is absent for network errors. */
export class TeamsDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** From a 429's Retry-After header. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
  override get name(): string {
    return 'TeamsDeliveryError';
  }
}

/**
 * Thrown for failures worth retrying (throttling past our bound, 412/5xx, network): Temporal retries the
 * activity with its backoff. Any error type other than ValidationError/NotFoundError is retryable in the
 * workflows' retry policies.
 */
export class TeamsRetryableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
  override get name(): string {
    return 'TeamsRetryableError';
  }
}

/** Teams' size limits (UTF-8 bytes): a message's text, and an Adaptive Card attachment. */
export const TEAMS_MAX_TEXT_BYTES = 28 * 1024;
export const TEAMS_MAX_CARD_BYTES = 40 * 1024;

/** Statuses retried besides every 5xx (and network errors, which have none). */
const RETRYABLE_STATUSES = new Set([401, 408, 412]);

export interface TeamsMessengerOptions {
  store: Store;
  conversations: TeamsConversations;
  delivery: TeamsDelivery;
  /** Renders the recorded message (cardForMessage in bot/src/cards) for where it goes. */
  render: (message: OutboundMessage, target: ProactiveTarget) => Promise<TeamsMessage>;
  /**
   * Whether this process may deliver to a serviceUrl. With bot credentials: everywhere. In local mode
   * (no credentials, so real Teams would refuse us): only to a local emulator or the Agents Playground;
   * messages for anywhere else are recorded and left `recorded`, exactly as the StoreMessenger does.
   */
  canDeliverTo: (serviceUrl: string) => boolean;
  /**
   * Local mode: a message with nowhere to go in Teams (nobody installed the app) stays `recorded`, as
   * with the StoreMessenger, instead of failing with the reason as it does with real Teams.
   */
  recordWhenUnreachable?: boolean;
  limiter?: SlidingWindowLimiter;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait for a pacing slot inside one activity attempt; beyond it the attempt gives up (retryably). */
  maxPacingWaitMs?: number;
  /** 429s honoured inside one attempt (waiting Retry-After) before giving the retry to Temporal. */
  maxThrottleRetries?: number;
  maxThrottleWaitMs?: number;
  /** How long one attempt owns a message it is delivering; a crashed attempt's claim expires after this. */
  claimMs?: number;
  /**
   * How many messages are prepared (recorded, resolved, claimed, rendered) at once. A fan-out of a
   * hundred sends would otherwise interleave all their store work and render every card before the
   * first one leaves; preparing a few at a time, first come first served, puts the first ones on the
   * wire at once while the rest prepare during the pacing waits.
   */
  preparing?: number;
  log?: (line: string) => void;
}

type Outcome = { kind: 'deliver'; target: ProactiveTarget } | { kind: 'undeliverable'; reason: string } | { kind: 'record-only' };

/**
 * The Messenger that reaches people in Teams. Every message is first recorded through the
 * StoreMessenger (the same record and idempotency key the workflows already rely on); delivery then
 * happens behind that record:
 *
 * 1. the record's status says whether it was delivered (or failed) already — a retried activity finds
 *    that and posts nothing;
 * 2. the target is resolved: the person's personal chat (opened through the connector when missing)
 *    or the account's linked channel; a recipient Teams cannot reach is marked `failed` with the reason
 *    and the send returns, so one person without the app does not fail a whole process;
 * 3. a short claim on the record (written with its etag) keeps two concurrent attempts of the same
 *    activity (a timed-out attempt still running beside its retry) from both posting;
 * 4. the message is rendered (cardForMessage) and checked against Teams' size limits — too large is a
 *    non-retryable failure (ValidationError) with the reason on the record, never a truncated post;
 * 5. the send waits for a pacing slot at the moment it goes on the wire (teams-rate-limiter: per
 *    conversation and per tenant);
 * 6. a 429 is honoured (Retry-After, also holding back the conversation's other sends) and retried
 *    within the attempt up to a bound; then, like 412/5xx and network errors, it is thrown as a
 *    retryable error so Temporal retries the activity with its backoff;
 * 7. success marks the record `delivered` with the Teams activity id.
 *
 * The remaining window for a double post is a crash after Teams accepted the message and before the
 * record says so: the Bot Connector has no idempotency key, so at-least-once is the best possible there.
 */
export class TeamsMessenger implements Messenger {
  private readonly recorder: StoreMessenger;
  private readonly limiter: SlidingWindowLimiter;
  private readonly clock: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  private readonly preparation: FifoGate;

  constructor(private readonly options: TeamsMessengerOptions) {
    this.preparation = new FifoGate(options.preparing ?? 4);
    this.clock = options.clock ?? (() => new Date());
    this.recorder = new StoreMessenger(options.store, this.clock);
    this.limiter = options.limiter ?? new SlidingWindowLimiter();
    this.sleep = options.sleep ?? ((ms) => delay(ms));
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const prepared = await this.preparation.run(() => this.prepare(message));
    if (prepared.kind === 'done') return prepared.result;
    const { recorded, ref, attemptId, target, rendered } = prepared;
    try {
      const sent = await this.deliver(message.tenantId, target, rendered);
      await this.finish(ref, attemptId, { status: 'delivered', activityId: sent.activityId, conversationId: target.conversationId });
      return recorded;
    } catch (error) {
      if (error instanceof TeamsDeliveryError && (error.status === 403 || error.status === 404)) {
        // The bot was removed or blocked, or the chat no longer exists: nothing a retry can fix.
        const reason = `Teams refused the conversation (${error.status}): ${error.message}`;
        await this.finish(ref, attemptId, { status: 'failed', reason });
        if (error.status === 404) await this.options.conversations.removed(message.tenantId, target.conversationId);
        return recorded;
      }
      if (error instanceof TeamsDeliveryError && error.status === 413) {
        const reason = `Teams rejected the message as too large: ${error.message}`;
        await this.finish(ref, attemptId, { status: 'failed', reason });
        throw new ValidationError(`message ${recorded.messageId} cannot be sent to Teams: ${reason}`);
      }
      await this.release(ref, attemptId).catch(() => undefined);
      if (error instanceof TeamsRetryableError) throw error;
      if (error instanceof TeamsDeliveryError) {
        const retryable = error.status === undefined || error.status >= 500 || RETRYABLE_STATUSES.has(error.status);
        if (retryable) throw new TeamsRetryableError(`Teams send failed${error.status ? ` (${error.status})` : ''}: ${error.message}`, error.status);
        const reason = `Teams rejected the message (${error.status}): ${error.message}`;
        await this.finish(ref, attemptId, { status: 'failed', reason }).catch(() => undefined);
        throw new ValidationError(`message ${recorded.messageId} cannot be sent to Teams: ${reason}`);
      }
      throw new TeamsRetryableError(`Teams send failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Records the message and gets it ready to send, or says there is nothing (more) to send. */
  private async prepare(message: OutgoingMessage): Promise<
    | { kind: 'done'; result: SendResult }
    | { kind: 'send'; recorded: SendResult; ref: { tenantId: string; id: string; accountId: string }; attemptId: string; target: ProactiveTarget; rendered: TeamsMessage }
  > {
    const { result: recorded, stored } = await this.recorder.record(message);
    const ref = { tenantId: message.tenantId, id: recorded.messageId, accountId: message.accountId };
    // Read back only a message recorded before: an earlier attempt may have delivered it, or be delivering it.
    const current = stored ?? (await this.options.store.records.get('outboundMessage', ref));
    if (!current) throw new TeamsRetryableError(`message ${ref.id} is not recorded`);
    if (current.record.status !== 'recorded') return { kind: 'done', result: { messageId: recorded.messageId, duplicate: true } };

    // Where it goes first (reads only, apart from opening a personal chat, which Teams makes idempotent):
    // a message nobody can receive here costs no further writes.
    const outcome = await this.resolve(current.record);
    if (outcome.kind === 'record-only') return { kind: 'done', result: recorded };
    const attemptId = randomUUID();
    if (outcome.kind === 'undeliverable') {
      await this.finish(ref, attemptId, { status: 'failed', reason: outcome.reason });
      this.options.log?.(`message ${recorded.messageId} not delivered: ${outcome.reason}`);
      return { kind: 'done', result: recorded };
    }

    const claimed = await this.claim(ref, attemptId, current);
    if (!claimed) return { kind: 'done', result: { messageId: recorded.messageId, duplicate: true } };
    const { target } = outcome;
    let rendered: TeamsMessage;
    try {
      rendered = await this.options.render(withoutDelivery(claimed), target);
    } catch (error) {
      await this.release(ref, attemptId).catch(() => undefined);
      throw error;
    }
    const tooLarge = sizeProblem(rendered);
    if (tooLarge) {
      // Never truncated on the way out: the message fails for good, with the reason on its record.
      await this.finish(ref, attemptId, { status: 'failed', reason: tooLarge });
      throw new ValidationError(`message ${recorded.messageId} cannot be sent to Teams: ${tooLarge}`);
    }
    return { kind: 'send', recorded, ref, attemptId, target, rendered };
  }

  /** Paced send with 429 handling inside the attempt. */
  private async deliver(tenantId: string, target: ProactiveTarget, message: TeamsMessage): Promise<{ activityId?: string }> {
    const keys = teamsSendKeys(target.conversationId, tenantId);
    const conversationKey = conversationKeyOf(target.conversationId);
    const maxWait = this.options.maxPacingWaitMs ?? 10_000;
    const maxRetries = this.options.maxThrottleRetries ?? 3;
    const maxThrottleWait = this.options.maxThrottleWaitMs ?? 15_000;
    let throttledFor = 0;
    const pace = async () => {
      const slot = await this.limiter.acquire(keys, this.sleep, maxWait);
      if (!slot) throw new TeamsRetryableError(`pacing: no send slot for this conversation within ${maxWait} ms; retrying later`);
      return () => this.limiter.settle(slot);
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.delivery.send(target, message, pace);
      } catch (error) {
        if (!(error instanceof TeamsDeliveryError) || error.status !== 429) throw error;
        const retryAfter = Math.max(error.retryAfterMs ?? 1000, 100);
        // Everything else queued for this conversation waits too: Teams counts the whole thread.
        this.limiter.blockUntil(conversationKey, this.clock().getTime() + retryAfter);
        throttledFor += retryAfter;
        if (attempt >= maxRetries || throttledFor > maxThrottleWait) {
          throw new TeamsRetryableError(`Teams throttled this conversation (429) ${attempt + 1} times; Temporal retries the send later`, 429);
        }
        this.options.log?.(`Teams returned 429 for ${target.conversationId}; retrying after ${retryAfter} ms`);
      }
    }
  }

  /** Where the message goes, or why it cannot go anywhere. */
  private async resolve(message: OutboundMessage): Promise<Outcome> {
    const { conversations, canDeliverTo } = this.options;
    if (message.recipient.kind === 'leadership_channel') {
      const channel = await conversations.channelOf(message.tenantId, message.accountId);
      if (!channel) return this.unreachable('no Teams channel or group chat is linked to this account yet (a leader links one from the bot’s welcome card)');
      return canDeliverTo(channel.serviceUrl) ? { kind: 'deliver', target: targetOf(channel) } : { kind: 'record-only' };
    }
    const personId = message.recipient.personId;
    const chat = await conversations.personalChatOf(message.tenantId, personId);
    if (chat) return canDeliverTo(chat.serviceUrl) ? { kind: 'deliver', target: targetOf(chat) } : { kind: 'record-only' };

    // No personal chat yet: open one through the connector, which Teams allows once the app is installed for the person.
    const person = await this.options.store.records.get('person', { tenantId: message.tenantId, id: personId });
    if (!person) return this.unreachable(`person ${personId} does not exist`);
    const base = await conversations.anyActive(message.tenantId);
    if (!base) return this.unreachable('Account Teams is not installed anywhere in Teams for this firm yet');
    if (!canDeliverTo(base.serviceUrl)) return { kind: 'record-only' };
    if (!person.record.aadObjectId) {
      return this.unreachable(`${person.record.name} has no personal chat with the bot and no Entra object id on record yet (installing the app in a team they belong to records it)`);
    }
    try {
      const opened = await this.options.delivery.createPersonalChat({ tenantId: message.tenantId, serviceUrl: base.serviceUrl, reference: base.reference, aadObjectId: person.record.aadObjectId });
      await conversations.seen({ tenantId: message.tenantId, conversationId: opened.conversationId, kind: 'personal', serviceUrl: opened.serviceUrl, reference: opened.reference, personId });
      return { kind: 'deliver', target: opened };
    } catch (error) {
      if (error instanceof TeamsDeliveryError && (error.status === 403 || error.status === 404 || error.status === 400)) {
        return this.unreachable(`Teams would not open a personal chat with ${person.record.name} (${error.status}): the app is probably not installed for them`);
      }
      throw error;
    }
  }

  private unreachable(reason: string): Outcome {
    return this.options.recordWhenUnreachable ? { kind: 'record-only' } : { kind: 'undeliverable', reason };
  }

  /**
   * Takes the message for this attempt. Undefined when there is nothing to do (already delivered or
   * failed). Throws a retryable error while another attempt holds a live claim.
   */
  private async claim(ref: { tenantId: string; id: string; accountId: string }, attemptId: string, read?: Versioned<OutboundMessage>): Promise<OutboundMessage | undefined> {
    // The first try uses the version just read; a conflict reads again.
    const claimed = await updateRecord(this.options.store.records, 'outboundMessage', ref, (record) => {
      if (record.status !== 'recorded') return false;
      const delivery = deliveryOf(record);
      const now = this.clock().getTime();
      if (delivery.claim && delivery.claim.by !== attemptId && Date.parse(delivery.claim.until) > now) {
        throw new TeamsRetryableError(`message ${ref.id} is being delivered by another attempt until ${delivery.claim.until}`);
      }
      const until = new Date(now + (this.options.claimMs ?? 60_000)).toISOString();
      setDelivery(record, { ...delivery, claim: { by: attemptId, until } });
      return true;
    }, { ...(read ? { current: read } : {}), missing: () => new TeamsRetryableError(`message ${ref.id} is not recorded`), now: this.clock });
    // Only a message still waiting to go is claimed (and written): anything else was sent or failed already.
    return claimed.status === 'recorded' ? claimed : undefined;
  }

  private async release(ref: { tenantId: string; id: string; accountId: string }, attemptId: string): Promise<void> {
    await this.writeDelivery(ref, attemptId, (record, delivery) => {
      const { claim: _claim, ...rest } = delivery;
      setDelivery(record, rest);
    });
  }

  private async finish(
    ref: { tenantId: string; id: string; accountId: string },
    attemptId: string,
    result: { status: 'delivered'; activityId?: string; conversationId: string } | { status: 'failed'; reason: string },
  ): Promise<void> {
    await this.writeDelivery(ref, attemptId, (record, delivery) => {
      const { claim: _claim, ...rest } = delivery;
      const now = this.clock().toISOString();
      if (result.status === 'delivered') {
        setDelivery(record, { ...rest, conversationId: result.conversationId, ...(result.activityId ? { activityId: result.activityId } : {}) });
        record.status = 'delivered';
        record.deliveredAt = now;
      } else {
        setDelivery(record, { ...rest, failure: { reason: result.reason.slice(0, 1000), at: now } });
        record.status = 'failed';
      }
    });
  }

  /**
   * Writes a change to the delivery bookkeeping (on a copy of the message), as long as the message is
   * still there and waiting to go, and this attempt still holds (or never lost) the claim.
   */
  private async writeDelivery(
    ref: { tenantId: string; id: string; accountId: string },
    attemptId: string,
    change: (record: OutboundMessage, delivery: DeliveryState) => void,
  ): Promise<void> {
    const absent = new Error(`message ${ref.id} is not recorded`);
    try {
      await updateRecord(this.options.store.records, 'outboundMessage', ref, (record) => {
        if (record.status !== 'recorded') return false;
        const delivery = deliveryOf(record);
        if (delivery.claim && delivery.claim.by !== attemptId) return false;
        change(record, delivery);
        return true;
      }, { missing: () => absent, now: this.clock });
    } catch (error) {
      if (error !== absent) throw error;
    }
  }
}

/**
 * Delivery bookkeeping lives in the message's payload under `delivery`: the outbound-message schema
 * has a status but no field for a claim, a failure reason or the Teams activity id.
 */
export interface DeliveryState {
  claim?: { by: string; until: string };
  failure?: { reason: string; at: string };
  conversationId?: string;
  activityId?: string;
}

export function deliveryOf(message: Pick<OutboundMessage, 'payload'>): DeliveryState {
  const value = message.payload.delivery;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as DeliveryState) : {};
}

/** Puts the delivery bookkeeping on a message being changed (updateRecord stamps `updatedAt`). */
function setDelivery(record: OutboundMessage, delivery: DeliveryState): void {
  record.payload = { ...record.payload, delivery };
}

/** The message as the card builders see it: without the delivery bookkeeping. */
function withoutDelivery(record: OutboundMessage): OutboundMessage {
  const { delivery: _delivery, ...payload } = record.payload;
  return { ...record, payload };
}

function targetOf(record: ConversationReference): ProactiveTarget {
  return { conversationId: record.conversationId, serviceUrl: record.serviceUrl, reference: record.reference };
}

function sizeProblem(message: TeamsMessage): string | undefined {
  const textBytes = message.text ? Buffer.byteLength(message.text, 'utf8') : 0;
  if (textBytes > TEAMS_MAX_TEXT_BYTES) return `its text is ${textBytes} bytes; Teams accepts at most ${TEAMS_MAX_TEXT_BYTES}`;
  const cardBytes = message.card ? Buffer.byteLength(JSON.stringify(message.card), 'utf8') : 0;
  if (cardBytes > TEAMS_MAX_CARD_BYTES) return `its card is ${cardBytes} bytes; Teams accepts at most ${TEAMS_MAX_CARD_BYTES}`;
  return undefined;
}

/** At most `size` tasks at a time, started in the order they asked. */
class FifoGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    // The store calls of a preparation can all complete in microtasks (SQLite is synchronous): without
    // a turn of the event loop between preparations, sends already on their way would wait for the
    // network until every queued message is prepared.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
