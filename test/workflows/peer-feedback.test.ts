import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { FEEDBACK_QUESTIONS } from '../../core/domain/feedback-request';
import type { OutboundMessage } from '../../core/domain/outbound-message';
import { ValidationError } from '../../core/errors';
import { TemporalAgendaAndFeedback, type PeerFeedbackStart } from '../../workflows/src/client/agenda-and-feedback-gateway';
import { PROCESS_KIND, TENANT_ID } from '../../workflows/src/search-attributes';
import {
  feedbackStateQuery,
  giveFeedbackUpdate,
  peerFeedbackWorkflowId,
  type GiveFeedbackRequest,
  type PeerFeedbackInput,
  type PeerFeedbackState,
} from '../../workflows/src/workflows/peer-feedback.contract';
import { writeHistoryIfRecording } from '../support/history-fixtures';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import { createWorkflowHarness, DAY, HOUR, installQuietRuntime, MINUTE, recipientOf, refused, sleepUntil } from '../support/workflow-harness';

jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  installQuietRuntime();
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const give = (personId: string, answerId: string, mostEffective: string, doBetter: string): GiveFeedbackRequest => ({ answerId, personId, mostEffective, doBetter });

function request(tenantId: string, requestId: string, now: number, overrides: Partial<PeerFeedbackInput> = {}): PeerFeedbackInput {
  return {
    tenantId,
    accountId: 'northwind',
    requestId,
    requesterId: 'stephanie',
    // The requester and a duplicate are dropped: the peers are Alejandro, Peter and Maya.
    peerIds: ['alejandro', 'peter', 'maya', 'stephanie', 'peter'],
    event: 'Pitch of the strategic advisory workshop to the Audit Committee',
    eventAt: new Date(now + 2 * DAY).toISOString(),
    answerWindowDays: 3,
    reminderAfterHours: 24,
    ...overrides,
  };
}

