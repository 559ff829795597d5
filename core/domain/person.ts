import { z } from 'zod';
import { Email, NonEmptyText, RecordBase, TimeZone } from './common';
import { QuietHours } from './contact';

export const Rank = z.enum(['partner', 'director', 'senior_associate', 'associate', 'support']);
export type Rank = z.infer<typeof Rank>;

/** A member of the firm. Roles (admin) are granted per tenant; leadership is per account. */
export const Person = RecordBase.extend({
  email: Email,
  /** Entra ID object id; links Teams and token identities to the person. */
  aadObjectId: z.string().uuid().optional(),
  name: NonEmptyText(200),
  rank: Rank,
  practice: NonEmptyText(100),
  region: NonEmptyText(100),
  timeZone: TimeZone,
  roles: z.array(z.enum(['admin'])).default([]),
  /** When prompts must wait (evenings, school run); prompts due inside them are delivered when they end. */
  quietHours: z.array(QuietHours).max(7).default([]),
}).strict();
export type Person = z.infer<typeof Person>;
