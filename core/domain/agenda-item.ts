import { z } from 'zod';
import { AccountScoped, Id, Instant, NonEmptyText } from './common';

/** The question the team reserved a slot for, asked of every co-leader for every initiative. */
export const IMPACT_QUESTION = 'How does this new initiative affect your group and your personal priorities?';

export const AgendaItemKind = z.enum(['initiative', 'tension', 'decision', 'update']);
export type AgendaItemKind = z.infer<typeof AgendaItemKind>;

export const ImpactAnswer = z
  .object({ leaderId: Id, answer: NonEmptyText(2000), answeredAt: Instant })
  .strict();
export type ImpactAnswer = z.infer<typeof ImpactAnswer>;

export const Outcome = z
  .object({
    decision: z.string().trim().max(2000).default(''),
    actions: z.array(NonEmptyText(500)).max(20).default([]),
    ownerId: Id.optional(),
  })
  .strict();
export type Outcome = z.infer<typeof Outcome>;

export const AgendaItemStatus = z.enum(['raised', 'scheduled', 'discussed', 'withdrawn']);
export type AgendaItemStatus = z.infer<typeof AgendaItemStatus>;

/** An item still waiting to be discussed (not yet discussed, not withdrawn): what an agenda is compiled from. */
export const OPEN_AGENDA_ITEM_STATUSES: readonly AgendaItemStatus[] = ['raised', 'scheduled'];

/** Something raised for a leadership meeting. */
export const AgendaItem = AccountScoped.extend({
  meetingId: Id.optional(),
  title: NonEmptyText(300),
  detail: z.string().trim().max(4000).default(''),
  kind: AgendaItemKind,
  raiserId: Id,
  raisedAt: Instant,
  status: AgendaItemStatus.default('raised'),
  impactAnswers: z.array(ImpactAnswer).default([]),
  outcome: Outcome.optional(),
}).strict();
export type AgendaItem = z.infer<typeof AgendaItem>;
