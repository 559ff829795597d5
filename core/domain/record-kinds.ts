import type { z } from 'zod';
import { Account } from './account';
import { AuditEntry } from './audit-entry';
import { AgendaItem } from './agenda-item';
import { Contact } from './contact';
import { ConversationReference } from './conversation-reference';
import { Delegation } from './delegation';
import { FeedbackRequest } from './feedback-request';
import { ImportJob } from './import-job';
import { Interaction } from './interaction';
import { Meeting } from './meeting';
import { OutboundMessage } from './outbound-message';
import { Person } from './person';
import { ProcessConfig } from './process-config';
import { ProgressEntry } from './progress-entry';
import { StandardsReview } from './standards-review';

/**
 * Every kind of stored record with its schema and where it lives. Tenant-scoped records belong to
 * the firm as a whole; account-scoped ones live with their account (the store keeps them together,
 * which is what makes the Outlook context one partition read in Cosmos DB).
 */
export const RECORD_KINDS = {
  person: { schema: Person, scope: 'tenant' },
  auditEntry: { schema: AuditEntry, scope: 'tenant' },
  account: { schema: Account, scope: 'account' },
  contact: { schema: Contact, scope: 'account' },
  progressEntry: { schema: ProgressEntry, scope: 'account' },
  delegation: { schema: Delegation, scope: 'account' },
  agendaItem: { schema: AgendaItem, scope: 'account' },
  meeting: { schema: Meeting, scope: 'account' },
  standardsReview: { schema: StandardsReview, scope: 'account' },
  feedbackRequest: { schema: FeedbackRequest, scope: 'account' },
  processConfig: { schema: ProcessConfig, scope: 'account' },
  interaction: { schema: Interaction, scope: 'account' },
  outboundMessage: { schema: OutboundMessage, scope: 'account' },
  conversationReference: { schema: ConversationReference, scope: 'tenant' },
  importJob: { schema: ImportJob, scope: 'tenant' },
} as const;

export type RecordKind = keyof typeof RECORD_KINDS;
export type RecordOf<K extends RecordKind> = z.infer<(typeof RECORD_KINDS)[K]['schema']>;
export type AnyRecord = RecordOf<RecordKind>;
/** What a writer may pass: defaults not yet applied (the store validates and fills them in). */
export type RecordInput<K extends RecordKind> = z.input<(typeof RECORD_KINDS)[K]['schema']>;

export function isAccountScoped(kind: RecordKind): boolean {
  return RECORD_KINDS[kind].scope === 'account';
}

/** The account a record belongs to: itself for an account, `accountId` for the rest, none for tenant records. */
export function accountIdOf(kind: RecordKind, record: AnyRecord): string | undefined {
  if (kind === 'account') return record.id;
  return 'accountId' in record ? record.accountId : undefined;
}
