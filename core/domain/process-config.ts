import { z } from 'zod';
import { AccountScoped, CalendarDate, Id, NonEmptyText, TimeZone } from './common';

export const ProcessKind = z.enum(['standards_review', 'facilitated_agenda', 'delegation_follow_up', 'peer_feedback']);
export type ProcessKind = z.infer<typeof ProcessKind>;

/**
 * A calendar cadence in the config's own zone, the shape of a Temporal Schedule calendar spec narrowed
 * to what admins need: "every second Thursday at 09:00" (daysOfWeek [4], everyNWeeks 2 from an anchor
 * date), "quarterly on the 1st at 08:00" (daysOfMonth [1], months [1, 4, 7, 10]). Wall-clock times stay
 * put across DST changes because the schedule runs in the zone.
 */
export const Cadence = z
  .object({
    timeZone: TimeZone,
    hour: z.number().int().min(0).max(23),
    minute: z.number().int().min(0).max(59).default(0),
    /** ISO weekdays 1 (Monday) .. 7 (Sunday) */
    daysOfWeek: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    daysOfMonth: z.array(z.number().int().min(1).max(31)).max(31).default([]),
    /** 1..12; empty = every month */
    months: z.array(z.number().int().min(1).max(12)).max(12).default([]),
    /** With daysOfWeek: run only every Nth week, counted from the week of `anchorDate`. */
    everyNWeeks: z.number().int().min(1).max(12).default(1),
    anchorDate: CalendarDate.optional(),
  })
  .strict()
  .superRefine((cadence, ctx) => {
    if (cadence.daysOfWeek.length === 0 && cadence.daysOfMonth.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['daysOfWeek'], message: 'give daysOfWeek or daysOfMonth (or both)' });
    }
    if (cadence.everyNWeeks > 1 && cadence.daysOfWeek.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['everyNWeeks'], message: 'everyNWeeks needs daysOfWeek' });
    }
    if (cadence.everyNWeeks > 1 && !cadence.anchorDate) {
      ctx.addIssue({ code: 'custom', path: ['anchorDate'], message: 'is required when everyNWeeks is more than 1 (the week counting starts from)' });
    }
  });
export type Cadence = z.infer<typeof Cadence>;

/** The kinds that run on a calendar; the others are started by an event (a delegation, a request). */
export const SCHEDULED_PROCESS_KINDS: readonly ProcessKind[] = ['standards_review', 'facilitated_agenda'];

/** Admin-owned definition of a recurring process on one account. */
export const ProcessConfig = AccountScoped.extend({
  kind: ProcessKind,
  name: NonEmptyText(200),
  /** Required for scheduled kinds; event-started kinds (delegation follow-up, peer feedback) use the config for policy only. */
  cadence: Cadence.optional(),
  participantIds: z.array(Id).min(1).max(12),
  questions: z.array(NonEmptyText(500)).max(20).default([]),
  /** e.g. open agenda collection 3 days before the meeting. */
  leadTimeDays: z.number().int().min(0).max(30).default(3),
  /** How long participants have to answer. */
  answerWindowDays: z.number().int().min(1).max(30).default(5),
  reminderAfterHours: z.number().int().min(1).max(24 * 14).default(48),
  escalateAfterHours: z.number().int().min(1).max(24 * 30).default(96),
  paused: z.boolean().default(false),
})
  .strict()
  .superRefine((config, ctx) => {
    const scheduled = SCHEDULED_PROCESS_KINDS.includes(config.kind);
    if (scheduled && !config.cadence) ctx.addIssue({ code: 'custom', path: ['cadence'], message: `is required for ${config.kind}` });
    if (!scheduled && config.cadence) ctx.addIssue({ code: 'custom', path: ['cadence'], message: `${config.kind} is started by events, not on a calendar; remove the cadence` });
    if (config.escalateAfterHours <= config.reminderAfterHours) {
      ctx.addIssue({ code: 'custom', path: ['escalateAfterHours'], message: 'must be later than reminderAfterHours' });
    }
    if (config.reminderAfterHours >= config.answerWindowDays * 24 && scheduled) {
      ctx.addIssue({ code: 'custom', path: ['reminderAfterHours'], message: 'must fall before the answer window closes' });
    }
  });
export type ProcessConfig = z.infer<typeof ProcessConfig>;
