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

/** What the cycle reviews, frozen when it opens so later edits to the account do not change it. */
export const ReviewSnapshot = z
  .object({
    standards: z.array(z.object({ id: Id, text: z.string().max(500) }).strict()),
    responsibilities: z.array(z.object({ id: Id, what: z.string().max(300), ownerId: Id.optional() }).strict()),
    goals: z.array(z.object({ id: Id, title: z.string().max(300), lastProgressAt: Instant.optional() }).strict()),
  })
  .strict();

/** One cycle of a leadership team's self-review. */
export const StandardsReview = AccountScoped.extend({
  cycle: z.string().max(40),
  configId: Id.optional(),
  workflowId: z.string().max(300).optional(),
  snapshot: ReviewSnapshot.default({ standards: [], responsibilities: [], goals: [] }),
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
      /** The team's scores across cycles up to and including this one, oldest first. */
      trend: z
        .array(z.object({ cycle: z.string(), closedAt: Instant, overall: z.number().nullable(), roleClarity: z.number().nullable(), byStandard: z.record(Id, z.number()) }).strict())
        .default([]),
    })
    .strict()
    .optional(),
}).strict();
export type StandardsReview = z.infer<typeof StandardsReview>;
