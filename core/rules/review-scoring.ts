import type { ReviewAnswer, ReviewFlag, StandardsReview } from '../domain/standards-review';

/** What the team is reviewed against, frozen when the cycle opens. */
export interface ReviewSnapshot {
  standards: { id: string; text: string }[];
  responsibilities: { id: string; what: string; ownerId?: string }[];
  goals: { id: string; title: string; lastProgressAt?: string }[];
}

export interface ReviewResults {
  averageByStandard: Record<string, number>;
  roleClarity: number | null;
  flags: ReviewFlag[];
  missing: string[];
}

export const REVIEW_THRESHOLDS = {
  /** A standard is slipping when its average falls by at least this much since the last cycle. */
  slippingDrop: 0.5,
  lowRoleClarity: 3,
  lowGoalConfidence: 2.5,
  /** A goal with no documented progress for this long is stalled. */
  stalledAfterDays: 45,
} as const;

const round = (value: number) => Math.round(value * 100) / 100;
const average = (values: number[]) => (values.length === 0 ? null : round(values.reduce((sum, value) => sum + value, 0) / values.length));

/**
 * Scores one review cycle: per-standard averages, role clarity, and the flags the summary leads with —
 * a standard slipping since the last cycle, a responsibility nobody owns, a stalled goal, low role
 * clarity. Only the latest answer of each leader counts (the workflow keeps one per leader).
 */
export function computeReviewResults(
  snapshot: ReviewSnapshot,
  leaderIds: readonly string[],
  answers: readonly ReviewAnswer[],
  previous: Pick<ReviewResults, 'averageByStandard'> | undefined,
  now: Date,
): ReviewResults {
  const byLeader = new Map(answers.filter((answer) => leaderIds.includes(answer.leaderId)).map((answer) => [answer.leaderId, answer]));
  const counted = [...byLeader.values()];
  const averageByStandard: Record<string, number> = {};
  const flags: ReviewFlag[] = [];

  for (const standard of snapshot.standards) {
    const mean = average(counted.map((answer) => answer.ratings[standard.id]).filter((rating): rating is number => rating !== undefined));
    if (mean === null) continue;
    averageByStandard[standard.id] = mean;
    const before = previous?.averageByStandard[standard.id];
    if (before !== undefined && before - mean >= REVIEW_THRESHOLDS.slippingDrop) {
      flags.push({ kind: 'standard_slipping', subjectId: standard.id, message: `“${standard.text}” slipped from ${before} to ${mean}` });
    }
  }

  for (const responsibility of snapshot.responsibilities) {
    if (!responsibility.ownerId) {
      flags.push({ kind: 'responsibility_without_owner', subjectId: responsibility.id, message: `Nobody is accountable for “${responsibility.what}”` });
    }
  }

  const stalledBefore = now.getTime() - REVIEW_THRESHOLDS.stalledAfterDays * 24 * 60 * 60 * 1000;
  for (const goal of snapshot.goals) {
    const confidence = average(counted.map((answer) => answer.goalConfidence[goal.id]).filter((rating): rating is number => rating !== undefined));
    const noRecentProgress = !goal.lastProgressAt || Date.parse(goal.lastProgressAt) < stalledBefore;
    if (noRecentProgress || (confidence !== null && confidence < REVIEW_THRESHOLDS.lowGoalConfidence)) {
      const why = noRecentProgress ? `no documented progress in ${REVIEW_THRESHOLDS.stalledAfterDays} days` : `the team’s confidence is ${confidence}/5`;
      flags.push({ kind: 'goal_stalled', subjectId: goal.id, message: `“${goal.title}” looks stalled: ${why}` });
    }
  }

  const roleClarity = average(counted.map((answer) => answer.roleClarity));
  if (roleClarity !== null && roleClarity < REVIEW_THRESHOLDS.lowRoleClarity) {
    flags.push({ kind: 'low_role_clarity', subjectId: 'team', message: `Role clarity is ${roleClarity}/5: agree who is accountable for what` });
  }

  return { averageByStandard, roleClarity, flags, missing: leaderIds.filter((id) => !byLeader.has(id)) };
}

export interface TrendPoint {
  cycle: string;
  closedAt: string;
  overall: number | null;
  roleClarity: number | null;
  byStandard: Record<string, number>;
}

/** The team's scores across closed cycles, oldest first: what the trend chart draws. */
export function reviewTrend(reviews: readonly Pick<StandardsReview, 'cycle' | 'closedAt' | 'results'>[]): TrendPoint[] {
  return reviews
    .filter((review) => review.closedAt && review.results)
    .sort((a, b) => a.closedAt!.localeCompare(b.closedAt!))
    .map((review) => ({
      cycle: review.cycle,
      closedAt: review.closedAt!,
      overall: average(Object.values(review.results!.averageByStandard)),
      roleClarity: review.results!.roleClarity,
      byStandard: review.results!.averageByStandard,
    }));
}
