import { z } from 'zod';
import { AccountScoped, Id, Instant, NonEmptyText } from './common';

/** Documented progress, good news and bad ("we've spotted an issue but know how to resolve it"). */
export const ProgressEntry = AccountScoped.extend({
  goalId: Id.optional(),
  authorId: Id,
  recordedAt: Instant,
  summary: NonEmptyText(1000),
  sentiment: z.enum(['good', 'neutral', 'issue']).default('neutral'),
  /** New value on the goal's metric, when the entry measures it. */
  value: z.number().finite().optional(),
  /** Where it came from, e.g. the Outlook message it was logged from. */
  source: z.object({ kind: z.enum(['email', 'teams', 'manual']), reference: z.string().max(500).optional() }).strict().optional(),
}).strict();
export type ProgressEntry = z.infer<typeof ProgressEntry>;
