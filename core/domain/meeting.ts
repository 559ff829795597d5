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

export const MeetingStatus = z.enum(['collecting', 'compiled', 'held', 'cancelled']);
export type MeetingStatus = z.infer<typeof MeetingStatus>;

/** A meeting still to come (neither held nor cancelled): what the pane and the dashboard show as the next one. */
export const UPCOMING_MEETING_STATUSES: readonly MeetingStatus[] = ['collecting', 'compiled'];

/** A leadership meeting of an account with its compiled agenda. */
export const Meeting = AccountScoped.extend({
  title: NonEmptyText(200),
  scheduledAt: Instant,
  durationMinutes: z.number().int().min(5).max(480).default(60),
  status: MeetingStatus.default('collecting'),
  agenda: z.array(AgendaSlot).default([]),
  compiledAt: Instant.optional(),
}).strict();
export type Meeting = z.infer<typeof Meeting>;
