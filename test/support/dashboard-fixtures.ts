import type { DateTime } from 'luxon';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { Store } from '../../core/store/ports';

/** Who reached out to whom on Northwind, and how. */
export type InteractionPair = [fromId: string, toId: string, via: 'check_in' | 'help_request' | 'card_answer'];

/** The closed review cycles seedDashboardHistory can put on the trend. */
export type ReviewCycle = '2025-Q2' | '2025-Q3' | '2025-Q4';

export interface DashboardHistoryOptions {
  /** Cycles on the closed review's trend, oldest first: 2025-Q2 overall 3.2, 2025-Q3 4, 2025-Q4 3.5. */
  trend: readonly ReviewCycle[];
  /** Interactions after the ten of the team network, e.g. a self-loop or one with a walled partner. */
  extraPairs?: readonly InteractionPair[];
  /** Interaction ids are `${interactionIdPrefix}-${index}`; `seeded` unless given. */
  interactionIdPrefix?: string;
  /** `review-2025-q4` unless given. */
  reviewId?: string;
}

/** Who helped whom: the audit cluster, the tax cluster, and the leaders among themselves. */
const TEAM_NETWORK: readonly InteractionPair[] = [
  ['maya', 'alejandro', 'check_in'],
  ['maya', 'alejandro', 'check_in'],
  ['tom', 'stephanie', 'check_in'],
  ['priya', 'peter', 'check_in'],
  ['maya', 'dana', 'help_request'],
  ['dana', 'alejandro', 'help_request'],
  ['tom', 'priya', 'help_request'],
  ['priya', 'stephanie', 'help_request'],
  ['alejandro', 'stephanie', 'card_answer'],
  ['stephanie', 'peter', 'card_answer'],
];

/**
 * The demo firm has no closed review and no interactions yet: seeds Northwind's team network (one
 * interaction a day going back from `now`) and its closed 2025-Q4 standards review, with `bad-news-early`
 * slipping from 4.5 to 3.5 and Peter missing.
 */
export async function seedDashboardHistory(store: Store, now: DateTime, options: DashboardHistoryOptions): Promise<void> {
  const iso = (at: DateTime) => at.toUTC().toISO()!;
  const stamp = { tenantId: DEMO_TENANT_ID, accountId: 'northwind', createdAt: iso(now), updatedAt: iso(now) };
  const prefix = options.interactionIdPrefix ?? 'seeded';
  const pairs = [...TEAM_NETWORK, ...(options.extraPairs ?? [])];
  for (const [index, [fromId, toId, via]] of pairs.entries()) {
    await store.records.create('interaction', { ...stamp, id: `${prefix}-${index}`, fromId, toId, via, at: iso(now.minus({ days: index })) });
  }
  const standards = { 'tensions-on-agenda': 4, 'bad-news-early': 3.5, 'answer-fast': 3 };
  const trendPoints: Record<ReviewCycle, { cycle: ReviewCycle; closedAt: string; overall: number; roleClarity: number; byStandard: Record<string, number> }> = {
    '2025-Q2': { cycle: '2025-Q2', closedAt: iso(now.minus({ days: 190 })), overall: 3.2, roleClarity: 3, byStandard: { 'tensions-on-agenda': 3, 'bad-news-early': 4, 'answer-fast': 2.5 } },
    '2025-Q3': { cycle: '2025-Q3', closedAt: iso(now.minus({ days: 100 })), overall: 4, roleClarity: 3.5, byStandard: { 'tensions-on-agenda': 4, 'bad-news-early': 4.5, 'answer-fast': 3.5 } },
    '2025-Q4': { cycle: '2025-Q4', closedAt: iso(now.minus({ days: 10 })), overall: 3.5, roleClarity: 4, byStandard: standards },
  };
  await store.records.create('standardsReview', {
    ...stamp,
    id: options.reviewId ?? 'review-2025-q4',
    cycle: '2025-Q4',
    snapshot: {
      standards: [
        { id: 'tensions-on-agenda', text: 'Every tension gets a slot on the agenda.' },
        { id: 'bad-news-early', text: 'Bad news travels fast.' },
        { id: 'answer-fast', text: 'Client email is acknowledged within four business hours.' },
      ],
      responsibilities: [],
      goals: [],
    },
    openedAt: iso(now.minus({ days: 17 })),
    deadline: iso(now.minus({ days: 10 })),
    closedAt: iso(now.minus({ days: 10 })),
    leaderIds: ['alejandro', 'stephanie', 'peter'],
    answers: [
      { leaderId: 'alejandro', ratings: { 'tensions-on-agenda': 4, 'bad-news-early': 3, 'answer-fast': 3 }, roleClarity: 4, goalConfidence: {}, comment: '', answeredAt: iso(now.minus({ days: 12 })) },
      { leaderId: 'stephanie', ratings: { 'tensions-on-agenda': 4, 'bad-news-early': 4, 'answer-fast': 3 }, roleClarity: 4, goalConfidence: {}, comment: '', answeredAt: iso(now.minus({ days: 11 })) },
    ],
    results: {
      averageByStandard: standards,
      roleClarity: 4,
      flags: [{ kind: 'standard_slipping', subjectId: 'bad-news-early', message: '“Bad news travels fast.” slipped from 4.5 to 3.5' }],
      missing: ['peter'],
      trend: options.trend.map((cycle) => trendPoints[cycle]),
    },
  });
}
