import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { IMPACT_QUESTION } from '../../core/domain/agenda-item';
import type { OutboundMessage } from '../../core/domain/outbound-message';
import { ValidationError } from '../../core/errors';
import { TemporalAgendaAndFeedback } from '../../workflows/src/client/agenda-and-feedback-gateway';
import type { ScheduledRunInput } from '../../workflows/src/processes';
import {
  agendaStateQuery,
  answerImpactUpdate,
  meetingIdFor,
  raiseItemUpdate,
  recordOutcomeUpdate,
  type AnswerImpactRequest,
  type FacilitatedAgendaState,
  type RaiseItemRequest,
  type RecordOutcomeRequest,
} from '../../workflows/src/workflows/facilitated-agenda.contract';
import { writeHistoryIfRecording } from '../support/history-fixtures';
import { asRecord, fortnightlyAgenda } from '../support/process-configs';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import {
  createWorkflowHarness,
  DAY,
  HOUR,
  installQuietRuntime,
  MINUTE,
  recipientOf,
  refused,
  sleepUntil,
  type WorkflowHarness,
} from '../support/workflow-harness';

jest.setTimeout(300_000);

const CONFIG_ID = 'fortnightly-agenda';
let env: TestWorkflowEnvironment;
let runs = 0;

beforeAll(async () => {
  installQuietRuntime();
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/** A fresh store (demo firm + the agenda config) per test, so items carried between runs stay inside one test. */
async function harnessWithConfig(overrides: { paused?: boolean } = {}): Promise<{ harness: WorkflowHarness; input: ScheduledRunInput; now: Date }> {
  const now = new Date(await env.currentTimeMs());
  const harness = await createWorkflowHarness(env, now);
  const config = fortnightlyAgenda({
    name: 'Northwind leadership meeting',
    cadence: { timeZone: 'America/Chicago', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2026-01-01' },
    participantIds: ['alejandro', 'stephanie', 'peter'],
    leadTimeDays: 3,
    answerWindowDays: 5,
    reminderAfterHours: 24,
    escalateAfterHours: 48,
    paused: overrides.paused ?? false,
  });
  await harness.store.records.create('processConfig', asRecord(config, { tenantId: harness.tenantId, id: CONFIG_ID, now }));
  return { harness, input: { tenantId: harness.tenantId, accountId: 'northwind', configId: CONFIG_ID }, now };
}

/** Like a Schedule's run id: the schedule's id plus the fire time. */
const runId = (tenantId: string) => `process/${tenantId}/${CONFIG_ID}-2026-run-${++runs}`;

const raise = (personId: string, itemId: string, kind: RaiseItemRequest['kind'], title: string, detail = ''): RaiseItemRequest => ({ itemId, personId, kind, title, detail });
const impact = (personId: string, answerId: string, itemId: string, answer: string): AnswerImpactRequest => ({ answerId, itemId, personId, answer });
const outcome = (personId: string, outcomeId: string, itemId: string, decision: string, actions: string[] = [], ownerId?: string): RecordOutcomeRequest => ({
  outcomeId,
  itemId,
  personId,
  decision,
  actions,
  ...(ownerId ? { ownerId } : {}),
});

const itemOf = (state: FacilitatedAgendaState, itemId: string) => state.items.find((item) => item.itemId === itemId)!;

describe('a facilitated-issue agenda cycle', () => {
  it('collects items and impact answers, reminds the late, compiles at the cut-off, keeps a late item for the next meeting and stores the outcomes', async () => {
    const { harness, input, now } = await harnessWithConfig();
    // Raised after the last meeting's cut-off: no meeting yet, so this run picks it up.
    await harness.store.records.create('agendaItem', {
      tenantId: harness.tenantId,
      accountId: 'northwind',
      id: 'item-late-last-cycle',
      title: 'Second-opinion cyber review for the Board',
      kind: 'initiative',
      raiserId: 'peter',
      raisedAt: new Date(now.getTime() - 2 * DAY).toISOString(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    try {
      const workflowId = runId(harness.tenantId);
      const meetingId = meetingIdFor(workflowId);
      await harness.run(async () => {
        const handle: WorkflowHandle = await env.client.workflow.start('facilitatedAgenda', { taskQueue: harness.taskQueue, workflowId, args: [input] });
        await env.sleep(MINUTE);
        let state = await handle.query(agendaStateQuery);
        expect(state).toMatchObject({ phase: 'collecting', meetingId, participantIds: ['alejandro', 'stephanie', 'peter'] });
        expect(Date.parse(state.meetingAt!) - Date.parse(state.opensAt!)).toBeGreaterThanOrEqual(3 * DAY - HOUR);
        expect(Date.parse(state.meetingAt!) - Date.parse(state.cutoffAt!)).toBeGreaterThanOrEqual(DAY - HOUR);
        expect(itemOf(state, 'item-late-last-cycle')).toMatchObject({ carriedOver: true, impact: { askLeaderIds: ['alejandro', 'stephanie'] } });

        const raised = await handle.executeUpdate(raiseItemUpdate, { args: [raise('alejandro', 'item-cross-sell', 'initiative', 'Cross-sell tax advisory to the new CFO', 'He asked about EU plant taxes.')] });
        expect(raised).toMatchObject({ itemId: 'item-cross-sell', meetingId, forNextMeeting: false, duplicate: false });
        await handle.executeUpdate(raiseItemUpdate, { args: [raise('stephanie', 'item-audit-scope', 'tension', 'Audit scope crowds out tax time with the Board')] });
        await env.sleep(MINUTE); // the impact questions go out
        await handle.executeUpdate(answerImpactUpdate, { args: [impact('stephanie', 'ans-s-1', 'item-cross-sell', 'My team owns the CFO relationship; we need a joint plan.')] });
        await handle.executeUpdate(answerImpactUpdate, { args: [impact('alejandro', 'ans-a-1', 'item-late-last-cycle', 'Audit independence review needed first.')] });
        state = await handle.query(agendaStateQuery);
        expect(itemOf(state, 'item-cross-sell').impact).toMatchObject({ askLeaderIds: ['stephanie', 'peter'], notAnsweredLeaderIds: ['peter'], remindedLeaderIds: [] });
        expect(itemOf(state, 'item-late-last-cycle').impact).toMatchObject({ notAnsweredLeaderIds: ['stephanie'] });
        expect(itemOf(state, 'item-audit-scope').impact).toBeUndefined(); // tensions are not asked about

        // A day later the ones who have not answered are reminded.
        await env.sleep(25 * HOUR);
        state = await handle.query(agendaStateQuery);
        expect(itemOf(state, 'item-cross-sell').impact!.remindedLeaderIds).toEqual(['peter']);
        expect(itemOf(state, 'item-late-last-cycle').impact!.remindedLeaderIds).toEqual(['stephanie']);
        // Peter answers after the reminder, then edits his answer: the last edit wins.
        await handle.executeUpdate(answerImpactUpdate, { args: [impact('peter', 'ans-p-1', 'item-cross-sell', 'Risk can support it.')] });
        await handle.executeUpdate(answerImpactUpdate, { args: [impact('peter', 'ans-p-2', 'item-cross-sell', 'Risk can support it, if we staff a senior for two days.')] });
        expect(itemOf(await handle.query(agendaStateQuery), 'item-cross-sell').impact!.notAnsweredLeaderIds).toEqual([]);

        // The cut-off: the agenda is compiled and posted.
        await sleepUntil(env, state.cutoffAt!, MINUTE);
        state = await handle.query(agendaStateQuery);
        expect(state.phase).toBe('compiled');
        expect(state.agenda.map((slot) => (slot.kind === 'impact' ? 'impact' : slot.agendaItemId))).toEqual(['item-audit-scope', 'item-late-last-cycle', 'item-cross-sell', 'impact']);
        const meeting = (await harness.store.records.get('meeting', { tenantId: harness.tenantId, id: meetingId }))!.record;
        expect(meeting).toMatchObject({ status: 'compiled', agenda: state.agenda, scheduledAt: state.meetingAt });

        // Raised after the cut-off: accepted, and kept for the next meeting.
        const late = await handle.executeUpdate(raiseItemUpdate, { args: [raise('alejandro', 'item-after-cutoff', 'initiative', 'Joint tax-and-risk pitch for the EU plants')] });
        expect(late).toMatchObject({ itemId: 'item-after-cutoff', forNextMeeting: true, duplicate: false });
        expect(late.meetingId).toBeUndefined();
        expect(late.message).toMatch(/next meeting/);
        await refused(handle.executeUpdate(answerImpactUpdate, { args: [impact('stephanie', 'ans-s-late', 'item-late-last-cycle', 'Too late now')] }), /cut-off for impact answers passed/);

        // After the meeting the raisers are asked for outcomes; every leader may record them.
        await sleepUntil(env, state.meetingEndsAt!, MINUTE);
        expect((await handle.query(agendaStateQuery)).outstandingOutcomeItemIds).toEqual(['item-late-last-cycle', 'item-cross-sell', 'item-audit-scope']);
        await handle.executeUpdate(recordOutcomeUpdate, { args: [outcome('peter', 'out-3', 'item-late-last-cycle', 'Wait for the independence review')] });
        // An edit before the run closes: the last edit wins.
        await handle.executeUpdate(recordOutcomeUpdate, { args: [outcome('peter', 'out-3-edit', 'item-late-last-cycle', 'Proceed after the independence review', ['Ask the ethics partner'], 'peter')] });
        await handle.executeUpdate(recordOutcomeUpdate, { args: [outcome('alejandro', 'out-1', 'item-cross-sell', 'Go: joint lunch with the CFO', ['Book the lunch'], 'stephanie')] });
        // The last outcome closes the run without waiting for the deadline.
        await handle.executeUpdate(recordOutcomeUpdate, { args: [outcome('stephanie', 'out-2', 'item-audit-scope', 'Tax gets ten minutes of every Board session')] });
        const final: FacilitatedAgendaState = await handle.result();
        expect(final).toMatchObject({ phase: 'closed', outstandingOutcomeItemIds: [], lateItemIds: ['item-after-cutoff'] });
        expect((await handle.describe()).closeTime!.getTime()).toBeLessThan(Date.parse(final.outcomesDueAt!));
        expect(final.items.map((item) => item.status)).toEqual(['discussed', 'discussed', 'discussed']);
        await writeHistoryIfRecording('facilitated-agenda-cycle', await handle.fetchHistory());
      });

      // The store: meeting held, items discussed with their outcomes, the late item waiting without a meeting.
      const items = new Map((await harness.store.records.list('agendaItem', { tenantId: harness.tenantId, accountId: 'northwind' })).map((found) => [found.record.id, found.record]));
      expect((await harness.store.records.get('meeting', { tenantId: harness.tenantId, id: meetingId }))!.record.status).toBe('held');
      expect(items.get('item-cross-sell')).toMatchObject({ status: 'discussed', meetingId, outcome: { decision: 'Go: joint lunch with the CFO', actions: ['Book the lunch'], ownerId: 'stephanie' } });
      expect(items.get('item-cross-sell')!.impactAnswers.map(({ leaderId, answer }) => [leaderId, answer])).toEqual([
        ['stephanie', 'My team owns the CFO relationship; we need a joint plan.'],
        ['peter', 'Risk can support it, if we staff a senior for two days.'],
      ]);
      expect(items.get('item-late-last-cycle')).toMatchObject({ status: 'discussed', meetingId, outcome: { decision: 'Proceed after the independence review', ownerId: 'peter' } });
      expect(items.get('item-after-cutoff')).toMatchObject({ status: 'raised', raiserId: 'alejandro' });
      expect(items.get('item-after-cutoff')!.meetingId).toBeUndefined();

      const messages = (await harness.messages()).filter((message) => message.process.workflowId === workflowId);
      const of = (purpose: OutboundMessage['purpose']) => messages.filter((message) => message.purpose === purpose);
      expect(of('agenda_collection_open').map(recipientOf).sort()).toEqual(['alejandro', 'peter', 'stephanie']);
      expect(of('impact_question').map((message) => `${String(message.payload.itemId)}→${recipientOf(message)}`).sort()).toEqual([
        'item-cross-sell→peter',
        'item-cross-sell→stephanie',
        'item-late-last-cycle→alejandro',
        'item-late-last-cycle→stephanie',
      ]);
      expect(of('impact_question').every((message) => message.text.startsWith(IMPACT_QUESTION))).toBe(true);
      expect(of('impact_reminder').map((message) => `${String(message.payload.itemId)}→${recipientOf(message)}`).sort()).toEqual(['item-cross-sell→peter', 'item-late-last-cycle→stephanie']);
      const posted = of('agenda_compiled');
      expect(posted).toHaveLength(1);
      expect(posted[0]!.recipient).toEqual({ kind: 'leadership_channel' });
      expect(posted[0]!.payload).toMatchObject({
        meetingId,
        slots: expect.arrayContaining([expect.objectContaining({ kind: 'impact', title: IMPACT_QUESTION })]),
        impactAnswers: expect.arrayContaining([
          expect.objectContaining({ itemId: 'item-late-last-cycle', answers: [{ leaderId: 'alejandro', answer: 'Audit independence review needed first.' }], notAnsweredLeaderIds: ['stephanie'] }),
          expect.objectContaining({ itemId: 'item-cross-sell', notAnsweredLeaderIds: [] }),
        ]),
      });
      expect(of('outcome_request').map((message) => `${String(message.payload.itemId)}→${recipientOf(message)}`).sort()).toEqual([
        'item-audit-scope→stephanie',
        'item-cross-sell→alejandro',
        'item-late-last-cycle→peter',
      ]);

      // The next cycle picks up the item raised after the cut-off and asks its co-leaders about it.
      const nextId = runId(harness.tenantId);
      await harness.run(async () => {
        const next = await env.client.workflow.start('facilitatedAgenda', { taskQueue: harness.taskQueue, workflowId: nextId, args: [input] });
        await env.sleep(MINUTE);
        const state = await next.query(agendaStateQuery);
        expect(state.items.map((item) => [item.itemId, item.carriedOver])).toEqual([['item-after-cutoff', true]]);
        expect(itemOf(state, 'item-after-cutoff').impact!.askLeaderIds).toEqual(['stephanie', 'peter']);
        await next.terminate('test over');
      });
      const carried = (await harness.store.records.get('agendaItem', { tenantId: harness.tenantId, id: 'item-after-cutoff' }))!.record;
      expect(carried.meetingId).toBe(meetingIdFor(nextId));
    } finally {
      await harness.dispose();
    }
  });

  it('skips a run whose config is paused, creating nothing', async () => {
    const { harness, input } = await harnessWithConfig({ paused: true });
    try {
      const state: FacilitatedAgendaState = await harness.run(() =>
        env.client.workflow.execute('facilitatedAgenda', { taskQueue: harness.taskQueue, workflowId: runId(harness.tenantId), args: [input] }),
      );
      expect(state).toMatchObject({ phase: 'skipped', skippedReason: expect.stringMatching(/paused/), items: [] });
      expect((await harness.store.records.list('meeting', { tenantId: harness.tenantId, accountId: 'northwind' })).map((found) => found.record.id)).toEqual(['leadership-next']);
      expect(await harness.messages()).toEqual([]);
    } finally {
      await harness.dispose();
    }
  });
});

describe('bad input to an agenda run', () => {
  it('is refused at every update with a specific message and changes nothing; the run closes at the outcome deadline', async () => {
    const { harness, input } = await harnessWithConfig();
    const gateway = new TemporalAgendaAndFeedback(env.client, harness.taskQueue);
    try {
      const workflowId = runId(harness.tenantId);
      await harness.run(async () => {
        const handle = await env.client.workflow.start('facilitatedAgenda', { taskQueue: harness.taskQueue, workflowId, args: [input] });
        await env.sleep(MINUTE);
        await handle.executeUpdate(raiseItemUpdate, { args: [raise('alejandro', 'item-one', 'initiative', 'Cross-sell tax advisory')] });
        await handle.executeUpdate(raiseItemUpdate, { args: [raise('stephanie', 'item-two', 'update', 'Tax calendar')] });
        await env.sleep(MINUTE);
        const before = await handle.query(agendaStateQuery);

        const raises: [unknown, RegExp][] = [
          [raise('maya', 'item-x', 'initiative', 'Not a leader'), /only the leaders taking part/],
          [raise('marcus', 'item-x', 'initiative', 'Walled off'), /only the leaders taking part/],
          [raise('alejandro', 'item x!', 'initiative', 'Bad id'), /itemId is required/],
          [raise('alejandro', '', 'initiative', 'No id'), /itemId is required/],
          [raise('alejandro', 'item-x', 'gossip' as RaiseItemRequest['kind'], 'Bad kind'), /kind must be initiative, tension, decision or update, not gossip/],
          [raise('alejandro', 'item-x', 'tension', '   '), /title is required/],
          [raise('alejandro', 'item-x', 'tension', 't'.repeat(301)), /title is required \(at most 300/],
          [raise('alejandro', 'item-x', 'tension', 'Fine', 'd'.repeat(4001)), /detail is limited to 4000/],
          [{ ...raise('alejandro', 'item-x', 'tension', 'Fine'), title: 42 }, /title is required/],
          [raise('alejandro', 'item-one', 'initiative', 'A different item under a used id'), /itemId item-one is already used by another agenda item/],
          [null, /must be an object/],
        ];
        for (const [request, message] of raises) await refused(handle.executeUpdate(raiseItemUpdate, { args: [request as RaiseItemRequest] }), message);

        const answers: [unknown, RegExp][] = [
          [impact('maya', 'a-x', 'item-one', 'Not a leader'), /only the leaders taking part/],
          [impact('alejandro', 'a-x', 'item-one', 'The raiser answering'), /its raiser is not asked/],
          [impact('peter', 'a-x', 'item-nope', 'No such item'), /item-nope is not on this meeting’s agenda/],
          [impact('peter', 'a-x', 'item-two', 'An update'), /initiatives only/],
          [impact('peter', 'a-x', 'item-one', '  '), /answer is required/],
          [impact('peter', 'a-x', 'item-one', 'x'.repeat(2001)), /answer is required \(at most 2000/],
          [impact('peter', '', 'item-one', 'No id'), /answerId is required/],
        ];
        for (const [request, message] of answers) await refused(handle.executeUpdate(answerImpactUpdate, { args: [request as AnswerImpactRequest] }), message);
        await refused(handle.executeUpdate(recordOutcomeUpdate, { args: [outcome('alejandro', 'o-early', 'item-one', 'Too early')] }), /once the agenda is compiled/);
        expect(await handle.query(agendaStateQuery)).toEqual(before);

        // The same answer id: an exact retry is a no-op, other content under it is refused.
        const answered = await handle.executeUpdate(answerImpactUpdate, { args: [impact('peter', 'a-1', 'item-one', 'Fine by risk')] });
        expect(await handle.executeUpdate(answerImpactUpdate, { args: [impact('peter', 'a-1', 'item-one', 'Fine by risk')] })).toEqual(answered);
        await refused(handle.executeUpdate(answerImpactUpdate, { args: [impact('peter', 'a-1', 'item-one', 'Changed my mind')] }), /answerId a-1 was already used for a different answer/);
        expect(await handle.query(agendaStateQuery)).toEqual(answered);
        const retried = await handle.executeUpdate(raiseItemUpdate, { args: [raise('alejandro', 'item-one', 'initiative', 'Cross-sell tax advisory')] });
        expect(retried).toMatchObject({ itemId: 'item-one', duplicate: true, forNextMeeting: false });
        expect(await handle.query(agendaStateQuery)).toEqual(answered);
        // The gateway turns a refusal into a core ValidationError with the workflow's message.
        await expect(gateway.answerImpact(workflowId, impact('maya', 'a-x', 'item-one', 'Not a leader'))).rejects.toThrow(ValidationError);
        await expect(gateway.answerImpact(workflowId, impact('maya', 'a-x', 'item-one', 'Not a leader'))).rejects.toThrow(/only the leaders taking part/);

        await sleepUntil(env, before.meetingEndsAt!, MINUTE);
        const compiled = await handle.query(agendaStateQuery);
        expect(compiled.phase).toBe('awaiting_outcomes');
        const outcomes: [unknown, RegExp][] = [
          [outcome('maya', 'o-x', 'item-one', 'Not a leader'), /only the leaders taking part in this meeting can record outcomes/],
          [outcome('alejandro', 'o-x', 'item-nope', 'No such item'), /item-nope is not on this meeting’s agenda/],
          [outcome('alejandro', 'o-x', 'item-one', '   ', []), /give a decision or at least one action/],
          [outcome('alejandro', 'o-x', 'item-one', 'Go', ['  ']), /actions must be a list/],
          [{ ...outcome('alejandro', 'o-x', 'item-one', 'Go'), actions: 'call the CFO' }, /actions must be a list/],
          [outcome('alejandro', 'o-x', 'item-one', 'Go', Array.from({ length: 21 }, (_, index) => `action ${index}`)), /at most 20/],
          [outcome('alejandro', 'o-x', 'item-one', 'd'.repeat(2001)), /decision is limited to 2000/],
          [outcome('alejandro', 'o-x', 'item-one', 'Go', [], 'not a valid id!'), /ownerId must be a person id/],
          [outcome('alejandro', '', 'item-one', 'Go'), /outcomeId is required/],
          [raise('maya', 'item-y', 'initiative', 'Still not a leader'), /only the leaders taking part/],
        ];
        for (const [request, message] of outcomes.slice(0, -1)) await refused(handle.executeUpdate(recordOutcomeUpdate, { args: [request as RecordOutcomeRequest] }), message);
        await refused(handle.executeUpdate(raiseItemUpdate, { args: [outcomes.at(-1)![0] as RaiseItemRequest] }), outcomes.at(-1)![1]);
        await handle.executeUpdate(recordOutcomeUpdate, { args: [outcome('alejandro', 'o-1', 'item-one', 'Go')] });
        await refused(handle.executeUpdate(recordOutcomeUpdate, { args: [outcome('alejandro', 'o-1', 'item-one', 'No go')] }), /outcomeId o-1 was already used for a different outcome/);
        expect((await handle.query(agendaStateQuery)).outstandingOutcomeItemIds).toEqual(['item-two']);

        // Nobody records the update's outcome: the run closes at the deadline with it missing.
        const final: FacilitatedAgendaState = await handle.result();
        expect(final).toMatchObject({ phase: 'closed', outstandingOutcomeItemIds: ['item-two'] });
        expect((await handle.describe()).closeTime!.getTime()).toBeGreaterThanOrEqual(Date.parse(final.outcomesDueAt!));
        await writeHistoryIfRecording('facilitated-agenda-deadline', await handle.fetchHistory());

        // After the close there is no run to take updates: the gateway says so as a ValidationError.
        await expect(gateway.raiseAgendaItem(workflowId, raise('alejandro', 'item-z', 'tension', 'Too late'))).rejects.toThrow(ValidationError);
      });
      const items = new Map((await harness.store.records.list('agendaItem', { tenantId: harness.tenantId, accountId: 'northwind' })).map((found) => [found.record.id, found.record]));
      expect(items.get('item-one')).toMatchObject({ status: 'discussed', outcome: { decision: 'Go' } });
      expect(items.get('item-one')!.impactAnswers).toEqual([expect.objectContaining({ leaderId: 'peter', answer: 'Fine by risk' })]);
      expect(items.get('item-two')!.outcome).toBeUndefined();
      expect(items.has('item-x')).toBe(false);
      expect((await harness.store.records.get('meeting', { tenantId: harness.tenantId, id: meetingIdFor(workflowId) }))!.record.status).toBe('held');
    } finally {
      await harness.dispose();
    }
  });
});
