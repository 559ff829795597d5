import { allHandlersFinished, condition, log, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { CommonActivities } from '../activities/common-activities';
import type { ReviewActivities } from '../activities/review-activities';
import type { ScheduledRunInput } from '../processes';
import { reviewStateQuery, submitReviewUpdate, type ReviewOpened, type ReviewSubmission, type StandardsReviewState } from './standards-review.contract';

const activities = proxyActivities<ReviewActivities & CommonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['ValidationError'] },
});

const MAX_COMMENT = 4000;
/** patched() ids: each guards a fix that changes what a running review does, so recorded histories still replay. */
const CLOSE_AFTER_ANSWERS_PATCH = 'review-close-after-answers';
const RETRY_FAILED_ANSWER_PATCH = 'review-retry-failed-answer';

/**
 * One cycle of a leadership team's standards review, started by the account's Schedule: snapshot what
 * is reviewed → ask each leader → collect one answer per leader (last edit wins until close) → remind
 * the missing → close at the deadline or when everyone answered → score, flag, post the summary.
 */
export async function standardsReview(input: ScheduledRunInput): Promise<StandardsReviewState> {
  const { workflowId } = workflowInfo();
  const state: StandardsReviewState = { phase: 'opening', leaderIds: [], answered: [], outstanding: [], remindersSent: false };
  const seenAnswerIds = new Set<string>();
  // Set once the cycle is open; the handlers below are registered first so no early update is lost.
  const cycle: { opened?: ReviewOpened } = {};

  setHandler(reviewStateQuery, () => state);
  setHandler(
    submitReviewUpdate,
    async (submission: ReviewSubmission) => {
      if (seenAnswerIds.has(submission.answerId)) return state;
      seenAnswerIds.add(submission.answerId);
      try {
        await activities.reviewRecordAnswer({ tenantId: input.tenantId, accountId: input.accountId, reviewId: cycle.opened!.reviewId, submission });
      } catch (error) {
        // The answer was not recorded: the same answer id may be sent again. (Patched: runs that failed an
        // answer before this fix keep dropping its retry, as their history says they did.)
        if (patched(RETRY_FAILED_ANSWER_PATCH)) seenAnswerIds.delete(submission.answerId);
        throw error;
      }
      if (!state.answered.includes(submission.leaderId)) state.answered.push(submission.leaderId);
      state.outstanding = state.leaderIds.filter((id) => !state.answered.includes(id));
      return state;
    },
    { validator: (submission: ReviewSubmission) => validateSubmission(state, cycle.opened, submission) },
  );

  const opened = (cycle.opened = await activities.reviewOpen({ ...input, workflowId, openedAt: new Date().toISOString() }));
  if (!opened.run) {
    state.phase = 'skipped';
    return state;
  }
  Object.assign(state, {
    phase: 'collecting',
    reviewId: opened.reviewId,
    cycle: opened.cycle,
    leaderIds: opened.leaderIds,
    answered: [...opened.answeredLeaderIds],
    deadline: opened.deadline,
    reminderAt: opened.reminderAt,
  });
  state.outstanding = state.leaderIds.filter((id) => !state.answered.includes(id));
  const review = opened;
  // A message that cannot be delivered (fails for good: too large, recipient unreachable) must not stop the
  // review: it is recorded as failed by the messenger and the cycle carries on without that card.
  const message = (leaderId: string, purpose: 'review_request' | 'review_reminder', text: string) =>
    promptWhenAwake(input.tenantId, leaderId, () =>
      activities.sendMessage({
        key: `${workflowId}/${purpose}/${leaderId}`,
        tenantId: input.tenantId,
        accountId: input.accountId,
        recipient: { kind: 'person', personId: leaderId },
        purpose,
        process: { kind: 'standards_review', workflowId },
        text,
        payload: { reviewId: review.reviewId, cycle: review.cycle, deadline: review.deadline, standards: review.snapshot.standards, goals: review.snapshot.goals },
      }),
    ).catch((error: unknown) => log.warn(`standards review: ${purpose} to ${leaderId} failed`, { error: String(error) }));

  // Requests go out in parallel, each one waiting out its leader's quiet hours.
  void Promise.all(
    state.outstanding.map((leaderId) =>
      message(leaderId, 'review_request', `Your ${review.cycle} standards review is open until ${review.deadline}: rate each standard, role clarity and goal confidence.`),
    ),
  );

  const everyoneAnswered = () => state.outstanding.length === 0;
  const untilReminder = Date.parse(review.reminderAt) - Date.now();
  if (!(await condition(everyoneAnswered, Math.max(untilReminder, 1)))) {
    state.remindersSent = true;
    await Promise.all(
      state.outstanding.map((leaderId) => message(leaderId, 'review_reminder', `Reminder: your ${review.cycle} standards review closes ${review.deadline}.`)),
    );
  }
  await condition(everyoneAnswered, Math.max(Date.parse(review.deadline) - Date.now(), 1));

  state.phase = 'closed';
  // Answers accepted before the close finish storing first; otherwise one accepted just before the deadline
  // would be written after reviewClose, where reviewRecordAnswer no longer records it. (Patched: runs that
  // closed before this fix replay without the wait.)
  if (patched(CLOSE_AFTER_ANSWERS_PATCH)) await condition(allHandlersFinished);
  const results = await activities.reviewClose({ tenantId: input.tenantId, accountId: input.accountId, reviewId: review.reviewId, closedAt: new Date().toISOString() });
  await activities
    .sendMessage({
      key: `${workflowId}/review_summary`,
      tenantId: input.tenantId,
      accountId: input.accountId,
      recipient: { kind: 'leadership_channel' },
      purpose: 'review_summary',
      process: { kind: 'standards_review', workflowId },
      text: results.summaryText,
      payload: { reviewId: review.reviewId, cycle: review.cycle, results: results.results, standards: review.snapshot.standards },
    })
    .catch((error: unknown) => log.warn('standards review: summary failed', { error: String(error) }));
  return state;
}

