import { z } from 'zod';
import { AccountScoped, Id, Instant, NonEmptyText } from './common';

export const FEEDBACK_QUESTIONS = {
  mostEffective: 'What was the one thing you saw me do that was most effective?',
  doBetter: 'Tell me one way that I could do better next time.',
} as const;

export const FeedbackAnswer = z
  .object({ peerId: Id, mostEffective: NonEmptyText(2000), doBetter: NonEmptyText(2000), answeredAt: Instant })
  .strict();
export type FeedbackAnswer = z.infer<typeof FeedbackAnswer>;

/** A leader asks peers for a critique of a named event; answers are visible to the requester only. */
export const FeedbackRequest = AccountScoped.extend({
  requesterId: Id,
  peerIds: z.array(Id).min(1).max(12),
  event: NonEmptyText(300),
  eventAt: Instant,
  status: z.enum(['warned', 'asking', 'closed']).default('warned'),
  answers: z.array(FeedbackAnswer).default([]),
}).strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;
