import type { ReviewAnswer } from '../../core/domain/standards-review';
import { computeReviewResults, reviewTrend, type ReviewSnapshot } from '../../core/rules/review-scoring';

const NOW = new Date('2026-11-28T12:00:00Z');
const snapshot: ReviewSnapshot = {
  standards: [
    { id: 'tensions', text: 'Tensions get an agenda slot' },
    { id: 'bad-news', text: 'Bad news travels fast' },
  ],
  responsibilities: [
    { id: 'board', what: 'Client Board relationship', ownerId: 'alejandro' },
    { id: 'calendar', what: 'Client communications calendar' },
  ],
  goals: [
    { id: 'profit', title: 'Grow profit 15%', lastProgressAt: '2026-11-20T00:00:00Z' },
    { id: 'c-suite', title: 'Open c-suite doors', lastProgressAt: '2026-08-01T00:00:00Z' },
  ],
};
const answer = (leaderId: string, tensions: number, badNews: number, roleClarity = 4, goalConfidence: Record<string, number> = { profit: 4 }): ReviewAnswer => ({
  leaderId,
  ratings: { tensions, 'bad-news': badNews },
  roleClarity,
  goalConfidence,
  comment: '',
  answeredAt: NOW.toISOString(),
});

describe('scoring a standards review', () => {
  it('averages each standard over the leaders who answered and names the ones who did not', () => {
    const results = computeReviewResults(snapshot, ['a', 'b', 'c'], [answer('a', 4, 5), answer('b', 3, 4)], undefined, NOW);
    expect(results.averageByStandard).toEqual({ tensions: 3.5, 'bad-news': 4.5 });
    expect(results.roleClarity).toBe(4);
    expect(results.missing).toEqual(['c']);
  });

  it('ignores answers from people who were not asked', () => {
    const results = computeReviewResults(snapshot, ['a'], [answer('a', 4, 4), answer('intruder', 1, 1)], undefined, NOW);
    expect(results.averageByStandard).toEqual({ tensions: 4, 'bad-news': 4 });
  });

  it('flags a standard that slipped by half a point or more since the last cycle, and only that one', () => {
    const results = computeReviewResults(snapshot, ['a', 'b'], [answer('a', 4, 3), answer('b', 4, 3)], { averageByStandard: { tensions: 4.2, 'bad-news': 4 } }, NOW);
    const slipping = results.flags.filter((flag) => flag.kind === 'standard_slipping');
    expect(slipping.map((flag) => flag.subjectId)).toEqual(['bad-news']);
    expect(slipping[0]!.message).toMatch(/slipped from 4 to 3/);
  });

  it('flags a responsibility nobody owns', () => {
    const results = computeReviewResults(snapshot, ['a'], [answer('a', 4, 4)], undefined, NOW);
    expect(results.flags).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'responsibility_without_owner', subjectId: 'calendar' })]));
    expect(results.flags.some((flag) => flag.subjectId === 'board')).toBe(false);
  });

  it('flags a goal with no recent progress, and one the team has lost confidence in', () => {
    const results = computeReviewResults(snapshot, ['a', 'b'], [answer('a', 4, 4, 4, { profit: 2 }), answer('b', 4, 4, 4, { profit: 2 })], undefined, NOW);
    const stalled = results.flags.filter((flag) => flag.kind === 'goal_stalled');
    expect(stalled.map((flag) => flag.subjectId).sort()).toEqual(['c-suite', 'profit']);
    expect(stalled.find((flag) => flag.subjectId === 'c-suite')!.message).toMatch(/no documented progress/);
    expect(stalled.find((flag) => flag.subjectId === 'profit')!.message).toMatch(/confidence is 2\/5/);
  });

  it('flags low role clarity', () => {
    const results = computeReviewResults(snapshot, ['a', 'b'], [answer('a', 4, 4, 2), answer('b', 4, 4, 3)], undefined, NOW);
    expect(results.flags).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'low_role_clarity' })]));
  });

  it('leaves scores empty rather than zero when nobody answered', () => {
    const results = computeReviewResults(snapshot, ['a'], [], undefined, NOW);
    expect(results.averageByStandard).toEqual({});
    expect(results.roleClarity).toBeNull();
    expect(results.missing).toEqual(['a']);
  });
});

describe('the review trend', () => {
  it('lists closed cycles oldest first with their overall score', () => {
    const cycle = (name: string, closedAt: string | undefined, tensions: number) => ({
      cycle: name,
      closedAt,
      results: { averageByStandard: { tensions, 'bad-news': 4 }, roleClarity: 4, flags: [], missing: [], trend: [] },
    });
    expect(reviewTrend([cycle('Q3', '2026-09-30T00:00:00Z', 3), cycle('Q2', '2026-06-30T00:00:00Z', 5), cycle('Q4 (open)', undefined, 1)])).toEqual([
      { cycle: 'Q2', closedAt: '2026-06-30T00:00:00Z', overall: 4.5, roleClarity: 4, byStandard: { tensions: 5, 'bad-news': 4 } },
      { cycle: 'Q3', closedAt: '2026-09-30T00:00:00Z', overall: 3.5, roleClarity: 4, byStandard: { tensions: 3, 'bad-news': 4 } },
    ]);
  });
});
