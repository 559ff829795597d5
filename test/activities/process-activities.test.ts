import { MockActivityEnvironment } from '@temporalio/testing';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { StoreMessenger } from '../../core/services/messenger';
import type { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { createActivities } from '../../workflows/src/activities';
import { openDemoStore, type DemoStore } from '../support/demo-store';
import { asRecord, quarterlyReview } from '../support/process-configs';

/**
 * Activities run in the SDK's mock activity environment over a real SQLite store: the point is what
 * Temporal's retries do to them — run twice, they must have the effect of once.
 */
const NOW = new Date('2026-11-28T15:00:00Z');
let demo: DemoStore;
let store: SqliteStore;
let activities: ReturnType<typeof createActivities>;
const mockEnvironment = new MockActivityEnvironment({ attempt: 2 });
/** Runs an activity in the mock activity context, keeping its result type. */
const env = { run: <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> => mockEnvironment.run(fn, ...args) as Promise<R> };
const ref = { tenantId: DEMO_TENANT_ID, accountId: 'northwind', delegationId: 'rd-credit-map' };

beforeEach(async () => {
  demo = await openDemoStore(NOW);
  store = demo.store;
  activities = createActivities({ store, messenger: new StoreMessenger(store) });
});
afterEach(async () => {
  await demo.dispose();
});

const messages = async () => (await store.records.list('outboundMessage', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).map((found) => found.record);

describe('delegation activities', () => {
  const checkIn = { checkInId: 'week-3', personId: 'tom', status: 'at_risk' as const, clientUpdates: 'CFO wants plant 3 included', questions: 'Do we re-price?', at: NOW.toISOString() };

  it('records a retried check-in once, with one digest to the delegator and one interaction', async () => {
    const input = { ...ref, delegatorId: 'stephanie', delegateId: 'tom', checkIn };
    await env.run(activities.delegationRecordCheckIn, input);
    await env.run(activities.delegationRecordCheckIn, input);
    const delegation = (await store.records.get('delegation', { tenantId: DEMO_TENANT_ID, id: 'rd-credit-map' }))!.record;
    expect(delegation.checkIns.filter((item) => item.id === 'week-3')).toHaveLength(1);
    expect(delegation.status).toBe('at_risk');
    const digests = (await messages()).filter((message) => message.purpose === 'check_in_digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ recipient: { kind: 'person', personId: 'stephanie' } });
    expect(digests[0]!.text).toMatch(/CFO wants plant 3 included/);
    const interactions = await store.records.list('interaction', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' });
    expect(interactions.map((found) => [found.record.fromId, found.record.toId, found.record.via])).toEqual([['tom', 'stephanie', 'check_in']]);
  });

  it('escalates a missed period once, marking the delegation at risk', async () => {
    const input = { ...ref, delegatorId: 'stephanie', periodIndex: 4, reason: 'No check-in 72 hours after it fell due', at: NOW.toISOString() };
    await env.run(activities.delegationEscalate, input);
    await env.run(activities.delegationEscalate, input);
    const delegation = (await store.records.get('delegation', { tenantId: DEMO_TENANT_ID, id: 'rd-credit-map' }))!.record;
    expect(delegation.escalations).toHaveLength(1);
    expect(delegation.status).toBe('at_risk');
    expect((await messages()).filter((message) => message.purpose === 'check_in_escalation')).toHaveLength(1);
  });

  it('escalates two overdue periods escalated at the same instant as two escalations', async () => {
    const base = { ...ref, delegatorId: 'stephanie', reason: 'No check-in', at: NOW.toISOString() };
    await env.run(activities.delegationEscalate, { ...base, periodIndex: 0 });
    await env.run(activities.delegationEscalate, { ...base, periodIndex: 1 });
    const delegation = (await store.records.get('delegation', { tenantId: DEMO_TENANT_ID, id: 'rd-credit-map' }))!.record;
    expect(delegation.escalations.map((escalation) => escalation.periodIndex)).toEqual([0, 1]);
    expect((await messages()).filter((message) => message.purpose === 'check_in_escalation')).toHaveLength(2);
  });

  it('reads the follow-up policy from the account’s config, or none', async () => {
    expect(await env.run(activities.delegationPolicy, ref)).toBeUndefined();
    await store.records.create('processConfig', {
      tenantId: DEMO_TENANT_ID,
      accountId: 'northwind',
      id: 'delegation-policy',
      kind: 'delegation_follow_up',
      name: 'Delegation check-ins',
      participantIds: ['alejandro'],
      reminderAfterHours: 12,
      escalateAfterHours: 36,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    expect(await env.run(activities.delegationPolicy, ref)).toEqual({ reminderAfterHours: 12, escalateAfterHours: 36 });
  });

  it('refuses to record a check-in on a delegation that does not exist', async () => {
    await expect(env.run(activities.delegationRecordCheckIn, { ...ref, delegationId: 'nope', delegatorId: 'stephanie', delegateId: 'tom', checkIn })).rejects.toThrow(/delegation nope not found/);
  });
});

describe('common activities', () => {
  it('sends a message once per key', async () => {
    const message = {
      key: 'k-1',
      tenantId: DEMO_TENANT_ID,
      accountId: 'northwind',
      recipient: { kind: 'person' as const, personId: 'maya' },
      purpose: 'check_in_prompt' as const,
      process: { kind: 'delegation_follow_up' as const, workflowId: 'w' },
      text: 'Time for your check-in',
    };
    const first = await env.run(activities.sendMessage, message);
    const second = await env.run(activities.sendMessage, message);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ messageId: first.messageId, duplicate: true });
    expect(await messages()).toHaveLength(1);
  });

  it('moves a prompt out of a person’s quiet hours', async () => {
    const maya = (await store.records.get('person', { tenantId: DEMO_TENANT_ID, id: 'maya' }))!;
    await store.records.replace('person', { ...maya.record, quietHours: [{ start: '18:30', end: '21:00', days: [] }] }, maya.etag);
    // 19:00 in Chicago → 21:00 Chicago (03:00Z next day)
    expect(await env.run(activities.nextSendableTime, { tenantId: DEMO_TENANT_ID, personId: 'maya', at: '2026-11-29T01:00:00.000Z' })).toBe('2026-11-29T03:00:00.000Z');
    expect(await env.run(activities.nextSendableTime, { tenantId: DEMO_TENANT_ID, personId: 'maya', at: '2026-11-28T18:00:00.000Z' })).toBe('2026-11-28T18:00:00.000Z');
  });
});

describe('standards review activities', () => {
  beforeEach(async () => {
    const config = quarterlyReview({
      name: 'Quarterly review',
      cadence: { timeZone: 'America/Chicago', hour: 9, daysOfMonth: [1], months: [1, 4, 7, 10] },
      participantIds: ['alejandro', 'stephanie', 'peter'],
      answerWindowDays: 7,
      reminderAfterHours: 48,
      escalateAfterHours: 96,
    });
    await store.records.create('processConfig', asRecord(config, { tenantId: DEMO_TENANT_ID, id: 'quarterly', now: NOW }));
  });

  it('opens a cycle once, with the same snapshot when retried', async () => {
    const input = { tenantId: DEMO_TENANT_ID, accountId: 'northwind', configId: 'quarterly', workflowId: 'process/t/quarterly-2026-10-01', openedAt: NOW.toISOString() };
    const first = await env.run(activities.reviewOpen, input);
    const again = await env.run(activities.reviewOpen, { ...input, openedAt: new Date(NOW.getTime() + 60_000).toISOString() });
    expect(again).toEqual(first);
    expect(first.run).toBe(true);
    expect(first.leaderIds).toEqual(['alejandro', 'stephanie', 'peter']);
    expect(first.snapshot.standards.map((standard) => standard.id)).toEqual(['tensions-on-agenda', 'bad-news-early', 'answer-fast']);
    expect(first.reminderAt).toBe('2026-11-30T15:00:00.000Z');
    expect(await store.records.list('standardsReview', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).toHaveLength(1);
  });

  it('skips a run whose config has gone', async () => {
    const opened = await env.run(activities.reviewOpen, { tenantId: DEMO_TENANT_ID, accountId: 'northwind', configId: 'deleted', workflowId: 'w-deleted', openedAt: NOW.toISOString() });
    expect(opened).toMatchObject({ run: false, reason: 'the process config no longer exists' });
  });

  it('ends an off-week run of an every-second-week cadence at once', async () => {
    const config = quarterlyReview({
      name: 'Fortnightly review',
      cadence: { timeZone: 'America/Chicago', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2026-11-19' },
      participantIds: ['alejandro', 'stephanie', 'peter'],
      answerWindowDays: 5,
      reminderAfterHours: 48,
      escalateAfterHours: 96,
    });
    await store.records.create('processConfig', asRecord(config, { tenantId: DEMO_TENANT_ID, id: 'fortnightly', now: NOW }));
    const open = (openedAt: string, workflowId: string) => env.run(activities.reviewOpen, { tenantId: DEMO_TENANT_ID, accountId: 'northwind', configId: 'fortnightly', workflowId, openedAt });
    expect(await open('2026-11-26T15:00:00Z', 'off-week')).toMatchObject({ run: false, reason: 'not a scheduled week of this cadence' });
    expect((await open('2026-12-03T15:00:00Z', 'on-week')).run).toBe(true);
  });

  it('gives each cycle of a config with a 128-character id its own review, the scheduled time kept in the id', async () => {
    const configId = `quarterly-${'x'.repeat(118)}`;
    expect(configId).toHaveLength(128);
    const config = quarterlyReview({
      name: 'Quarterly review (long id)',
      cadence: { timeZone: 'America/Chicago', hour: 9, daysOfMonth: [1], months: [1, 4, 7, 10] },
      participantIds: ['alejandro', 'stephanie', 'peter'],
      answerWindowDays: 7,
      reminderAfterHours: 48,
      escalateAfterHours: 96,
    });
    await store.records.create('processConfig', asRecord(config, { tenantId: DEMO_TENANT_ID, id: configId, now: NOW }));
    // What the Schedule starts: process/<tenant>/<config>-<scheduled time>, one id per cycle.
    const open = (scheduledAt: string) =>
      env.run(activities.reviewOpen, { tenantId: DEMO_TENANT_ID, accountId: 'northwind', configId, workflowId: `process/${DEMO_TENANT_ID}/${configId}-${scheduledAt}`, openedAt: scheduledAt });
    const first = await open('2026-10-01T14:00:00Z');
    const second = await open('2027-01-01T15:00:00Z');
    expect(first.run && second.run).toBe(true);
    expect(second.reviewId).not.toBe(first.reviewId);
    expect(second.cycle).not.toBe(first.cycle);
    for (const reviewId of [first.reviewId, second.reviewId]) expect(reviewId.length).toBeLessThanOrEqual(128);
    // A retried open of a cycle still finds that cycle's review.
    expect(await open('2027-01-01T15:00:00Z')).toEqual(second);
    const reviews = (await store.records.list('standardsReview', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).map((found) => found.record);
    expect(reviews.map((review) => review.id).sort()).toEqual([first.reviewId, second.reviewId].sort());
    // An answer to the second cycle lands in the second review only.
    const submission = { answerId: 'a-long', leaderId: 'peter', ratings: { 'tensions-on-agenda': 4, 'bad-news-early': 4, 'answer-fast': 4 }, roleClarity: 4 };
    await env.run(activities.reviewRecordAnswer, { tenantId: DEMO_TENANT_ID, accountId: 'northwind', reviewId: second.reviewId, submission });
    const answers = async (reviewId: string) => (await store.records.get('standardsReview', { tenantId: DEMO_TENANT_ID, id: reviewId, accountId: 'northwind' }))!.record.answers;
    expect(await answers(first.reviewId)).toEqual([]);
    expect((await answers(second.reviewId)).map((answer) => answer.leaderId)).toEqual(['peter']);
  });

  it('keeps the plain review id for a workflow id that fits, as running reviews carry it', async () => {
    const opened = await env.run(activities.reviewOpen, { tenantId: DEMO_TENANT_ID, accountId: 'northwind', configId: 'quarterly', workflowId: `process/${DEMO_TENANT_ID}/quarterly-2026-10-01T14:00:00Z`, openedAt: NOW.toISOString() });
    expect(opened.reviewId).toBe('review-quarterly-2026-10-01T14:00:00Z');
  });

  it('keeps one answer per leader and closes once', async () => {
    const opened = await env.run(activities.reviewOpen, { tenantId: DEMO_TENANT_ID, accountId: 'northwind', configId: 'quarterly', workflowId: 'w-answers', openedAt: NOW.toISOString() });
    const submission = (rating: number) => ({ answerId: `a-${rating}`, leaderId: 'peter', ratings: { 'tensions-on-agenda': rating, 'bad-news-early': rating, 'answer-fast': rating }, roleClarity: 4 });
    const target = { tenantId: DEMO_TENANT_ID, accountId: 'northwind', reviewId: opened.reviewId };
    await env.run(activities.reviewRecordAnswer, { ...target, submission: submission(2) });
    await env.run(activities.reviewRecordAnswer, { ...target, submission: submission(5) });
    const closing = { ...target, closedAt: new Date(NOW.getTime() + 7 * 86_400_000).toISOString() };
    const first = await env.run(activities.reviewClose, closing);
    const second = await env.run(activities.reviewClose, closing);
    expect(second.results).toEqual(first.results);
    expect(first.results.averageByStandard['answer-fast']).toBe(5);
    expect(first.results.missing).toEqual(['alejandro', 'stephanie']);
    expect(first.summaryText).toMatch(/1 of 3 leaders answered/);
    expect(first.summaryText).toMatch(/Not answered: Alejandro Ruiz, Stephanie Cho/);
  });
});
