import { z } from 'zod';
import { Id, Instant, RecordBase } from './common';

/**
 * Who read or changed what, and when: every Outlook context read and every write through the API.
 * Readable by the firm's admins; never edited.
 */
export const AuditEntry = RecordBase.extend({
  at: Instant,
  actorId: Id,
  /** `METHOD /route/:pattern`, e.g. `GET /api/context`, `PUT /api/process-configs/:id`. */
  action: z.string().max(200),
  /** Route parameters and the looked-up address, so the entry names its subject. */
  target: z.record(z.string(), z.string().max(300)).default({}),
  status: z.number().int().min(100).max(599),
}).strict();
export type AuditEntry = z.infer<typeof AuditEntry>;