describe('a peer feedback round', () => {
  it('warns the peers, asks after the event, reminds the late and delivers to the requester only at the deadline', async () => {
    const now = await env.currentTimeMs();
    const harness = await createWorkflowHarness(env, new Date(now));
    const input = request(harness.tenantId, 'workshop-pitch', now);
    const workflowId = peerFeedbackWorkflowId(harness.tenantId, input.requestId);
    try {
      await harness.run(async () => {
        const handle = await env.client.workflow.start('peerFeedback', { taskQueue: harness.taskQueue, workflowId, args: [input] });
        await env.sleep(MINUTE);
        let state = await handle.query(feedbackStateQuery);
        expect(state).toMatchObject({ phase: 'before_event', peerIds: ['alejandro', 'peter', 'maya'], warnedPeerIds: ['alejandro', 'peter', 'maya'], answeredPeerIds: [] });
        expect(Date.parse(state.asksAt)).toBe(Date.parse(input.eventAt) + HOUR);
        expect(Date.parse(state.deadline)).toBe(Date.parse(state.asksAt) + 3 * DAY);
        expect((await harness.store.records.get('feedbackRequest', { tenantId: harness.tenantId, id: 'workshop-pitch' }))!.record).toMatchObject({ status: 'warned', peerIds: ['alejandro', 'peter', 'maya'] });

        // The event is over: the two questions go out.
        await sleepUntil(env, state.asksAt, MINUTE);
        state = await handle.query(feedbackStateQuery);
        expect(state.phase).toBe('asking');
        expect((await harness.store.records.get('feedbackRequest', { tenantId: harness.tenantId, id: 'workshop-pitch' }))!.record.status).toBe('asking');
        // Alejandro answers at once, then rewrites his second answer: the last edit wins.
        const first = await handle.executeUpdate(giveFeedbackUpdate, { args: [give('alejandro', 'fb-a-1', 'Opening with the Board’s own risk appetite statement.', 'Slow down on the tax slides.')] });
        expect(first).toMatchObject({ requestId: 'workshop-pitch', peerId: 'alejandro', editableUntil: state.deadline, duplicate: false });
        await handle.executeUpdate(giveFeedbackUpdate, { args: [give('alejandro', 'fb-a-2', 'Opening with the Board’s own risk appetite statement.', 'Leave ten minutes for the Chair’s questions.')] });

        // A day later Peter and Maya have not answered: they are reminded.
        await env.sleep(25 * HOUR);
        state = await handle.query(feedbackStateQuery);
        expect(state).toMatchObject({ answeredPeerIds: ['alejandro'], outstandingPeerIds: ['peter', 'maya'], remindedPeerIds: ['peter', 'maya'] });
        // Peter answers late, after the reminder; Maya never does.
        await handle.executeUpdate(giveFeedbackUpdate, { args: [give('peter', 'fb-p-1', 'Naming the cyber gap before they did.', 'Bring the engagement partner for the numbers.')] });

        const final: PeerFeedbackState = await handle.result();
        expect(final).toMatchObject({ phase: 'closed', answeredPeerIds: ['alejandro', 'peter'], outstandingPeerIds: ['maya'] });
        expect((await handle.describe()).closeTime!.getTime()).toBeGreaterThanOrEqual(Date.parse(final.deadline));
        // Neither the query nor the result carries the answers' text.
        expect(JSON.stringify(final)).not.toMatch(/risk appetite|cyber gap|Chair’s questions/);
        await writeHistoryIfRecording('peer-feedback-round', await handle.fetchHistory());
      });

      const stored = (await harness.store.records.get('feedbackRequest', { tenantId: harness.tenantId, id: 'workshop-pitch' }))!.record;
      expect(stored.status).toBe('closed');
      expect(stored.answers.map(({ peerId, mostEffective, doBetter }) => ({ peerId, mostEffective, doBetter }))).toEqual([
        { peerId: 'alejandro', mostEffective: 'Opening with the Board’s own risk appetite statement.', doBetter: 'Leave ten minutes for the Chair’s questions.' },
        { peerId: 'peter', mostEffective: 'Naming the cyber gap before they did.', doBetter: 'Bring the engagement partner for the numbers.' },
      ]);

      const messages = (await harness.messages()).filter((message) => message.process.workflowId === workflowId);
      const of = (purpose: OutboundMessage['purpose']) => messages.filter((message) => message.purpose === purpose);
      expect(of('feedback_warning').map(recipientOf).sort()).toEqual(['alejandro', 'maya', 'peter']);
      expect(of('feedback_warning')[0]!.text).toMatch(/keep a small part of your attention on Stephanie Cho/);
      expect(of('feedback_request').map(recipientOf).sort()).toEqual(['alejandro', 'maya', 'peter']);
      expect(of('feedback_request')[0]!.text).toContain(FEEDBACK_QUESTIONS.mostEffective);
      expect(of('feedback_request')[0]!.text).toContain(FEEDBACK_QUESTIONS.doBetter);
      expect(of('feedback_reminder').map(recipientOf).sort()).toEqual(['maya', 'peter']);
      const delivery = of('feedback_delivery');
      expect(delivery).toHaveLength(1);
      expect(delivery[0]!.recipient).toEqual({ kind: 'person', personId: 'stephanie' });
      expect(delivery[0]!.payload).toMatchObject({ answers: stored.answers, notAnsweredPeerIds: ['maya'] });
      // The answers reach the requester and nobody else.
      const withAnswers = messages.filter((message) => /risk appetite|cyber gap/.test(JSON.stringify(message)));
      expect(withAnswers.map((message) => [message.purpose, recipientOf(message)])).toEqual([['feedback_delivery', 'stephanie']]);
    } finally {
      await harness.dispose();
    }
  });
});

