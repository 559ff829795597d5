import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { StoreMessenger } from '../../core/services/messenger';
import { createActivities } from '../../workflows/src/activities';
import type { ScheduledRunInput } from '../../workflows/src/processes';
import { reviewStateQuery, submitReviewUpdate, type ReviewSubmission } from '../../workflows/src/workflows/standards-review.contract';
import { eventually } from '../support/eventually';
import { writeHistoryIfRecording } from '../support/history-fixtures';
import { asRecord, quarterlyReview } from '../support/process-configs';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import { createWorkflowHarness, DAY, installQuietRuntime, refused, sharedWorkflowBundle, sleepUntil, type WorkflowHarness } from '../support/workflow-harness';

jest.setTimeout(300_000);

const STANDARDS = ['tensions-on-agenda', 'bad-news-early', 'answer-fast'];
let env: TestWorkflowEnvironment;
let harness: WorkflowHarness;
let input: ScheduledRunInput;

beforeAll(async () => {
  installQuietRuntime(); // before the environment creates the runtime with its default logger
  env = await createTimeSkippingEnv();
  const now = new Date(await env.currentTimeMs());
  harness = await createWorkflowHarness(env, now);
  input = { tenantId: harness.tenantId, accountId: 'northwind', configId: 'quarterly-review' };
  const config = quarterlyReview({
    cadence: { timeZone: 'America/Chicago', hour: 9, daysOfMonth: [1], months: [1, 4, 7, 10] },
    participantIds: ['alejandro', 'stephanie', 'peter'],
    answerWindowDays: 7,
    reminderAfterHours: 72,
    escalateAfterHours: 120,
  });
  await harness.store.records.create('processConfig', asRecord(config, { tenantId: harness.tenantId, id: 'quarterly-review', now }));
});
afterAll(async () => {
  await harness?.dispose();
  await env?.teardown();
});

const answer = (leaderId: string, answerId: string, rating: number, overrides: Partial<ReviewSubmission> = {}): ReviewSubmission => ({
  answerId,
  leaderId,
  ratings: Object.fromEntries(STANDARDS.map((id) => [id, rating])),
  roleClarity: 4,
  goalConfidence: { 'profit-growth': 4 },
  comment: '',
  ...overrides,
});

describe('a year of quarterly standards reviews', () => {
  it('collects answers, reminds the late, records the missing, flags a slipping standard and builds the trend', async () => {
    for (let quarter = 1; quarter <= 4; quarter++) {
      const peterAnswers = quarter % 2 === 1; // Peter misses the second and fourth reviews
      await harness.run(async () => {
        const handle = await env.client.workflow.start('standardsReview', { taskQueue: harness.taskQueue, workflowId: `process/${harness.tenantId}/quarterly-review-q${quarter}`, args: [input] });
        await env.sleep(DAY);
        // In the third quarter the team admits bad news has started to travel slowly.
        await handle.executeUpdate(submitReviewUpdate, { args: [answer('alejandro', `a-q${quarter}`, 4, quarter === 3 ? { ratings: { 'tensions-on-agenda': 4, 'bad-news-early': 2, 'answer-fast': 4 } } : {})] });
        await env.sleep(4 * DAY); // past the reminder (72 h)
        expect((await handle.query(reviewStateQuery)).remindersSent).toBe(true);
        // Stephanie answers late, then changes her mind before the review closes: the last edit wins.
        await handle.executeUpdate(submitReviewUpdate, { args: [answer('stephanie', `s-q${quarter}`, 3)] });
        await handle.executeUpdate(submitReviewUpdate, { args: [answer('stephanie', `s-q${quarter}-edit`, quarter === 3 ? 2 : 5, { comment: 'Edited after the partner call' })] });
        // Peter answers last, which closes the review early; when he does not, it closes at the deadline.
        if (peterAnswers) await handle.executeUpdate(submitReviewUpdate, { args: [answer('peter', `p-q${quarter}`, 4, quarter === 3 ? { ratings: { 'tensions-on-agenda': 4, 'bad-news-early': 2, 'answer-fast': 4 } } : {})] });
        const state = await handle.result();
        expect(state.phase).toBe('closed');
        expect(state.outstanding).toEqual(peterAnswers ? [] : ['peter']);
        if (quarter === 3) await writeHistoryIfRecording('standards-review-quarter', await handle.fetchHistory());
      });
      await env.sleep(80 * DAY);
    }

    const reviews = (await harness.store.records.list('standardsReview', { tenantId: harness.tenantId, accountId: 'northwind' }))
      .map((found) => found.record)
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    expect(reviews).toHaveLength(4);
    expect(reviews.map((review) => review.results!.missing)).toEqual([[], ['peter'], [], ['peter']]);
    const stephanie = reviews[0]!.answers.find((item) => item.leaderId === 'stephanie')!;
    expect(stephanie.ratings['answer-fast']).toBe(5);
    expect(stephanie.comment).toBe('Edited after the partner call');

    const q3Flags = reviews[2]!.results!.flags;
    expect(q3Flags).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'standard_slipping', subjectId: 'bad-news-early' })]));
    expect(reviews[0]!.results!.flags.some((flag) => flag.kind === 'standard_slipping')).toBe(false);
    expect(q3Flags).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'responsibility_without_owner', subjectId: 'client-comms-calendar' })]));
    expect(reviews[3]!.results!.trend.map((point) => point.cycle)).toEqual(reviews.map((review) => review.cycle));

    const messages = await harness.messages();
    const of = (purpose: string) => messages.filter((message) => message.process.kind === 'standards_review' && message.purpose === purpose);
    expect(of('review_request')).toHaveLength(12);
    expect(of('review_summary')).toHaveLength(4);
    expect(of('review_summary').every((message) => message.recipient.kind === 'leadership_channel')).toBe(true);
    // Reminders went to whoever had not answered after 72 hours: Stephanie and Peter, never Alejandro.
    const reminded = of('review_reminder').map((message) => (message.recipient.kind === 'person' ? message.recipient.personId : ''));
    expect(reminded.filter((id) => id === 'stephanie')).toHaveLength(4);
    expect(reminded.filter((id) => id === 'peter')).toHaveLength(4);
    expect(reminded).not.toContain('alejandro');
  });
});

