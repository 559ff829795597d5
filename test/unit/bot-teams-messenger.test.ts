import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotFrameworkRuntime } from '../../bot/src/adapter/bot-framework-endpoint';
import { BotFrameworkTeamsDelivery } from '../../bot/src/adapter/teams-delivery';
import { demoFirm, DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { OutboundMessage } from '../../core/domain/outbound-message';
import { ValidationError } from '../../core/errors';
import { messageIdFor, type OutgoingMessage } from '../../core/services/messenger';
import { TeamsConversations } from '../../core/services/teams-conversations';
import { deliveryOf, TeamsMessenger, TeamsRetryableError } from '../../core/services/teams-messenger';
import { SlidingWindowLimiter } from '../../core/services/teams-rate-limiter';
import { seedRecords } from '../../core/store/seed';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { BotConnectorEmulator } from '../support/bot-connector-emulator';

/**
 * The TeamsMessenger with the real Bot Framework delivery, against the Bot Connector emulator (which
 * injects Teams' 429s, 5xx and 403s). Time is the test's own: the messenger's clock moves only when it
 * sleeps, so Retry-After waits and pacing are exact and take no real time.
 */
const ALEJANDRO_AAD = '3f1f6d7e-1111-4a2b-9c3d-000000000001';
const PETER_AAD = '3f1f6d7e-1111-4a2b-9c3d-000000000003';

let dir: string;
let store: SqliteStore;
let conversations: TeamsConversations;
let emulator: BotConnectorEmulator;
let delivery: BotFrameworkTeamsDelivery;
let waits: number[];
let rendered: OutboundMessage[];
let nowMs: number;
let limiter: SlidingWindowLimiter;

function messenger(overrides: Partial<ConstructorParameters<typeof TeamsMessenger>[0]> = {}) {
  return new TeamsMessenger({
    store,
    conversations,
    delivery,
    render: async (message) => {
      rendered.push(message);
      return { card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: message.text }] } };
    },
    canDeliverTo: () => true,
    // Time moves only when the messenger sleeps: waits are exact and the test takes no real time.
    clock: () => new Date(nowMs),
    limiter,
    sleep: async (ms) => {
      waits.push(ms);
      nowMs += ms;
    },
    ...overrides,
  });
}

let sequence = 0;
const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  key: `process/test/${++sequence}/review_request/alejandro`,
  tenantId: DEMO_TENANT_ID,
  accountId: 'northwind',
  recipient: { kind: 'person', personId: 'alejandro' },
  purpose: 'review_request',
  process: { kind: 'standards_review', workflowId: 'process/test/1' },
  text: 'Your standards review is open.',
  ...overrides,
});

async function stored(key: string): Promise<OutboundMessage> {
  return (await store.records.get('outboundMessage', { tenantId: DEMO_TENANT_ID, id: messageIdFor(key), accountId: 'northwind' }))!.record;
}