describe('bad feedback', () => {
  it('is refused with a specific message and changes nothing, before the event, while asking and after the close', async () => {
    const now = await env.currentTimeMs();
    const harness = await createWorkflowHarness(env, new Date(now));
    const input = request(harness.tenantId, 'bad-feedback', now, { eventAt: new Date(now + DAY).toISOString() });
    const workflowId = peerFeedbackWorkflowId(harness.tenantId, input.requestId);
    const gateway = new TemporalAgendaAndFeedback(env.client, harness.taskQueue);
    try {
      await harness.run(async () => {
        const handle = await env.client.workflow.start('peerFeedback', { taskQueue: harness.taskQueue, workflowId, args: [input] });
        await env.sleep(MINUTE);
        const initial = await handle.query(feedbackStateQuery);
        // Stephanie's quiet hours cover the deadline, so the delivery waits and the closed round stays open a while.
        const deadline = DateTime.fromISO(initial.deadline).setZone('America/Chicago');
        const stephanie = (await harness.store.records.get('person', { tenantId: harness.tenantId, id: 'stephanie' }))!;
        const quietEnds = deadline.plus({ hours: 2 });
        await harness.store.records.replace('person', { ...stephanie.record, quietHours: [{ start: deadline.minus({ hours: 1 }).toFormat('HH:mm'), end: quietEnds.toFormat('HH:mm'), days: [] }] }, stephanie.etag);

        await refused(handle.executeUpdate(giveFeedbackUpdate, { args: [give('alejandro', 'early', 'Too early', 'Too early')] }), /opens when the event is over/);
        await refused(handle.executeUpdate(giveFeedbackUpdate, { args: [give('stephanie', 'own', 'Me', 'Me')] }), /cannot give feedback on your own request/);
        await refused(handle.executeUpdate(giveFeedbackUpdate, { args: [give('tom', 'not-a-peer', 'Hm', 'Hm')] }), /only the peers asked/);
        expect(await handle.query(feedbackStateQuery)).toEqual(initial);

        await sleepUntil(env, initial.asksAt, MINUTE);
        const before = await handle.query(feedbackStateQuery);
        expect(before.phase).toBe('asking');
        const bad: [unknown, RegExp][] = [
          [give('tom', 'x', 'Hm', 'Hm'), /only the peers asked/],
          [give('stephanie', 'x', 'Me', 'Me'), /cannot give feedback on your own request/],
          [give('peter', 'x', 'Good opening', '   '), /both answers are required/],
          [give('peter', 'x', '', 'Slower'), /both answers are required/],
          [{ answerId: 'x', personId: 'peter', doBetter: 'Slower' }, /both answers are required/],
          [give('peter', 'x', 'y'.repeat(2001), 'Slower'), /each at most 2000 characters/],
          [give('peter', '', 'Good opening', 'Slower'), /answerId is required/],
          [give('peter', 'has space', 'Good opening', 'Slower'), /answerId is required/],
          [null, /must be an object/],
        ];
        for (const [feedback, message] of bad) await refused(handle.executeUpdate(giveFeedbackUpdate, { args: [feedback as GiveFeedbackRequest] }), message);
        expect(await handle.query(feedbackStateQuery)).toEqual(before);

        // One answer; its exact retry is a no-op; other content under the same id is refused.
        const given = await handle.executeUpdate(giveFeedbackUpdate, { args: [give('peter', 'p-1', 'Good opening', 'Slower')] });
        const afterOne = await handle.query(feedbackStateQuery);
        expect(await handle.executeUpdate(giveFeedbackUpdate, { args: [give('peter', 'p-1', 'Good opening', 'Slower')] })).toEqual({ ...given, duplicate: true });
        await refused(handle.executeUpdate(giveFeedbackUpdate, { args: [give('peter', 'p-1', 'Good opening', 'Much slower')] }), /answerId p-1 was already used for a different answer/);
        expect(await handle.query(feedbackStateQuery)).toEqual(afterOne);
        // The gateway reports a refusal as a core ValidationError with the workflow's message.
        await expect(gateway.giveFeedback(harness.tenantId, input.requestId, give('tom', 'x', 'Hm', 'Hm'))).rejects.toThrow(ValidationError);
        await expect(gateway.giveFeedback(harness.tenantId, input.requestId, give('tom', 'x', 'Hm', 'Hm'))).rejects.toThrow(/only the peers asked/);

        // Past the deadline the round is closed while the delivery waits for Stephanie's quiet hours.
        await sleepUntil(env, before.deadline, MINUTE);
        const closed = await handle.query(feedbackStateQuery);
        expect(closed).toMatchObject({ phase: 'closed', answeredPeerIds: ['peter'] });
        expect(closed.deliveredAt).toBeUndefined();
        await refused(handle.executeUpdate(giveFeedbackUpdate, { args: [give('alejandro', 'a-late', 'Late', 'Late')] }), /is closed; answers are no longer accepted/);
        expect(await handle.query(feedbackStateQuery)).toEqual(closed);

        const final: PeerFeedbackState = await handle.result();
        expect(Date.parse(final.deliveredAt!)).toBeGreaterThanOrEqual(quietEnds.startOf('minute').toMillis()); // quiet hours are whole minutes
        await writeHistoryIfRecording('peer-feedback-quiet-delivery', await handle.fetchHistory());
      });
      const stored = (await harness.store.records.get('feedbackRequest', { tenantId: harness.tenantId, id: 'bad-feedback' }))!.record;
      expect(stored.answers.map((answer) => [answer.peerId, answer.doBetter])).toEqual([['peter', 'Slower']]);
      const delivery = (await harness.messages()).filter((message) => message.process.workflowId === workflowId && message.purpose === 'feedback_delivery');
      expect(delivery.map(recipientOf)).toEqual(['stephanie']);
    } finally {
      await harness.dispose();
    }
  });

  it('never starts a round from bad input: the gateway names the problem', async () => {
    const gateway = new TemporalAgendaAndFeedback(env.client, 'unused');
    const good: PeerFeedbackStart = { tenantId: 't1', accountId: 'northwind', requestId: 'r1', requesterId: 'stephanie', peerIds: ['peter'], event: 'Pitch', eventAt: '2026-03-04T15:00:00Z' };
    await expect(gateway.startPeerFeedback({ ...good, peerIds: ['stephanie'] })).rejects.toThrow(/peerIds must name at least one peer other than the requester/);
    await expect(gateway.startPeerFeedback({ ...good, peerIds: [] })).rejects.toThrow(ValidationError);
    await expect(gateway.startPeerFeedback({ ...good, event: '  ' })).rejects.toThrow(/event/);
    await expect(gateway.startPeerFeedback({ ...good, eventAt: 'next Tuesday' })).rejects.toThrow(/eventAt/);
    await expect(gateway.startPeerFeedback({ ...good, answerWindowDays: 1, reminderAfterHours: 30 })).rejects.toThrow(/reminderAfterHours must fall before the answer window closes/);
  });

  it('starts a round once per request through the gateway, with a workflow id derived from the request', async () => {
    const now = await env.currentTimeMs();
    const harness = await createWorkflowHarness(env, new Date(now));
    const gateway = new TemporalAgendaAndFeedback(env.client, harness.taskQueue);
    // The dev server registers these at start-up (infra/local); the test server needs them added.
    const KEYWORD = 2; // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
    await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { TenantId: KEYWORD, AccountId: KEYWORD, ProcessKind: KEYWORD } });
    try {
      const start = request(harness.tenantId, 'via-gateway', now);
      const first = await gateway.startPeerFeedback(start);
      const second = await gateway.startPeerFeedback(start);
      expect(first).toEqual({ workflowId: peerFeedbackWorkflowId(harness.tenantId, 'via-gateway') });
      expect(second).toEqual(first);
      await harness.run(async () => {
        await env.sleep(MINUTE);
        expect(await gateway.peerFeedbackState(harness.tenantId, 'via-gateway')).toMatchObject({ phase: 'before_event', peerIds: ['alejandro', 'peter', 'maya'] });
      });
      expect(await gateway.peerFeedbackState(harness.tenantId, 'never-started')).toBeUndefined();
      const description = await env.client.workflow.getHandle(first.workflowId).describe();
      expect(description.type).toBe('peerFeedback');
      expect(description.typedSearchAttributes.get(PROCESS_KIND)).toBe('peer_feedback');
      expect(description.typedSearchAttributes.get(TENANT_ID)).toBe(harness.tenantId);
      await env.client.workflow.getHandle(first.workflowId).terminate('test over');
    } finally {
      await harness.dispose();
    }
  });
});
