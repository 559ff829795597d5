import { z } from 'zod';
import { AccountScoped, Id, NonEmptyText, TimeZone } from './common';

export const ProcessKind = z.enum(['standards_review', 'facilitated_agenda', 'delegation_follow_up', 'peer_feedback']);
export type ProcessKind = z.infer<typeof ProcessKind>;

/**
 * A calendar cadence in the config's own zone, the same shape as a Temporal Schedule calendar spec
 * restricted to what admins need: e.g. every second Thursday at 09:00, or quarterly on the 1st.
 */
export const Cadence = z
  .object({
    timeZone: TimeZone,
    hour: z.number().int().min(0).max(23),
    minute: z.number().int().min(0).max(59).default(0),
    /** ISO weekdays 1..7; empty = any */
    daysOfWeek: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    daysOfMonth: z.array(z.number().int().min(1).max(31)).max(31).default([]),
    months: z.array(z.number().int().min(1).max(12)).max(12).default([]),
    /** Run every Nth matching week/occurrence; 2 means "every second Thursday". */
    everyNth: z.number().int().min(1).max(12).default(1),
  })
  .strict();
export type Cadence = z.infer<typeof Cadence>;

/** Admin-owned definition of a recurring process on one account. */
export const ProcessConfig = AccountScoped.extend({
  kind: ProcessKind,
  name: NonEmptyText(200),
  cadence: Cadence,
  participantIds: z.array(Id).min(1).max(12),
  questions: z.array(NonEmptyText(500)).max(20).default([]),
  /** e.g. open agenda collection 3 days before the meeting. */
  leadTimeDays: z.number().int().min(0).max(30).default(3),
  /** How long participants have to answer. */
  answerWindowDays: z.number().int().min(1).max(30).default(5),
  reminderAfterHours: z.number().int().min(1).max(24 * 14).default(48),
  escalateAfterHours: z.number().int().min(1).max(24 * 30).default(96),
  paused: z.boolean().default(false),
}).strict();
export type ProcessConfig = z.infer<typeof ProcessConfig>;