describe('bad answers to a review', () => {
  it('are refused with a specific message and change nothing', async () => {
    await harness.run(async () => {
      const handle = await env.client.workflow.start('standardsReview', { taskQueue: harness.taskQueue, workflowId: `process/${harness.tenantId}/quarterly-review-bad`, args: [input] });
      await env.sleep(60_000);
      const before = await handle.query(reviewStateQuery);
      const refusals: [ReviewSubmission, RegExp][] = [
        [answer('maya', 'm1', 4), /only the leaders/],
        [answer('alejandro', 'x1', 6), /rate standard tensions-on-agenda from 1 to 5/],
        [{ ...answer('alejandro', 'x2', 4), ratings: { 'tensions-on-agenda': 4 } }, /rate standard bad-news-early/],
        [{ ...answer('alejandro', 'x3', 4), ratings: { ...answer('alejandro', 'x3', 4).ratings, 'made-up': 3 } }, /made-up is not a standard/],
        [answer('alejandro', 'x4', 4, { roleClarity: 0 }), /roleClarity/],
        [answer('alejandro', 'x5', 4, { goalConfidence: { 'not-a-goal': 3 } }), /not-a-goal is not a goal/],
        [answer('alejandro', 'x6', 4, { comment: 'c'.repeat(4001) }), /comment must be text/],
        [answer('alejandro', '', 4), /answerId is required/],
      ];
      for (const [submission, message] of refusals) await refused(handle.executeUpdate(submitReviewUpdate, { args: [submission] }), message);
      expect(await handle.query(reviewStateQuery)).toEqual(before);
      // The same answer id twice is one answer.
      await handle.executeUpdate(submitReviewUpdate, { args: [answer('alejandro', 'dup', 4)] });
      await handle.executeUpdate(submitReviewUpdate, { args: [answer('alejandro', 'dup', 1)] });
      const review = (await harness.store.records.list('standardsReview', { tenantId: harness.tenantId, accountId: 'northwind' })).find((found) => found.record.workflowId?.endsWith('quarterly-review-bad'))!.record;
      expect(review.answers).toHaveLength(1);
      expect(review.answers[0]!.ratings['answer-fast']).toBe(4);
      await handle.terminate('test over');
    });
  });
});

type Activities = ReturnType<typeof createActivities>;

/**
 * Like harness.run, with some of the real activities wrapped (the harness always registers them as they
 * are): the way to hold an activity at a chosen moment or make it fail once.
 */
async function runWithActivities<T>(wrap: (real: Activities) => Partial<Activities>, fn: () => Promise<T>): Promise<T> {
  const real = createActivities({ store: harness.store, messenger: new StoreMessenger(harness.store) });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: harness.taskQueue,
    workflowBundle: await sharedWorkflowBundle(),
    activities: { ...real, ...wrap(real) },
  });
  return worker.runUntil(fn);
}

const reviewOf = async (workflowId: string) =>
  (await harness.store.records.list('standardsReview', { tenantId: harness.tenantId, accountId: 'northwind' })).find((found) => found.record.workflowId === workflowId)!.record;