beforeAll(async () => {
  emulator = await BotConnectorEmulator.start();
  // No app credentials: botbuilder calls the connector anonymously, as in local mode.
  delivery = new BotFrameworkTeamsDelivery(new BotFrameworkRuntime({ appType: 'MultiTenant' }, () => undefined));
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(async () => {
  emulator.reset();
  dir = mkdtempSync(join(tmpdir(), 'teams-messenger-'));
  store = new SqliteStore(join(dir, 'store.db'));
  await seedRecords(store, demoFirm(new Date()));
  conversations = new TeamsConversations(store);
  waits = [];
  rendered = [];
  nowMs = Date.now();
  limiter = new SlidingWindowLimiter({ clock: () => nowMs, marginMs: 0 });
  // Alejandro has installed the app personally; the leadership channel is installed and linked.
  const reference = (conversationId: string, conversationType: string) => ({ channelId: 'msteams', serviceUrl: emulator.url, bot: { id: '28:bot' }, conversation: { id: conversationId, conversationType, tenantId: DEMO_TENANT_ID } });
  await conversations.seen({ tenantId: DEMO_TENANT_ID, conversationId: 'a:alejandro', kind: 'personal', personId: 'alejandro', serviceUrl: emulator.url, reference: reference('a:alejandro', 'personal') });
  await conversations.seen({ tenantId: DEMO_TENANT_ID, conversationId: '19:leaders@thread.tacv2', kind: 'channel', serviceUrl: emulator.url, reference: reference('19:leaders@thread.tacv2', 'channel') });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Teams messenger', () => {
  it('records a message, delivers it to the person’s personal chat and marks it delivered', async () => {
    const sent = message();
    const result = await messenger().send(sent);
    expect(result).toEqual({ messageId: messageIdFor(sent.key), duplicate: false });
    expect(emulator.activities).toHaveLength(1);
    expect(emulator.activities[0]!.conversationId).toBe('a:alejandro');
    const record = await stored(sent.key);
    expect(record.status).toBe('delivered');
    expect(record.deliveredAt).toBeDefined();
    expect(deliveryOf(record)).toMatchObject({ conversationId: 'a:alejandro', activityId: emulator.activities[0]!.activityId });
    expect(deliveryOf(record).claim).toBeUndefined();
    // The card builders never see the delivery bookkeeping.
    expect(rendered[0]!.payload.delivery).toBeUndefined();
  });

  it('never posts twice when the activity is retried with the same key', async () => {
    const sent = message();
    const teams = messenger();
    await teams.send(sent);
    const again = await teams.send(sent);
    expect(again.duplicate).toBe(true);
    expect(emulator.activities).toHaveLength(1);
  });

  it('lets only one of two concurrent attempts of the same message post', async () => {
    const sent = message();
    const open = emulator.hold();
    const first = messenger().send(sent);
    await emulator.waitFor(() => emulator.held > 0, 10_000, 'the first attempt’s send'); // it holds its claim, waiting on Teams
    await expect(messenger().send(sent)).rejects.toBeInstanceOf(TeamsRetryableError);
    open();
    await first;
    expect(emulator.activities).toHaveLength(1);
  });

  it('posts the leadership channel’s messages to the account’s linked channel', async () => {
    await conversations.link(DEMO_TENANT_ID, '19:leaders@thread.tacv2', 'northwind', 'alejandro');
    await messenger().send(message({ key: 'summary-1', recipient: { kind: 'leadership_channel' }, purpose: 'review_summary' }));
    expect(emulator.activities[0]!.conversationId).toBe('19:leaders@thread.tacv2');
  });

  it('fails a channel message with its reason when no channel is linked, without failing the process', async () => {
    const sent = message({ key: 'summary-2', recipient: { kind: 'leadership_channel' }, purpose: 'review_summary' });
    await expect(messenger().send(sent)).resolves.toMatchObject({ duplicate: false });
    const record = await stored(sent.key);
    expect(record.status).toBe('failed');
    expect(deliveryOf(record).failure?.reason).toMatch(/no Teams channel or group chat is linked/);
    expect(emulator.activities).toHaveLength(0);
  });

  it('opens a personal chat through the connector for a person with an Entra object id on record', async () => {
    const peter = (await store.records.get('person', { tenantId: DEMO_TENANT_ID, id: 'peter' }))!;
    await store.records.replace('person', { ...peter.record, aadObjectId: PETER_AAD }, peter.etag);
    await messenger().send(message({ key: 'to-peter', recipient: { kind: 'person', personId: 'peter' } }));
    expect(emulator.conversations.map((created) => created.members[0]!.aadObjectId)).toEqual([PETER_AAD]);
    expect(emulator.activities[0]!.conversationId).toBe(`a:personal-${PETER_AAD}`);
    // The new chat is remembered: the next message goes straight there.
    expect((await conversations.personalChatOf(DEMO_TENANT_ID, 'peter'))?.conversationId).toBe(`a:personal-${PETER_AAD}`);
    await messenger().send(message({ key: 'to-peter-2', recipient: { kind: 'person', personId: 'peter' } }));
    expect(emulator.conversations).toHaveLength(1);
  });

  it('fails a message to someone Teams cannot reach yet, naming why', async () => {
    const sent = message({ key: 'to-stephanie', recipient: { kind: 'person', personId: 'stephanie' } });
    await messenger().send(sent);
    expect(deliveryOf(await stored(sent.key)).failure?.reason).toMatch(/Stephanie Cho has no personal chat with the bot and no Entra object id/);
  });

  it('waits out a 429’s Retry-After and sends once Teams accepts', async () => {
    emulator.inject({ status: 429, retryAfterSeconds: 1.5 });
    const sent = message();
    await messenger().send(sent);
    expect(waits.some((ms) => ms >= 1400)).toBe(true);
    expect(emulator.activities).toHaveLength(1);
    expect((await stored(sent.key)).status).toBe('delivered');
  });

  it('gives a persistent 429 back to Temporal as retryable, leaving the message to be delivered by the retry', async () => {
    emulator.inject({ status: 429, retryAfterSeconds: 1, times: 4 });
    const sent = message();
    await expect(messenger({ maxThrottleRetries: 3 }).send(sent)).rejects.toMatchObject({ name: 'TeamsRetryableError', status: 429 });
    const record = await stored(sent.key);
    expect(record.status).toBe('recorded');
    expect(deliveryOf(record).claim).toBeUndefined();
    await messenger().send(sent); // Temporal's retry
    expect(emulator.activities).toHaveLength(1);
    expect((await stored(sent.key)).status).toBe('delivered');
  });

  it.each([412, 502, 503, 504])('throws a retryable error on %i, and the retry delivers once', async (status) => {
    emulator.inject({ status });
    const sent = message();
    await expect(messenger().send(sent)).rejects.toBeInstanceOf(TeamsRetryableError);
    await messenger().send(sent);
    expect(emulator.activities).toHaveLength(1);
  });

  it('never sends a message over Teams’ size limit: it fails for good, with the reason recorded', async () => {
    const sent = message();
    const huge = messenger({ render: async () => ({ card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'x'.repeat(45_000) }] } }) });
    const failure = await huge.send(sent).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as Error).name).toBe('ValidationError'); // non-retryable in every workflow's retry policy
    const record = await stored(sent.key);
    expect(record.status).toBe('failed');
    expect(deliveryOf(record).failure?.reason).toMatch(/card is \d+ bytes; Teams accepts at most 40960/);
    expect(emulator.activities).toHaveLength(0);
    // A retry of the same activity finds it failed and sends nothing.
    await expect(messenger().send(sent)).resolves.toMatchObject({ duplicate: true });
    expect(emulator.activities).toHaveLength(0);
  });

  it('marks a message failed when Teams says the bot was removed from the chat (403)', async () => {
    emulator.inject({ status: 403 });
    const sent = message();
    await messenger().send(sent);
    const record = await stored(sent.key);
    expect(record.status).toBe('failed');
    expect(deliveryOf(record).failure?.reason).toMatch(/403/);
  });

  it('only records in local mode when the conversation is not local', async () => {
    const sent = message();
    await messenger({ canDeliverTo: () => false }).send(sent);
    expect(emulator.activities).toHaveLength(0);
    expect((await stored(sent.key)).status).toBe('recorded');
  });

  it('leaves a message nobody can receive recorded in local mode, as the StoreMessenger would', async () => {
    const sent = message({ key: 'local-summary', recipient: { kind: 'leadership_channel' }, purpose: 'review_summary' });
    await messenger({ recordWhenUnreachable: true }).send(sent);
    const record = await stored(sent.key);
    expect(record.status).toBe('recorded');
    expect(deliveryOf(record)).toEqual({});
  });

  it('paces a burst into one conversation to seven a second', async () => {
    const teams = messenger();
    const start = nowMs;
    const taken: number[] = [];
    const tryTake = limiter.tryTake.bind(limiter);
    limiter.tryTake = (keys) => {
      const attempt = tryTake(keys);
      if (attempt.taken) taken.push(nowMs - start);
      return attempt;
    };
    await Promise.all(Array.from({ length: 9 }, () => teams.send(message())));
    expect(emulator.activities).toHaveLength(9);
    expect(taken).toEqual([0, 0, 0, 0, 0, 0, 0, 1000, 1000]);
  });

  it('keeps Alejandro’s Entra object id when his roster entry is matched by address', async () => {
    const found = await conversations.matchMember(DEMO_TENANT_ID, { id: '29:alejandro', aadObjectId: ALEJANDRO_AAD, email: 'Alejandro.Ruiz@hartwell-lowe.example' });
    expect(found?.person.id).toBe('alejandro');
    expect((await store.records.get('person', { tenantId: DEMO_TENANT_ID, id: 'alejandro' }))!.record.aadObjectId).toBe(ALEJANDRO_AAD);
    expect((await conversations.personByAadObjectId(DEMO_TENANT_ID, ALEJANDRO_AAD))?.id).toBe('alejandro');
    // Another Entra identity with his address is not him.
    expect(await conversations.matchMember(DEMO_TENANT_ID, { id: '29:impostor', aadObjectId: PETER_AAD.replace('3f1f', '9f9f'), email: 'alejandro.ruiz@hartwell-lowe.example' })).toBeUndefined();
  });
});
