import { z } from 'zod';
import { Id, Instant, RecordBase } from './common';

export const ConversationKind = z.enum(['personal', 'channel', 'groupChat']);
export type ConversationKind = z.infer<typeof ConversationKind>;

/**
 * Where the bot can reach people proactively: one record per Teams conversation the app is installed
 * in (a channel, a group chat, a person's personal chat). Tenant-scoped: a channel exists before it is
 * linked to an account, and a personal chat belongs to a person, not to an account.
 *
 * The id is derived from the Teams conversation id (see core/services/teams-conversations), which is
 * too long and too free-form to be a record id itself.
 */
export const ConversationReference = RecordBase.extend({
  /** The Teams conversation id (`19:…@thread.tacv2`, `a:…`), as Teams sends it. */
  conversationId: z.string().min(1).max(1000),
  kind: ConversationKind,
  /** Personal chats: the person the chat is with, once the Teams user is matched to a person of the firm. */
  personId: Id.optional(),
  /**
   * Channels and group chats: the account whose leadership team this conversation is, once a leader
   * linked it (the welcome card's `channel.link` action). Named `linkedAccountId`, not `accountId`,
   * because this record is tenant-scoped: the stores treat an `accountId` field as the record's owner.
   */
  linkedAccountId: Id.optional(),
  linkedById: Id.optional(),
  linkedAt: Instant.optional(),
  /** Display name of the channel, chat or team, when Teams tells us. */
  title: z.string().max(300).optional(),
  teamId: z.string().max(1000).optional(),
  /** Where to send: refreshed on every incoming activity, because Teams may move a tenant to another region. */
  serviceUrl: z.url().max(2000),
  /** The Bot Framework ConversationReference, serialized as the adapter produced it. */
  reference: z.record(z.string(), z.unknown()),
  status: z.enum(['active', 'removed']).default('active'),
  installedAt: Instant,
  removedAt: Instant.optional(),
  lastActivityAt: Instant,
})
  .strict()
  .superRefine((record, ctx) => {
    if (record.kind === 'personal' && record.linkedAccountId) {
      ctx.addIssue({ code: 'custom', path: ['linkedAccountId'], message: 'a personal chat is not linked to an account; link a channel or group chat' });
    }
    if (record.kind !== 'personal' && record.personId) {
      ctx.addIssue({ code: 'custom', path: ['personId'], message: 'only a personal chat belongs to one person' });
    }
  });
export type ConversationReference = z.infer<typeof ConversationReference>;