describe('an answer accepted just before the deadline', () => {
  it('is stored before the review closes, and counted in its results', async () => {
    const workflowId = `process/${harness.tenantId}/quarterly-review-last-minute`;
    const events: string[] = [];
    let answerStarted!: () => void;
    const started = new Promise<void>((resolve) => (answerStarted = resolve));
    let releaseAnswer!: () => void;
    const released = new Promise<void>((resolve) => (releaseAnswer = resolve));
    await runWithActivities(
      (real) => ({
        // Storing the answer takes until the test lets it go: long enough for the deadline to pass meanwhile.
        async reviewRecordAnswer(input) {
          events.push('answer:start');
          answerStarted();
          await released;
          await real.reviewRecordAnswer(input);
          events.push('answer:stored');
        },
        async reviewClose(input) {
          events.push('close:start');
          const closed = await real.reviewClose(input);
          events.push('close:done');
          return closed;
        },
      }),
      async () => {
        const handle = await env.client.workflow.start('standardsReview', { taskQueue: harness.taskQueue, workflowId, args: [input] });
        await env.sleep(60_000);
        const { deadline } = await handle.query(reviewStateQuery);
        await sleepUntil(env, deadline!, -2_000);
        // Accepted two seconds before the deadline (the review is still collecting)...
        const update = handle.executeUpdate(submitReviewUpdate, { args: [answer('alejandro', 'last-minute', 4)] });
        update.catch(() => undefined); // awaited below; this only keeps an early rejection from going unhandled
        await started;
        // ...and still being stored when the deadline passes and the review turns to closing.
        await eventually(async () => ((await handle.query(reviewStateQuery)).phase === 'closed' ? true : undefined), 'the review to reach its deadline');
        // Without the wait for running handlers the close runs now, before the answer is stored: give it
        // the chance to (it takes milliseconds), then let the answer through.
        await eventually(async () => (events.includes('close:done') ? true : undefined), 'a premature close', 2_000, 50).catch(() => undefined);
        releaseAnswer();
        await update;
        const state = await handle.result();
        expect(state.phase).toBe('closed');
        expect(state.outstanding).toEqual(['stephanie', 'peter']);
      },
    );
    expect(events).toEqual(['answer:start', 'answer:stored', 'close:start', 'close:done']);
    const review = await reviewOf(workflowId);
    expect(review.answers.map((item) => item.leaderId)).toEqual(['alejandro']);
    expect(review.results!.missing).toEqual(['stephanie', 'peter']);
    expect(review.results!.averageByStandard['answer-fast']).toBe(4);
    const summary = (await harness.messages()).find((message) => message.process.workflowId === workflowId && message.purpose === 'review_summary');
    expect(summary?.text).toMatch(/1 of 3 leaders answered/);
  });
});

describe('an answer whose recording failed', () => {
  it('is recorded when the leader sends it again with the same answer id', async () => {
    const workflowId = `process/${harness.tenantId}/quarterly-review-retried-answer`;
    const failedOnce = new Set<string>();
    await runWithActivities(
      (real) => ({
        // The first attempt to store each answer fails for good (as a non-retryable failure does, or a retry policy running out).
        async reviewRecordAnswer(input) {
          if (!failedOnce.has(input.submission.answerId)) {
            failedOnce.add(input.submission.answerId);
            throw ApplicationFailure.create({ type: 'StoreUnavailable', message: 'the store is unavailable', nonRetryable: true });
          }
          await real.reviewRecordAnswer(input);
        },
      }),
      async () => {
        const handle = await env.client.workflow.start('standardsReview', { taskQueue: harness.taskQueue, workflowId, args: [input] });
        await env.sleep(60_000);
        const failure = await handle.executeUpdate(submitReviewUpdate, { args: [answer('alejandro', 'retried', 4)] }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
        expect((await handle.query(reviewStateQuery)).answered).toEqual([]);
        expect((await reviewOf(workflowId)).answers).toEqual([]);
        // The client sends the same answer again, as a card's retry does: it is recorded this time, not taken for a duplicate.
        const state = await handle.executeUpdate(submitReviewUpdate, { args: [answer('alejandro', 'retried', 4)] });
        expect(state.answered).toEqual(['alejandro']);
        const review = await reviewOf(workflowId);
        expect(review.answers.map((item) => [item.leaderId, item.ratings['answer-fast']])).toEqual([['alejandro', 4]]);
        // Once recorded, the same answer id is a duplicate again: kept once, the later copy ignored.
        await handle.executeUpdate(submitReviewUpdate, { args: [answer('alejandro', 'retried', 1)] });
        expect((await reviewOf(workflowId)).answers.map((item) => item.ratings['answer-fast'])).toEqual([4]);
        await handle.terminate('test over');
      },
    );
    expect([...failedOnce]).toEqual(['retried']);
  });
});