/** Sends once the person is outside their quiet hours (the activity answers in their own zone). */
async function promptWhenAwake(tenantId: string, personId: string, send: () => Promise<unknown>): Promise<void> {
  const at = await activities.nextSendableTime({ tenantId, personId, at: new Date().toISOString() });
  const wait = Date.parse(at) - Date.now();
  if (wait > 0) await sleep(wait);
  await send();
}

function validateSubmission(state: StandardsReviewState, opened: { snapshot: { standards: { id: string }[]; goals: { id: string }[] } } | undefined, submission: ReviewSubmission): void {
  if (state.phase === 'closed' || state.phase === 'skipped') throw new Error('this review is closed; answers are no longer accepted');
  if (!opened || state.phase !== 'collecting') throw new Error('this review is still opening; try again in a moment');
  if (!submission || typeof submission !== 'object') throw new Error('an answer is required');
  if (typeof submission.answerId !== 'string' || submission.answerId.length === 0 || submission.answerId.length > 200) throw new Error('answerId is required (at most 200 characters)');
  if (!state.leaderIds.includes(submission.leaderId)) throw new Error('only the leaders asked in this review can answer it');
  const standardIds = opened.snapshot.standards.map((standard) => standard.id);
  const ratings = submission.ratings ?? {};
  for (const id of Object.keys(ratings)) if (!standardIds.includes(id)) throw new Error(`ratings: ${id} is not a standard of this review`);
  for (const id of standardIds) if (!isRating(ratings[id])) throw new Error(`ratings: rate standard ${id} from 1 to 5`);
  if (!isRating(submission.roleClarity)) throw new Error('roleClarity must be a whole number from 1 to 5');
  const goalIds = opened.snapshot.goals.map((goal) => goal.id);
  for (const [id, value] of Object.entries(submission.goalConfidence ?? {})) {
    if (!goalIds.includes(id)) throw new Error(`goalConfidence: ${id} is not a goal of this review`);
    if (!isRating(value)) throw new Error(`goalConfidence: rate goal ${id} from 1 to 5`);
  }
  if (submission.comment !== undefined && (typeof submission.comment !== 'string' || submission.comment.length > MAX_COMMENT)) throw new Error(`comment must be text of at most ${MAX_COMMENT} characters`);
}

const isRating = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
