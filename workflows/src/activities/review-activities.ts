import { DateTime } from 'luxon';
import { ValidationError } from '../../../core/errors';
import type { StandardsReview } from '../../../core/domain/standards-review';
import { isScheduledWeek } from '../../../core/rules/cadence';
import { computeReviewResults, reviewTrend } from '../../../core/rules/review-scoring';
import type { Store } from '../../../core/store/ports';
import { updateRecord } from '../../../core/store/update-record';
import type { ScheduledRunInput } from '../processes';
import type { ReviewOpened, ReviewSubmission } from '../workflows/standards-review.contract';
import { idHash, MAX_ID_CHARS } from '../workflows/workflow-helpers';

export interface ReviewActivityDeps {
  store: Store;
}

/**
 * One review per workflow run. Scheduled runs are `process/<tenant>/<config>-<scheduled time>`: the
 * tenant part is dropped (records are per tenant already) and the rest made id-safe ([A-Za-z0-9._:-]).
 * An id that would not fit the store's limit is shortened with a hash of the whole workflow id, so that
 * the scheduled time still tells the cycles apart (cutting it off made every cycle find the first review);
 * ids that fit keep the plain form, which running reviews already carry.
 */
function reviewIdFor(workflowId: string): string {
  const readable = workflowId.replace(/^process\/[^/]+\//, '').replace(/[^A-Za-z0-9._:-]/g, '_');
  const plain = `review-${readable}`;
  return plain.length <= MAX_ID_CHARS ? plain : `review-${readable.slice(0, 100)}-${idHash(workflowId)}`;
}

export function createReviewActivities({ store }: ReviewActivityDeps) {
  // A missing review is a ValidationError: the review workflow's retry policy lists only that as not retryable.
  const updateReview = (ref: { tenantId: string; accountId: string; reviewId: string }, change: (review: StandardsReview) => boolean): Promise<StandardsReview> =>
    updateRecord(store.records, 'standardsReview', { tenantId: ref.tenantId, id: ref.reviewId, accountId: ref.accountId }, change, {
      missing: () => new ValidationError(`review ${ref.reviewId} does not exist`),
    });

  return {
    /**
     * Freezes what this cycle reviews and creates its record, once per workflow run: a retried or
     * replayed open finds the record it created and returns the same snapshot.
     */
    async reviewOpen(input: ScheduledRunInput & { workflowId: string; openedAt: string }): Promise<ReviewOpened> {
      const reviewId = reviewIdFor(input.workflowId);
      const config = await store.records.get('processConfig', { tenantId: input.tenantId, id: input.configId, accountId: input.accountId });
      const reminderAt = (openedAt: string, deadline: string) =>
        config ? DateTime.fromISO(openedAt).plus({ hours: config.record.reminderAfterHours }).toUTC().toISO()! : deadline;
      const existing = await store.records.get('standardsReview', { tenantId: input.tenantId, id: reviewId, accountId: input.accountId });
      if (existing) return { ...openedFrom(existing.record), reminderAt: reminderAt(existing.record.openedAt, existing.record.deadline) };

      const account = await store.records.get('account', { tenantId: input.tenantId, id: input.accountId });
      const skipped = (reason: string): ReviewOpened => ({ run: false, reason, reviewId, cycle: '', leaderIds: [], snapshot: { standards: [], responsibilities: [], goals: [] }, deadline: input.openedAt, reminderAt: input.openedAt, answeredLeaderIds: [] });
      if (!config || config.record.kind !== 'standards_review') return skipped('the process config no longer exists');
      if (!account) return skipped('the account no longer exists');
      // A Temporal calendar cannot say "every second week": the schedule fires weekly and off-weeks end here.
      if (config.record.cadence && !isScheduledWeek(config.record.cadence, new Date(input.openedAt))) return skipped('not a scheduled week of this cadence');
      if (account.record.standards.length === 0) return skipped('the team has not agreed any standards yet');

      const progress = (await store.records.list('progressEntry', { tenantId: input.tenantId, accountId: input.accountId })).map((found) => found.record);
      const lastProgressAt = (goalId: string) =>
        progress.filter((entry) => entry.goalId === goalId).reduce<string | undefined>((latest, entry) => (!latest || entry.recordedAt > latest ? entry.recordedAt : latest), undefined);
      const opened = DateTime.fromISO(input.openedAt, { zone: config.record.cadence?.timeZone ?? 'utc' });
      const leaderIds = config.record.participantIds.filter((id) => account.record.leadershipTeam.some((member) => member.personId === id));
      const review: StandardsReview = {
        tenantId: input.tenantId,
        accountId: input.accountId,
        id: reviewId,
        cycle: `${opened.year}-Q${opened.quarter} ${opened.toFormat('LLL d')}`,
        configId: input.configId,
        workflowId: input.workflowId,
        openedAt: input.openedAt,
        deadline: opened.plus({ days: config.record.answerWindowDays }).toUTC().toISO()!,
        leaderIds: leaderIds.length > 0 ? leaderIds : account.record.leadershipTeam.map((member) => member.personId),
        answers: [],
        snapshot: {
          standards: account.record.standards.map(({ id, text }) => ({ id, text })),
          responsibilities: account.record.responsibilities.map(({ id, what, ownerId }) => ({ id, what, ...(ownerId ? { ownerId } : {}) })),
          goals: account.record.goals.map(({ id, title }) => {
            const at = lastProgressAt(id);
            return { id, title, ...(at ? { lastProgressAt: at } : {}) };
          }),
        },
        createdAt: input.openedAt,
        updatedAt: input.openedAt,
      };
      if (review.leaderIds.length === 0) return skipped('the account has no leadership team');
      const created = await store.records.create('standardsReview', review).catch(async (error) => {
        const raced = await store.records.get('standardsReview', { tenantId: input.tenantId, id: reviewId, accountId: input.accountId });
        if (raced) return raced;
        throw error;
      });
      return { ...openedFrom(created.record), reminderAt: reminderAt(created.record.openedAt, created.record.deadline) };
    },

    /** Keeps one answer per leader: a later edit replaces the earlier one. */
    async reviewRecordAnswer(input: { tenantId: string; accountId: string; reviewId: string; submission: ReviewSubmission }): Promise<void> {
      const { submission } = input;
      await updateReview(input, (review) => {
        if (review.closedAt) return false;
        review.answers = review.answers.filter((answer) => answer.leaderId !== submission.leaderId);
        review.answers.push({
          leaderId: submission.leaderId,
          ratings: submission.ratings,
          roleClarity: submission.roleClarity,
          goalConfidence: submission.goalConfidence ?? {},
          comment: submission.comment ?? '',
          answeredAt: new Date().toISOString(),
        });
        return true;
      });
    },

    /** Scores the cycle against the previous one, stores results and trend, and words the summary. */
    async reviewClose(input: { tenantId: string; accountId: string; reviewId: string; closedAt: string }) {
      const all = (await store.records.list('standardsReview', { tenantId: input.tenantId, accountId: input.accountId })).map((found) => found.record);
      const previous = all
        .filter((review) => review.id !== input.reviewId && review.closedAt && review.results && review.closedAt < input.closedAt)
        .sort((a, b) => b.closedAt!.localeCompare(a.closedAt!))[0];
      const closed = await updateReview(input, (review) => {
        if (review.closedAt && review.results) return false;
        const results = computeReviewResults(review.snapshot, review.leaderIds, review.answers, previous?.results, new Date(input.closedAt));
        review.closedAt = input.closedAt;
        const trend = reviewTrend([...all.filter((other) => other.id !== review.id), { ...review, results: { ...results, trend: [] } }]);
        review.results = { ...results, trend };
        return true;
      });
      const results = closed.results!;
      const names = new Map((await store.records.getMany('person', input.tenantId, closed.leaderIds)).map((found) => [found.record.id, found.record.name]));
      const lines = [
        `**${closed.cycle} standards review** — ${closed.answers.length} of ${closed.leaderIds.length} leaders answered.`,
        ...closed.snapshot.standards.map((standard) => `- ${standard.text}: ${results.averageByStandard[standard.id] ?? 'no ratings'}`),
        `Role clarity: ${results.roleClarity ?? 'no ratings'}`,
        ...(results.flags.length > 0 ? ['', '**Flags**', ...results.flags.map((flag) => `- ${flag.message}`)] : ['', 'No flags this cycle.']),
        ...(results.missing.length > 0 ? ['', `Not answered: ${results.missing.map((id) => names.get(id) ?? id).join(', ')}`] : []),
      ];
      return { results, summaryText: lines.join('\n') };
    },
  };
}

/** What the workflow needs of a stored review; the callers add `reminderAt` from the config. */
function openedFrom(review: StandardsReview): Omit<ReviewOpened, 'reminderAt'> {
  return {
    run: true,
    reviewId: review.id,
    cycle: review.cycle,
    leaderIds: review.leaderIds,
    snapshot: review.snapshot,
    deadline: review.deadline,
    answeredLeaderIds: review.answers.map((answer) => answer.leaderId),
  };
}

export type ReviewActivities = ReturnType<typeof createReviewActivities>;
