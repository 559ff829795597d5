import type { Account } from '../../../core/domain/account';
import type { ConversationReference } from '../../../core/domain/conversation-reference';
import { OPEN_DELEGATION_STATUSES } from '../../../core/domain/delegation';
import type { Person } from '../../../core/domain/person';
import { DomainError, ValidationError } from '../../../core/errors';
import { canSeeAccount } from '../../../core/rules/ethical-wall';
import { isLeaderOf, isOnAccount } from '../../../core/services/account-access';
import type { DelegationService } from '../../../core/services/delegation-service';
import type { LeadershipService } from '../../../core/services/leadership-service';
import type { AgendaItemStateView } from '../../../core/services/process-states';
import { messageIdFor } from '../../../core/services/messenger';
import type { TeamsConversations } from '../../../core/services/teams-conversations';
import type { Store } from '../../../core/store/ports';
import { compiledAgendaCard, parseCardAction, parseCardSubmit, welcomeCard } from '../cards';
import type { CardActions } from './card-actions';
import type { CardViews } from './card-views';
import { helpText, malformedReply, parseCommand, EXAMPLES, type ParsedCommand } from './commands';
import type { CardActionInvoke, CardActionResponse, ConversationHandler, ConversationUpdate, IncomingMessage, OutgoingReply, TurnBase } from './conversation';
import { hashedId } from './ids';

export interface TeamsHandlerDeps {
  store: Store;
  conversations: TeamsConversations;
  views: CardViews;
  actions: CardActions;
  leadership: LeadershipService;
  delegations: DelegationService;
  clock?: () => Date;
  log: (message: string, error?: unknown) => void;
}

interface Turn {
  tenantId?: string;
  person?: Person;
  conversation?: ConversationReference;
  change?: 'created' | 'reactivated' | 'updated' | 'unchanged';
}

type AccountChoice = { account: Account } | { replies: OutgoingReply[] };

const MAX_CHECKIN_CARDS = 5;

/**
 * The bot's behaviour in Teams, behind the adapter seam: every turn first records where it came from
 * (the conversation reference, with its current serviceUrl) and who sent it (a Teams user matched to a
 * person of the firm); then commands, card actions and installs are handled through the core services.
 */
export class TeamsConversationHandler implements ConversationHandler {
  private readonly clock: () => Date;

