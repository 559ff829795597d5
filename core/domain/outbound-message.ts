import { z } from 'zod';
import { AccountScoped, Id, Instant } from './common';
import { ProcessKind } from './process-config';

/** Who a message goes to: one person (personal chat) or the account's leadership channel. */
export const Recipient = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), personId: Id }).strict(),
  z.object({ kind: z.literal('leadership_channel') }).strict(),
]);
export type Recipient = z.infer<typeof Recipient>;

export const MessagePurpose = z.enum([
  'review_request',
  'review_reminder',
  'review_summary',
  'agenda_collection_open',
  'impact_question',
  'impact_reminder',
  'agenda_compiled',
  'outcome_request',
  'check_in_prompt',
  'check_in_reminder',
  'check_in_digest',
  'check_in_escalation',
  'feedback_warning',
  'feedback_request',
  'feedback_reminder',
  'feedback_delivery',
]);
export type MessagePurpose = z.infer<typeof MessagePurpose>;

/**
 * Every message a process sends, recorded once per idempotency key: the audit trail of what was
 * sent, what local runs show instead of Teams, and the dedupe record that Teams delivery shares.
 */
export const OutboundMessage = AccountScoped.extend({
  /** The caller's idempotency key (workflow id + step + recipient); `id` is derived from it. */
  key: z.string().min(1).max(1000),
  recipient: Recipient,
  purpose: MessagePurpose,
  process: z.object({ kind: ProcessKind, workflowId: z.string().max(300) }).strict(),
  text: z.string().max(28_000),
  /** Structured content (what the card shows), so the bot can render it as a card later. */
  payload: z.record(z.string(), z.unknown()).default({}),
  status: z.enum(['recorded', 'delivered', 'failed']).default('recorded'),
  deliveredAt: Instant.optional(),
}).strict();
export type OutboundMessage = z.infer<typeof OutboundMessage>;
