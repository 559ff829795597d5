import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { FEEDBACK_QUESTIONS } from '../../core/domain/feedback-request';
import { IMPACT_QUESTION } from '../../core/domain/agenda-item';
import type { RecordInput } from '../../core/domain/record-kinds';
import { StoreMessenger } from '../../core/services/messenger';
import type { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { createActivities } from '../../workflows/src/activities';
import { meetingTimes, type OpenMeetingResult } from '../../workflows/src/activities/agenda-activities';
import { meetingIdFor } from '../../workflows/src/workflows/facilitated-agenda.contract';
import { openDemoStore, type DemoStore } from '../support/demo-store';
import { asRecord, fortnightlyAgenda, type ConfigOverrides } from '../support/process-configs';

const tenantId = DEMO_TENANT_ID;
const accountId = 'northwind';
const NOW = new Date('2026-03-02T15:00:00.000Z');
let demo: DemoStore;
let store: SqliteStore;
let activities: ReturnType<typeof createActivities>;
let env: MockActivityEnvironment;

const config = (overrides: ConfigOverrides = {}): RecordInput<'processConfig'> =>
  asRecord(
    fortnightlyAgenda({
      name: 'Northwind leadership meeting',
      cadence: { timeZone: 'America/Chicago', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2026-01-01' },
      participantIds: ['alejandro', 'stephanie', 'peter'],
      leadTimeDays: 3,
      answerWindowDays: 5,
      reminderAfterHours: 24,
      escalateAfterHours: 48,
      ...overrides,
    }),
    { tenantId, id: 'fortnightly-agenda', now: NOW },
  );

beforeEach(async () => {
  demo = await openDemoStore(NOW);
  store = demo.store;
  activities = createActivities({ store, messenger: new StoreMessenger(store) });
  env = new MockActivityEnvironment();
});
afterEach(async () => {
  await demo.dispose();
});

/** MockActivityEnvironment.run, typed by the activity it runs. */
const run = <A extends unknown[], R>(activity: (...args: A) => Promise<R>, ...args: A): Promise<R> => env.run(activity, ...args) as Promise<R>;
const items = async () => (await store.records.list('agendaItem', { tenantId, accountId })).map((found) => found.record);
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const open = (meetingId = 'meeting-1', opensAt = '2026-03-02T15:00:00.000Z') =>
  run(activities.agendaOpenMeeting, { tenantId, accountId, configId: 'fortnightly-agenda', workflowId: 'wf-1', meetingId, opensAt });
const opened = (result: OpenMeetingResult) => {
  if (result.skipped !== undefined) throw new Error(`skipped: ${result.skipped}`);
  return result;
};

describe('the meeting times of an agenda run', () => {
  it('puts the meeting lead-time days after opening and the cut-off the day before, at the same wall-clock time', () => {
    const times = meetingTimes('2026-03-02T15:00:00.000Z', 'America/Chicago', 3, 60, 5);
    expect(times).toEqual({
      meetingAt: '2026-03-05T15:00:00.000Z',
      cutoffAt: '2026-03-04T15:00:00.000Z',
      meetingEndsAt: '2026-03-05T16:00:00.000Z',
      outcomesDueAt: '2026-03-10T15:00:00.000Z', // 10:00 Chicago both times: DST started on 2026-03-08
    });
  });

  it('keeps the meeting’s local time across a DST change', () => {
    // US DST starts 2026-03-08: 09:00 Chicago is 15:00Z before and 14:00Z after.
    expect(meetingTimes('2026-03-06T15:00:00.000Z', 'America/Chicago', 3, 60, 5).meetingAt).toBe('2026-03-09T14:00:00.000Z');
  });

  it('never sets the cut-off earlier than half-way between opening and meeting', () => {
    expect(meetingTimes('2026-03-02T15:00:00.000Z', 'UTC', 1, 60, 5).cutoffAt).toBe('2026-03-03T03:00:00.000Z');
    expect(meetingTimes('2026-03-02T15:00:00.000Z', 'UTC', 0, 60, 5).cutoffAt).toBe('2026-03-02T15:00:00.000Z');
  });

  it('derives a store-safe meeting id from the workflow id, the same every time', () => {
    const workflowId = `process/${tenantId}/fortnightly-agenda-2026-03-02T15:00:00Z`;
    expect(meetingIdFor(workflowId)).toBe(meetingIdFor(workflowId));
    expect(meetingIdFor(workflowId)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
    expect(meetingIdFor('a/b')).not.toBe(meetingIdFor('a_b'));
    expect(meetingIdFor('x'.repeat(400)).length).toBeLessThanOrEqual(128);
  });
});

describe('opening an agenda run', () => {
  it('creates the meeting once and attaches the items raised earlier without a meeting', async () => {
    await store.records.create('processConfig', config());
    await store.records.create('agendaItem', {
      tenantId,
      accountId,
      id: 'late-item',
      title: 'Late from the last cycle',
      kind: 'initiative',
      raiserId: 'peter',
      raisedAt: '2026-02-27T10:00:00.000Z',
      impactAnswers: [{ leaderId: 'alejandro', answer: 'Fine by audit', answeredAt: '2026-02-27T11:00:00.000Z' }],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    const first = opened(await open());
    const second = opened(await open());
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      meetingId: 'meeting-1',
      title: 'Northwind leadership meeting',
      meetingAt: '2026-03-05T15:00:00.000Z',
      cutoffAt: '2026-03-04T15:00:00.000Z',
      participantIds: ['alejandro', 'stephanie', 'peter'],
      reminderAfterHours: 24,
      impactQuestion: IMPACT_QUESTION,
    });
    expect(first.carriedItems).toEqual([expect.objectContaining({ itemId: 'late-item', raiserId: 'peter', answeredLeaderIds: ['alejandro'] })]);
    const meetings = (await store.records.list('meeting', { tenantId, accountId })).map((found) => found.record).filter((meeting) => meeting.id === 'meeting-1');
    expect(meetings).toEqual([expect.objectContaining({ status: 'collecting', scheduledAt: '2026-03-05T15:00:00.000Z' })]);
    expect((await items()).find((item) => item.id === 'late-item')!.meetingId).toBe('meeting-1');
    // Items already on another meeting (the demo's) stay where they are.
    expect((await items()).find((item) => item.id === 'item-board-time')!.meetingId).toBe('leadership-next');
  });

  it('skips a paused, missing or foreign config instead of failing', async () => {
    expect(await open()).toEqual({ skipped: expect.stringMatching(/no longer exists/) });
    await store.records.create('processConfig', config({ paused: true }));
    expect(await open()).toEqual({ skipped: expect.stringMatching(/is paused/) });
    const current = (await store.records.get('processConfig', { tenantId, id: 'fortnightly-agenda' }))!;
    await store.records.replace('processConfig', { ...current.record, paused: false, kind: 'peer_feedback', cadence: undefined }, current.etag);
    expect(await open()).toEqual({ skipped: expect.stringMatching(/not a facilitated agenda/) });
    expect((await store.records.list('meeting', { tenantId, accountId })).map((found) => found.record.id)).toEqual(['leadership-next']);
  });

  it('leaves walled people out of the participants', async () => {
    await store.records.create('processConfig', config({ participantIds: ['alejandro', 'marcus', 'peter'] }));
    expect(opened(await open()).participantIds).toEqual(['alejandro', 'peter']);
  });
});

describe('agenda items, answers and outcomes', () => {
  const raise = (itemId: string, title: string, kind: 'initiative' | 'update' = 'initiative', meetingId: string | undefined = 'meeting-1') =>
    run(activities.agendaStoreItem, { tenantId, accountId, itemId, ...(meetingId ? { meetingId } : {}), title, detail: '', kind, raiserId: 'alejandro', raisedAt: '2026-03-02T16:00:00.000Z' });

  beforeEach(async () => {
    await store.records.create('processConfig', config());
    await open();
  });

  it('stores a raised item once, and refuses its id for a different item', async () => {
    await raise('cross-sell', 'Cross-sell tax to the CFO');
    await raise('cross-sell', 'Cross-sell tax to the CFO');
    expect((await items()).filter((item) => item.id === 'cross-sell')).toHaveLength(1);
    const failure = await failureOf(raise('cross-sell', 'Something else entirely'));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toMatch(/already used by another item/);
    // The demo's items belong to another meeting: their ids are taken too.
    expect(await failureOf(raise('item-board-time', 'Mine now'))).toBeInstanceOf(ApplicationFailure);
  });

  it('keeps one impact answer per co-leader: a retry changes nothing, a later edit wins, an older one never does', async () => {
    await raise('cross-sell', 'Cross-sell tax to the CFO');
    const answer = (text: string, answeredAt: string) => run(activities.agendaRecordImpactAnswer, { tenantId, accountId, itemId: 'cross-sell', leaderId: 'peter', answer: text, answeredAt });
    await answer('Costs risk two days', '2026-03-02T17:00:00.000Z');
    const once = (await store.records.get('agendaItem', { tenantId, id: 'cross-sell' }))!;
    await answer('Costs risk two days', '2026-03-02T17:00:00.000Z');
    expect((await store.records.get('agendaItem', { tenantId, id: 'cross-sell' }))!.etag).toBe(once.etag);
    await answer('Costs risk three days', '2026-03-02T18:00:00.000Z');
    await answer('A stale edit', '2026-03-02T17:30:00.000Z');
    const item = (await store.records.get('agendaItem', { tenantId, id: 'cross-sell' }))!.record;
    expect(item.impactAnswers).toEqual([{ leaderId: 'peter', answer: 'Costs risk three days', answeredAt: '2026-03-02T18:00:00.000Z' }]);
  });

  it('compiles the same agenda twice, schedules the items and marks the meeting compiled', async () => {
    await raise('cross-sell', 'Cross-sell tax to the CFO');
    await raise('status', 'Status of the audit fieldwork', 'update');
    const compile = () => run(activities.agendaCompile, { tenantId, accountId, meetingId: 'meeting-1', itemIds: ['cross-sell', 'status'], compiledAt: '2026-03-04T15:00:00.000Z' });
    const first = await compile();
    const meetingAfterFirst = (await store.records.get('meeting', { tenantId, id: 'meeting-1' }))!;
    const second = await compile();
    expect(second).toEqual(first);
    expect((await store.records.get('meeting', { tenantId, id: 'meeting-1' }))!.etag).toBe(meetingAfterFirst.etag);
    expect(first.slots.map((slot) => slot.kind === 'impact' ? 'impact' : slot.agendaItemId)).toEqual(['cross-sell', 'impact', 'status']);
    expect(first.impactAnswers).toEqual([{ itemId: 'cross-sell', title: 'Cross-sell tax to the CFO', answers: [] }]);
    expect(meetingAfterFirst.record).toMatchObject({ status: 'compiled', agenda: first.slots, compiledAt: '2026-03-04T15:00:00.000Z' });
    expect((await items()).filter((item) => item.meetingId === 'meeting-1').map((item) => item.status)).toEqual(['scheduled', 'scheduled']);
  });

  it('detaches deferred items so that the next run picks them up, on every attempt', async () => {
    const meeting = (await store.records.get('meeting', { tenantId, id: 'meeting-1' }))!;
    await store.records.replace('meeting', { ...meeting.record, durationMinutes: 20 }, meeting.etag); // impact 10 + two items of 5
    for (const id of ['u1', 'u2', 'u3']) await raise(id, `Update ${id}`, 'update');
    const compile = () => run(activities.agendaCompile, { tenantId, accountId, meetingId: 'meeting-1', itemIds: ['u1', 'u2', 'u3'], compiledAt: '2026-03-04T15:00:00.000Z' });
    const first = await compile();
    expect(first.deferredItemIds).toEqual(['u3']);
    expect(await compile()).toEqual(first);
    const u3 = (await items()).find((item) => item.id === 'u3')!;
    expect(u3.meetingId).toBeUndefined();
    expect(u3.status).toBe('raised');
  });

  it('records an outcome once and closes the meeting once: items discussed, meeting held', async () => {
    await raise('cross-sell', 'Cross-sell tax to the CFO');
    await run(activities.agendaCompile, { tenantId, accountId, meetingId: 'meeting-1', itemIds: ['cross-sell'], compiledAt: '2026-03-04T15:00:00.000Z' });
    const outcome = { decision: 'Go', actions: ['Book the CFO lunch'], ownerId: 'stephanie' };
    await run(activities.agendaRecordOutcome, { tenantId, accountId, itemId: 'cross-sell', outcome });
    const after = (await store.records.get('agendaItem', { tenantId, id: 'cross-sell' }))!;
    await run(activities.agendaRecordOutcome, { tenantId, accountId, itemId: 'cross-sell', outcome });
    expect((await store.records.get('agendaItem', { tenantId, id: 'cross-sell' }))!.etag).toBe(after.etag);
    const close = () => run(activities.agendaClose, { tenantId, accountId, meetingId: 'meeting-1', itemIds: ['cross-sell'] });
    await close();
    const closedMeeting = (await store.records.get('meeting', { tenantId, id: 'meeting-1' }))!;
    await close();
    expect((await store.records.get('meeting', { tenantId, id: 'meeting-1' }))!.etag).toBe(closedMeeting.etag);
    expect(closedMeeting.record.status).toBe('held');
    expect((await items()).find((item) => item.id === 'cross-sell')).toMatchObject({ status: 'discussed', outcome });
  });
});

describe('feedback requests', () => {
  const request = { tenantId, accountId, requestId: 'pitch-feedback', requesterId: 'stephanie', peerIds: ['alejandro', 'peter'], event: 'Pitch to the Audit Committee', eventAt: '2026-03-04T15:00:00.000Z' };

  it('stores the request once and hands back the two questions and the requester’s name', async () => {
    const first = await run(activities.feedbackStoreRequest, request);
    const second = await run(activities.feedbackStoreRequest, request);
    expect(second).toEqual(first);
    expect(first).toEqual({ questions: FEEDBACK_QUESTIONS, requesterName: 'Stephanie Cho' });
    const stored = await store.records.list('feedbackRequest', { tenantId, accountId });
    expect(stored.map((found) => found.record)).toEqual([expect.objectContaining({ id: 'pitch-feedback', status: 'warned', answers: [] })]);
  });

  it('refuses a request id already used by another requester', async () => {
    await run(activities.feedbackStoreRequest, request);
    const failure = await failureOf(run(activities.feedbackStoreRequest, { ...request, requesterId: 'peter', peerIds: ['alejandro'] }));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('moves to asking once and stores the final answers once, closed', async () => {
    await run(activities.feedbackStoreRequest, request);
    await run(activities.feedbackMarkAsking, { tenantId, accountId, requestId: 'pitch-feedback' });
    await run(activities.feedbackMarkAsking, { tenantId, accountId, requestId: 'pitch-feedback' });
    expect((await store.records.get('feedbackRequest', { tenantId, id: 'pitch-feedback' }))!.record.status).toBe('asking');
    const answers = [{ peerId: 'alejandro', mostEffective: 'The opening story', doBetter: 'Leave time for questions', answeredAt: '2026-03-04T17:00:00.000Z' }];
    await run(activities.feedbackClose, { tenantId, accountId, requestId: 'pitch-feedback', answers });
    const closed = (await store.records.get('feedbackRequest', { tenantId, id: 'pitch-feedback' }))!;
    await run(activities.feedbackClose, { tenantId, accountId, requestId: 'pitch-feedback', answers });
    expect((await store.records.get('feedbackRequest', { tenantId, id: 'pitch-feedback' }))!.etag).toBe(closed.etag);
    expect(closed.record).toMatchObject({ status: 'closed', answers });
    // Closed stays closed.
    await run(activities.feedbackMarkAsking, { tenantId, accountId, requestId: 'pitch-feedback' });
    expect((await store.records.get('feedbackRequest', { tenantId, id: 'pitch-feedback' }))!.record.status).toBe('closed');
  });
});