  constructor(private readonly deps: TeamsHandlerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  // ---- messages -----------------------------------------------------------------------------------

  async onMessage(message: IncomingMessage): Promise<OutgoingReply[]> {
    const turn = await this.begin(message);
    if (isRecord(message.value) && 'verb' in message.value) return this.onSubmit(message, turn);

    const parsed = parseCommand(message.text, message.mentions, { now: this.clock(), timeZone: turn.person?.timeZone ?? 'UTC' });
    if (parsed.command === 'help') return [{ text: helpText() }];
    if (parsed.command === 'unknown') return [{ text: `I don’t know “${parsed.word}”. Type **help** for the commands I understand.` }];
    if (parsed.command === 'malformed') return [{ text: malformedReply(parsed) }];
    if (!turn.tenantId) return [{ text: 'Teams did not tell me which organisation this conversation belongs to, so I cannot act on it.' }];
    if (!turn.person) return [{ text: unknownPersonText(message.from.name) }];
    try {
      return await this.command(parsed, message, turn as Required<Pick<Turn, 'tenantId' | 'person'>> & Turn);
    } catch (error) {
      if (error instanceof DomainError) return [{ text: `I couldn’t do that: ${error.message}` }];
      throw error;
    }
  }

  private async command(parsed: Exclude<ParsedCommand, { command: 'help' | 'unknown' | 'malformed' }>, message: IncomingMessage, turn: Turn & { tenantId: string; person: Person }): Promise<OutgoingReply[]> {
    const { person } = turn;
    const viewer = { tenantId: turn.tenantId, personId: person.id };
    if (parsed.command === 'link') return this.linkReplies(message, turn);

    const choice = await this.accountFor(message, turn, parsed.account);
    if ('replies' in choice) return choice.replies;
    const { account } = choice;

    switch (parsed.command) {
      case 'agenda':
        return this.agenda(account, turn);
      case 'raise': {
        const itemId = hashedId('item', turn.tenantId, message.conversation.id, message.activityId ?? `${Date.now()}`);
        const result = await this.deps.leadership.raiseAgendaItem(viewer, account.id, { id: itemId, title: parsed.title, kind: parsed.kind });
        return [{ text: `${result.message}${parsed.kind === 'initiative' && !result.forNextMeeting ? ' Your co-leaders will be asked how it affects their groups.' : ''}` }];
      }
      case 'review':
        return this.review(account, turn, message);
      case 'checkin':
        return this.checkIn(account, turn, message);
      case 'delegate': {
        const delegate = await this.delegateFor(parsed.delegate, account, turn, message);
        if ('replies' in delegate) return delegate.replies;
        const id = hashedId('teams', turn.tenantId, message.conversation.id, message.activityId ?? `${Date.now()}`);
        const { delegation, created } = await this.deps.delegations.create(viewer, { id, accountId: account.id, delegateId: delegate.person.id, objective: parsed.objective, dueDate: parsed.dueDate });
        return [
          {
            text: `${created ? 'Delegated' : 'Already delegated'} to **${delegate.person.name}** on ${account.name}: “${delegation.objective}”, due ${delegation.dueDate}. ${delegate.person.name} will be asked to check in every ${delegation.checkInEveryDays} days, and you get a digest of each check-in.`,
          },
        ];
      }
    }
  }

  private async agenda(account: Account, turn: Turn & { tenantId: string; person: Person }): Promise<OutgoingReply[]> {
    const viewer = { tenantId: turn.tenantId, personId: turn.person.id };
    const running = await this.deps.leadership.agendaState(viewer, account.id);
    const names = await this.deps.views.names(turn.tenantId);
    const state = running?.state;
    if (running && state?.meetingId && (state.phase === 'collecting' || state.phase === 'opening')) {
      const items = state.items.filter((item) => item.status !== 'deferred');
      const lines = [
        `**Agenda being collected for ${account.name}** — meeting ${state.meetingAt ?? 'soon'}, cut-off ${state.cutoffAt ?? 'soon'}.`,
        ...(items.length > 0 ? items.map((item) => `- ${item.title} (${item.kind}, raised by ${names[item.raiserId] ?? item.raiserId})${impactLine(item, names)}`) : ['Nothing raised yet.']),
      ];
      const message = await this.deps.views.rebuild(turn.tenantId, 'agenda.collection', { meetingId: state.meetingId, workflowId: running.workflowId }, turn.person.id, { agendaState: state });
      const card = message ? await this.deps.views.render(message, turn.person.id) : undefined;
      return [{ text: lines.join('\n') }, ...(card ? [{ card: card as unknown as Record<string, unknown> }] : [])];
    }
    if (state?.meetingId && state.agenda.length > 0) {
      const meeting = (await this.deps.store.records.get('meeting', { tenantId: turn.tenantId, id: state.meetingId, accountId: account.id }))?.record;
      const card = compiledAgendaCard({ meetingId: state.meetingId, title: meeting?.title ?? 'Leadership meeting', meetingAt: state.meetingAt ?? meeting?.scheduledAt ?? '', slots: state.agenda }, { names });
      return [{ card: card as unknown as Record<string, unknown> }];
    }
    const now = this.clock().toISOString();
    const meetings = (await this.deps.store.records.list('meeting', { tenantId: turn.tenantId, accountId: account.id }))
      .map((found) => found.record)
      .filter((meeting) => meeting.scheduledAt >= now && meeting.status !== 'cancelled')
      .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
    const next = meetings[0];
    if (next && next.agenda.length > 0) {
      return [{ card: compiledAgendaCard({ meetingId: next.id, title: next.title, meetingAt: next.scheduledAt, slots: next.agenda }, { names }) as unknown as Record<string, unknown> }];
    }
    const waiting = (await this.deps.store.records.list('agendaItem', { tenantId: turn.tenantId, accountId: account.id }))
      .map((found) => found.record)
      .filter((item) => item.status === 'raised' && (!item.meetingId || item.meetingId === next?.id));
    return [
      {
        text: [
          `No agenda is being collected for ${account.name} right now${next ? `; the next meeting is ${next.title} at ${next.scheduledAt}` : ''}. Items raised now go on the next meeting’s agenda.`,
          ...(waiting.length > 0 ? ['', 'Waiting for the next meeting:', ...waiting.map((item) => `- ${item.title} (${item.kind})`)] : []),
        ].join('\n'),
      },
    ];
  }

  private async review(account: Account, turn: Turn & { tenantId: string; person: Person }, message: IncomingMessage): Promise<OutgoingReply[]> {
    const open = (await this.deps.store.records.list('standardsReview', { tenantId: turn.tenantId, accountId: account.id })).map((found) => found.record).filter((review) => !review.closedAt && review.workflowId);
    if (open.length === 0) return [{ text: `No standards review is open for ${account.name} right now.` }];
    const mine = open.find((review) => review.leaderIds.includes(turn.person.id));
    if (!mine) return [{ text: `The open standards review of ${account.name} asks its leadership team; you are not among the leaders asked this cycle.` }];
    const userId = message.from.id.startsWith('29:') ? message.from.id : undefined;
    const recorded = await this.deps.views.recorded(turn.tenantId, messageIdFor(`${mine.workflowId}/review_request/${turn.person.id}`));
    const source = recorded ?? (await this.deps.views.rebuild(turn.tenantId, 'review.form', { reviewId: mine.id, workflowId: mine.workflowId! }, turn.person.id));
    if (!source) return [{ text: `No standards review is open for ${account.name} right now.` }];
    return [{ card: (await this.deps.views.render(source, turn.person.id, userId ? { userId } : {})) as unknown as Record<string, unknown> }];
  }

  private async checkIn(account: Account, turn: Turn & { tenantId: string; person: Person }, message: IncomingMessage): Promise<OutgoingReply[]> {
    const open = (await this.deps.store.records.list('delegation', { tenantId: turn.tenantId, accountId: account.id }))
      .map((found) => found.record)
      .filter((delegation) => delegation.delegateId === turn.person.id && OPEN_DELEGATION_STATUSES.includes(delegation.status));
    if (open.length === 0) return [{ text: `You have no open delegated tasks on ${account.name}.` }];
    const userId = message.from.id.startsWith('29:') ? message.from.id : undefined;
    const replies: OutgoingReply[] = [];
    for (const delegation of open.slice(0, MAX_CHECKIN_CARDS)) {
      const source = await this.deps.views.rebuild(turn.tenantId, 'checkin.form', { delegationId: delegation.id }, turn.person.id);
      if (source) replies.push({ card: (await this.deps.views.render(source, turn.person.id, userId ? { userId } : {})) as unknown as Record<string, unknown> });
    }
    if (open.length > MAX_CHECKIN_CARDS) replies.push({ text: `…and ${open.length - MAX_CHECKIN_CARDS} more; check in on them from the tab.` });
    return replies;
  }

  private async delegateFor(target: Extract<ParsedCommand, { command: 'delegate' }>['delegate'], account: Account, turn: Turn & { tenantId: string }, message: IncomingMessage): Promise<{ person: Person } | { replies: OutgoingReply[] }> {
    const problem = (text: string) => ({ replies: [{ text: `I couldn’t do that: ${text}\nFor example: **${EXAMPLES.delegate}**` }] });
    if (target.kind === 'mention') {
      const member = (await message.roster.member(target.mention.id).catch(() => undefined)) ?? { id: target.mention.id, ...(target.mention.name ? { name: target.mention.name } : {}) };
      const found = await this.deps.conversations.matchMember(turn.tenantId, member);
      if (!found) return problem(`${target.mention.name ?? 'the person you mentioned'} is not one of the firm’s people I know.`);
      return { person: found.person };
    }
    const wanted = target.name.toLowerCase();
    const people = await this.deps.conversations.people(turn.tenantId);
    const candidates = people.filter((person) => isOnAccount(account, person.id) && (person.name.toLowerCase() === wanted || person.name.toLowerCase().split(' ')[0] === wanted || person.id === wanted));
    if (candidates.length === 1) return { person: candidates[0]! };
    if (candidates.length === 0) return problem(`nobody called “${target.name}” is on ${account.name}’s team; mention them with @.`);
    return problem(`more than one person on ${account.name}’s team is called “${target.name}”; mention them with @.`);
  }

  /** Which account a command acts on: a linked channel's; in a personal chat, the person's (asking which if several). */
  private async accountFor(message: TurnBase, turn: Turn & { tenantId: string; person: Person }, requested: string | undefined): Promise<AccountChoice> {
    const viewer = { tenantId: turn.tenantId, personId: turn.person.id };
    if (message.conversation.type !== 'personal') {
      const linked = turn.conversation?.linkedAccountId;
      if (!linked) return { replies: [{ text: 'This conversation is not linked to a client account yet. A leader of the account links it here:' }, ...(await this.welcome(message, turn.person))] };
      const account = (await this.deps.store.records.get('account', { tenantId: turn.tenantId, id: linked }))?.record;
      if (!account || !canSeeAccount(account, viewer)) return { replies: [{ text: 'The account this conversation is linked to was not found.' }] };
      return { account };
    }
    const mine = (await this.deps.store.records.list('account', { tenantId: turn.tenantId }))
      .map((found) => found.record)
      .filter((account) => canSeeAccount(account, viewer) && isOnAccount(account, turn.person.id))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (requested) {
      const wanted = requested.toLowerCase();
      const matches = mine.filter((account) => account.id.toLowerCase() === wanted || account.name.toLowerCase() === wanted || account.name.toLowerCase().startsWith(wanted));
      if (matches.length === 1) return { account: matches[0]! };
      return { replies: [{ text: `I couldn’t tell which account “${requested}” is. Yours: ${mine.map((account) => `**${account.name}** (${account.id})`).join(', ') || 'none'}.` }] };
    }
    if (mine.length === 1) return { account: mine[0]! };
    if (mine.length === 0) return { replies: [{ text: 'You are not on any client account’s team yet, so there is nothing for me to act on.' }] };
    const example = `${mine[0]!.id}: ${commandOf(message)}`;
    return {
      replies: [
        {
          text: `You are on ${mine.length} accounts: ${mine.map((account) => `**${account.name}** (${account.id})`).join(', ')}. Which one? Start with the account, e.g. **${example}**.`,
        },
      ],
    };
  }

  // ---- card actions -------------------------------------------------------------------------------

  async onCardAction(invoke: CardActionInvoke): Promise<CardActionResponse> {
    const turn = await this.begin(invoke);
    if (!turn.tenantId) return { kind: 'error', statusCode: 400, code: 'tenant.unknown', message: 'Teams did not say which organisation this card belongs to.' };
    let action;
    try {
      action = parseCardAction({ verb: invoke.verb, data: invoke.data });
    } catch (error) {
      if (error instanceof ValidationError) return { kind: 'error', statusCode: 400, code: error.code, message: error.message };
      throw error;
    }
    if (!turn.person) {
      // Someone the firm does not know: an addressed card is shown read-only, naming its addressee.
      const messageId = (action.data as { messageId?: string }).messageId;
      const message = messageId ? await this.deps.views.recorded(turn.tenantId, messageId) : undefined;
      if (message) return { kind: 'card', card: (await this.deps.views.render(message, '')) as unknown as Record<string, unknown> };
      return { kind: 'error', statusCode: 403, code: 'forbidden', message: unknownPersonText(invoke.from.name) };
    }
    return this.deps.actions.handle(action, turn.person, invoke);
  }

  /** Action.Submit, for Teams clients without Universal Actions: the same action, answered with a new card. */
  private async onSubmit(message: IncomingMessage, turn: Turn): Promise<OutgoingReply[]> {
    if (!turn.tenantId || !turn.person) return [{ text: unknownPersonText(message.from.name) }];
    let action;
    try {
      action = parseCardSubmit(message.value);
    } catch (error) {
      if (error instanceof ValidationError) return [{ text: `I couldn’t take that answer: ${error.message}` }];
      throw error;
    }
    const response = await this.deps.actions.handle(action, turn.person, { ...message, verb: action.verb, data: action.data as Record<string, unknown>, trigger: 'manual' });
    if (response.kind === 'card') return [{ card: response.card }];
    return [{ text: response.kind === 'message' ? response.text : `I couldn’t take that answer: ${response.message}` }];
  }

  // ---- installs and members -----------------------------------------------------------------------

  async onConversationUpdate(update: ConversationUpdate): Promise<OutgoingReply[]> {
    const tenantId = update.conversation.tenantId;
    if (!tenantId) return [];
    if (update.event === 'uninstalled') {
      await this.deps.conversations.removed(tenantId, update.conversation.id);
      return [];
    }
    const turn = await this.begin(update);
    if (update.event === 'membersAdded') {
      for (const added of update.membersAdded) {
        const member = await update.roster.member(added.id).catch(() => undefined);
        if (member) await this.deps.conversations.matchMember(tenantId, member);
      }
      return [];
    }
    if (update.event === 'membersRemoved') return [];

    // Installed: Teams sends both an installationUpdate and a conversationUpdate; welcome once.
    if (turn.change !== 'created' && turn.change !== 'reactivated') return [];
    if (update.conversation.type !== 'personal') {
      try {
        const members = await update.roster.members();
        const sync = await this.deps.conversations.syncMembers(tenantId, members);
        this.deps.log(`installed in ${update.conversation.type} ${update.conversation.id}: ${sync.matched.length} of ${members.length} members matched to people of the firm`);
      } catch (error) {
        this.deps.log('member sync failed', error);
      }
    }
    return this.welcome(update, turn.person);
  }

  private async linkReplies(message: IncomingMessage, turn: Turn & { tenantId: string; person: Person }): Promise<OutgoingReply[]> {
    if (message.conversation.type === 'personal') return [{ text: 'Linking is for a channel or group chat: mention me there with **link** to make it an account’s leadership channel.' }];
    return this.welcome(message, turn.person);
  }

  /** The welcome card; in a channel or group chat it offers the speaker's accounts (as leader) to link. */
  private async welcome(turn: TurnBase, person: Person | undefined): Promise<OutgoingReply[]> {
    const type = turn.conversation.type;
    if (type === 'personal') return [{ card: welcomeCard({ conversationType: 'personal' }) as unknown as Record<string, unknown> }];
    const tenantId = turn.conversation.tenantId!;
    const record = await this.deps.conversations.get(tenantId, turn.conversation.id);
    const viewer = person ? { tenantId, personId: person.id } : undefined;
    const accounts = viewer
      ? (await this.deps.store.records.list('account', { tenantId }))
          .map((found) => found.record)
          .filter((account) => canSeeAccount(account, viewer) && isLeaderOf(account, viewer.personId))
          .sort((a, b) => a.name.localeCompare(b.name))
      : [];
    const linked = record?.linkedAccountId ? (await this.deps.store.records.get('account', { tenantId, id: record.linkedAccountId }))?.record : undefined;
    const card = welcomeCard({
      conversationType: type,
      conversationId: turn.conversation.id,
      accounts: accounts.map((account) => ({ id: account.id, name: account.name })),
      ...(linked ? { linkedAccount: { id: linked.id, name: linked.name } } : {}),
    });
    return [{ card: card as unknown as Record<string, unknown> }];
  }

  // ---- every turn ---------------------------------------------------------------------------------

  async onOtherActivity(turn: TurnBase): Promise<void> {
    await this.begin(turn);
  }

  /** Records the conversation (and its current serviceUrl) and finds the person behind the Teams user. */
  private async begin(turn: TurnBase): Promise<Turn> {
    const tenantId = turn.conversation.tenantId;
    if (!tenantId || !turn.conversation.id || !turn.serviceUrl) return tenantId ? { tenantId } : {};
    const person = await this.identify(tenantId, turn);
    const seen = await this.deps.conversations.seen({
      tenantId,
      conversationId: turn.conversation.id,
      kind: turn.conversation.type,
      serviceUrl: turn.serviceUrl,
      reference: turn.reference,
      ...(turn.conversation.title ? { title: turn.conversation.title } : {}),
      ...(turn.conversation.teamId ? { teamId: turn.conversation.teamId } : {}),
      ...(turn.conversation.type === 'personal' && person ? { personId: person.id } : {}),
    });
    return { tenantId, ...(person ? { person } : {}), conversation: seen.record, change: seen.change };
  }

  private async identify(tenantId: string, turn: TurnBase): Promise<Person | undefined> {
    if (turn.from.aadObjectId) {
      const known = await this.deps.conversations.personByAadObjectId(tenantId, turn.from.aadObjectId);
      if (known) return known;
    }
    if (!turn.from.id) return undefined;
    // Not known by object id yet: ask Teams for the member's address and match it (which records the object id).
    const member = await turn.roster.member(turn.from.id).catch((error: unknown) => {
      this.deps.log('roster look-up failed', error);
      return undefined;
    });
    if (!member) return undefined;
    const found = await this.deps.conversations.matchMember(tenantId, { ...member, ...(turn.from.aadObjectId && !member.aadObjectId ? { aadObjectId: turn.from.aadObjectId } : {}) });
    return found?.person;
  }
}

function impactLine(item: AgendaItemStateView, names: Readonly<Record<string, string>>): string {
  if (!item.impact) return '';
  const waiting = item.impact.notAnsweredLeaderIds.map((id) => names[id] ?? id);
  return waiting.length > 0 ? ` — impact answers outstanding: ${waiting.join(', ')}` : ' — every co-leader has answered the impact question';
}

function commandOf(message: TurnBase): string {
  const text = 'text' in message && typeof (message as IncomingMessage).text === 'string' ? (message as IncomingMessage).text.trim() : 'agenda';
  return text.replace(/<at>[^<]*<\/at>/g, '').trim().slice(0, 80) || 'agenda';
}

function unknownPersonText(name: string | undefined): string {
  return `Sorry${name ? `, ${name}` : ''} — I don’t know you as one of the firm’s people yet, so I can’t act for you. A firm admin can add you (with your work email) in the admin console.`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

