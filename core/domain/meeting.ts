import { z } from 'zod';
import { AccountScoped, Id, Instant, NonEmptyText } from './common';

export const AgendaSlot = z
  .object({
    /** `impact` is the reserved slot for the impact question; `item` points at an agenda item. */
    kind: z.enum(['item', 'impact']),
    agendaItemId: Id.optional(),
    title: NonEmptyText(300),
    minutes: z.number().int().min(1).max(240),
  })
  .strict();
export type AgendaSlot = z.infer<typeof AgendaSlot>;

/** A leadership meeting of an account with its compiled agenda. */
export const Meeting = AccountScoped.extend({
  title: NonEmptyText(200),
  scheduledAt: Instant,
  durationMinutes: z.number().int().min(5).max(480).default(60),
  status: z.enum(['collecting', 'compiled', 'held', 'cancelled']).default('collecting'),
  agenda: z.array(AgendaSlot).default([]),
  compiledAt: Instant.optional(),
}).strict();
export type Meeting = z.infer<typeof Meeting>;
