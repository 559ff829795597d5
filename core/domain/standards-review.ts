import { z } from 'zod';
import { AccountScoped, Id, Instant } from './common';

export const Rating = z.number().int().min(1).max(5);

export const ReviewAnswer = z
  .object({
    leaderId: Id,
    /** standard id → 1..5 */
    ratings: z.record(Id, Rating),
    /** "Do you know who is accountable for what?" 1..5 */
    roleClarity: Rating,
    /** goal id → confidence 1..5 that the goal will be met */
    goalConfidence: z.record(Id, Rating).default({}),
    comment: z.string().trim().max(4000).default(''),
    answeredAt: Instant,
  })
  .strict();
export type ReviewAnswer = z.infer<typeof ReviewAnswer>;

export const ReviewFlag = z
  .object({
    kind: z.enum(['standard_slipping', 'responsibility_without_owner', 'goal_stalled', 'low_role_clarity']),
    subjectId: z.string().max(128),
    message: z.string().max(500),
  })
  .strict();
export type ReviewFlag = z.infer<typeof ReviewFlag>;

/** One cycle of a leadership team's self-review. */
export const StandardsReview = AccountScoped.extend({
  cycle: z.string().max(40),
  openedAt: Instant,
  deadline: Instant,
  closedAt: Instant.optional(),
  leaderIds: z.array(Id).min(1),
  answers: z.array(ReviewAnswer).default([]),
  results: z
    .object({
      averageByStandard: z.record(Id, z.number()),
      roleClarity: z.number().nullable(),
      flags: z.array(ReviewFlag),
      missing: z.array(Id),
    })
    .strict()
    .optional(),
}).strict();
export type StandardsReview = z.infer<typeof StandardsReview>;
