import { z } from 'zod';
import { AccountScoped, Email, Id, NonEmptyText, TimeOfDay, TimeZone } from './common';

export const Channel = z.enum(['email', 'phone', 'voicemail', 'teams', 'text', 'in_person']);
export type Channel = z.infer<typeof Channel>;

/**
 * A window in the contact's own time zone when they must not be interrupted, e.g. 18:30-21:00 for
 * the kids' bedtime routine. `end` before `start` means the window crosses midnight.
 */
export const QuietHours = z
  .object({
    start: TimeOfDay,
    end: TimeOfDay,
    /** ISO weekdays 1 (Monday) to 7 (Sunday); empty means every day. */
    days: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((window) => window.start !== window.end, { message: 'quiet hours must not start and end at the same time' });
export type QuietHours = z.infer<typeof QuietHours>;

export const CommunicationPreferences = z
  .object({
    format: z.enum(['short_frequent_updates', 'comprehensive_memo', 'no_preference']).default('no_preference'),
    preferredChannels: z.array(Channel).default([]),
    avoidedChannels: z.array(Channel).default([]),
    quietHours: z.array(QuietHours).max(7).default([]),
    /** Free text such as "always tunes in again at 9pm". */
    notes: z.string().trim().max(1000).default(''),
  })
  .strict();
export type CommunicationPreferences = z.infer<typeof CommunicationPreferences>;

/** A client-side person on an account. */
export const Contact = AccountScoped.extend({
  emails: z.array(Email).min(1).max(10),
  name: NonEmptyText(200),
  title: z.string().trim().max(200).default(''),
  timeZone: TimeZone,
  relationshipOwnerId: Id.optional(),
  /** Absent: every preference at its own default. */
  preferences: CommunicationPreferences.prefault({}),
  priorities: z.array(NonEmptyText(300)).max(20).default([]),
  fears: z.array(NonEmptyText(300)).max(20).default([]),
  professionalAmbition: z.string().trim().max(1000).default(''),
}).strict();
export type Contact = z.infer<typeof Contact>;
