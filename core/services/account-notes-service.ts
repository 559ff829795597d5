import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Email, Id, NonEmptyText, TimeZone } from '../domain/common';
import { Contact } from '../domain/contact';
import type { ProgressEntry } from '../domain/progress-entry';
import { AlreadyExistsError, ValidationError } from '../errors';
import { emailKey, normalizeEmail } from '../rules/email-resolution';
import { canSeeAccount } from '../rules/ethical-wall';
import type { Store } from '../store/ports';
import { parseOrThrow } from '../validation';
import { accountForMember } from './account-access';
import type { Viewer } from './viewer';

export const LogProgressRequest = z
  .object({
    /** Optional client-chosen id, so a retried click logs once. */
    id: Id.optional(),
    summary: NonEmptyText(1000),
    goalId: Id.optional(),
    value: z.number().finite().optional(),
    sentiment: z.enum(['good', 'neutral', 'issue']).default('neutral'),
    source: z.object({ kind: z.enum(['email', 'teams', 'manual']), reference: z.string().max(500).optional() }).strict().default({ kind: 'manual' }),
  })
  .strict();

export const LinkContactRequest = z
  .object({
    email: Email,
    name: NonEmptyText(200),
    title: z.string().trim().max(200).default(''),
    timeZone: TimeZone.default('UTC'),
  })
  .strict();

/**
 * What partners note from Outlook: progress on an account ("we've spotted an issue but know how to
 * resolve it"), and a new client contact linked from an unknown sender.
 */
export class AccountNotesService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The firm's accounts the viewer may see (walls applied), for pickers such as "link this sender to…". */
  async visibleAccounts(viewer: Viewer): Promise<{ id: string; name: string; clientDomains: string[] }[]> {
    return (await this.store.records.list('account', { tenantId: viewer.tenantId }))
      .map((found) => found.record)
      .filter((account) => canSeeAccount(account, viewer))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ id, name, clientDomains }) => ({ id, name, clientDomains }));
  }

  async logProgress(viewer: Viewer, accountId: string, body: unknown): Promise<{ entry: ProgressEntry; created: boolean }> {
    const request = parseOrThrow(LogProgressRequest, body, 'progress entry');
    const account = await accountForMember(this.store, viewer, accountId, 'log progress on this account');
    if (request.goalId && !account.goals.some((goal) => goal.id === request.goalId)) {
      throw new ValidationError('invalid progress entry', [{ path: 'goalId', message: `${request.goalId} is not a goal of this account` }]);
    }
    const now = this.clock().toISOString();
    const entry: ProgressEntry = {
      tenantId: viewer.tenantId,
      accountId: account.id,
      id: request.id ?? randomUUID(),
      authorId: viewer.personId,
      recordedAt: now,
      summary: request.summary,
      sentiment: request.sentiment,
      source: request.source,
      ...(request.goalId ? { goalId: request.goalId } : {}),
      ...(request.value !== undefined ? { value: request.value } : {}),
      createdAt: now,
      updatedAt: now,
    };
    try {
      return { entry: (await this.store.records.create('progressEntry', entry)).record, created: true };
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      const existing = await this.store.records.get('progressEntry', { tenantId: viewer.tenantId, id: entry.id, accountId: account.id });
      if (!existing || existing.record.summary !== entry.summary || existing.record.authorId !== viewer.personId) throw error;
      return { entry: existing.record, created: false };
    }
  }

  /**
   * Links an unknown sender to the account as a new contact. An address that already belongs to a
   * contact of the firm is refused, naming nothing about where (it may sit behind a wall).
   */
  async linkContact(viewer: Viewer, accountId: string, body: unknown): Promise<Contact> {
    const request = parseOrThrow(LinkContactRequest, body, 'contact');
    const account = await accountForMember(this.store, viewer, accountId, 'add contacts to this account');
    const address = normalizeEmail(request.email).address;
    // Only the exact address counts: a contact elsewhere at the same client domain is no reason to refuse.
    const key = emailKey(address);
    const known = await this.store.directory.lookup(viewer.tenantId, [key]);
    if (known.some((entry) => entry.key === key)) throw new ValidationError('invalid contact', [{ path: 'email', message: 'this address already belongs to a client contact' }]);
    const now = this.clock().toISOString();
    // The schema fills in everything a new contact starts without (preferences, priorities, …).
    const contact = parseOrThrow(
      Contact,
      { tenantId: viewer.tenantId, accountId: account.id, id: `contact-${randomUUID()}`, emails: [address], name: request.name, title: request.title, timeZone: request.timeZone, relationshipOwnerId: viewer.personId, createdAt: now, updatedAt: now },
      'contact',
    );
    return (await this.store.records.create('contact', contact)).record;
  }
}
