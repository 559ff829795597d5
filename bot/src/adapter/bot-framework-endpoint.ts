import {
  ActivityTypes,
  CallerIdConstants,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
  type TeamsChannelAccount,
} from 'botbuilder';
import { z } from 'zod';
import { DomainError } from '../../../core/errors';
import type { ReplyPacer } from '../../../core/services/turn-reply-pacer';
import type {
  Actor,
  CardActionResponse,
  ConversationHandler,
  ConversationType,
  ConversationUpdate,
  IncomingMessage,
  Mention,
  OutgoingReply,
  Roster,
  RosterMember,
  TurnBase,
} from '../conversation/conversation';
import { statusOf } from '../error-status';

/**
 * The only place botbuilder is used (with teams-delivery.ts beside it). botbuilder is past Microsoft's
 * end of support; the bot's logic lives behind ConversationHandler (bot/src/conversation/) so the
 * Microsoft 365 Agents SDK can replace these files alone: its CloudAdapter / AgentApplication take
 * the same activities and expose the same continueConversation / createConversation calls.
 */
export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /**
   * Where botbuilder reads the Bot Framework's signing keys (OpenID metadata). Defaults to the public
   * cloud's; tests point it at a local document to prove a token signed by another key gets 401.
   */
  openIdMetadataUrl?: string;
}

export interface EndpointRequest {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  method: string;
}

export interface EndpointResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export type BotLog = (message: string, error?: unknown) => void;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** botbuilder's public-cloud endpoints (AuthenticationConstants), for when one of them is overridden. */
const PUBLIC_CLOUD = {
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  CallerId: CallerIdConstants.PublicAzureChannel,
};

/** Routes each kind of activity to the handler, in our own shapes. */
export class TeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly handler: ConversationHandler,
    private readonly log: BotLog,
    private readonly rosterFor: (context: TurnContext) => Roster = teamsRoster,
    pace: ReplyPacer = unpaced,
  ) {
    super();
    const send = (context: TurnContext, replies: readonly OutgoingReply[]) => sendPaced(context, replies, pace);
    this.onMessage(async (context, next) => {
      await send(context, await handler.onMessage(this.toMessage(context)));
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const update = this.toUpdate(context);
      if (update && handler.onConversationUpdate) await send(context, await handler.onConversationUpdate(update));
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      if (handler.onConversationUpdate) await send(context, await handler.onConversationUpdate({ ...this.base(context), event: 'installed', membersAdded: [], membersRemoved: [] }));
      await next();
    });
    // Activities the handlers above do not see still refresh the stored conversation (its serviceUrl).
    this.onTurn(async (context, next) => {
      if (handler.onOtherActivity && !this.isRouted(context)) await handler.onOtherActivity(this.base(context));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      // Nothing can be sent into a conversation the app was just removed from.
      if (handler.onConversationUpdate) await handler.onConversationUpdate({ ...this.base(context), event: 'uninstalled', membersAdded: [], membersRemoved: [] });
      await next();
    });
  }

  /** `adaptiveCard/action`: the answer replaces the card in place (status 200, an Adaptive Card). */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (!this.handler.onCardAction) return errorResponse(404, 'NotSupported', 'this bot does not handle card actions');
    try {
      const response = await this.handler.onCardAction({
        ...this.base(context),
        verb: invokeValue.action?.verb ?? '',
        data: isRecord(invokeValue.action?.data) ? invokeValue.action.data : {},
        trigger: (invokeValue as { trigger?: string }).trigger === 'automatic' ? 'automatic' : 'manual',
      });
      return toInvokeResponse(response);
    } catch (error) {
      // Bad input the services refused (a value the store will not take): the answer names it.
      if (error instanceof DomainError) return errorResponse(statusOf(error) ?? 400, error.code, error.message);
      this.log('card action failed', error);
      return errorResponse(500, 'InternalError', 'Sorry, something went wrong on our side. Please try again.');
    }
  }

  /** Whether one of the handler's own methods gets this activity. */
  private isRouted(context: TurnContext): boolean {
    const activity = context.activity;
    switch (activity.type) {
      case ActivityTypes.Message:
      case ActivityTypes.InstallationUpdate:
        return true;
      case ActivityTypes.Invoke:
        return activity.name === 'adaptiveCard/action';
      case ActivityTypes.ConversationUpdate:
        return this.toUpdate(context) !== undefined;
      default:
        return false;
    }
  }

  private base(context: TurnContext): TurnBase {
    const activity = context.activity;
    const channelData = (activity.channelData ?? {}) as { team?: { id?: string; name?: string }; channel?: { id?: string; name?: string } };
    const conversation = activity.conversation ?? ({} as Activity['conversation']);
    const tenantId = tenantIdOf(activity);
    const title = channelData.channel?.name ?? conversation.name ?? channelData.team?.name;
    return {
      from: actorOf(activity.from),
      conversation: {
        id: conversation.id ?? '',
        type: conversationTypeOf(conversation.conversationType, channelData),
        ...(tenantId ? { tenantId } : {}),
        ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
        ...(channelData.channel?.id ? { channelId: channelData.channel.id } : {}),
        ...(title ? { title } : {}),
      },
      serviceUrl: activity.serviceUrl ?? '',
      reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>,
      ...(activity.id ? { activityId: activity.id } : {}),
      roster: this.rosterFor(context),
    };
  }

  private toMessage(context: TurnContext): IncomingMessage {
    const activity = context.activity;
    const botId = activity.recipient?.id;
    // The bot's own @mention (which Teams puts in front of channel messages) is not part of the command.
    const text = botId ? TurnContext.removeMentionText(activity, botId) : (activity.text ?? '');
    const mentions: Mention[] = (activity.entities ?? [])
      .filter((entity) => entity.type === 'mention')
      .map((entity) => entity as unknown as { mentioned?: ChannelAccount; text?: string })
      .filter((entity) => entity.mentioned?.id && entity.mentioned.id !== botId)
      .map((entity) => ({ id: entity.mentioned!.id, ...(entity.mentioned!.name ? { name: entity.mentioned!.name } : {}), ...(entity.text ? { text: entity.text } : {}) }));
    return { ...this.base(context), text: text ?? '', mentions, ...(activity.value !== undefined ? { value: activity.value } : {}) };
  }

  private toUpdate(context: TurnContext): ConversationUpdate | undefined {
    const activity = context.activity;
    const botId = activity.recipient?.id;
    const added = (activity.membersAdded ?? []).map(actorOf);
    const removed = (activity.membersRemoved ?? []).map(actorOf);
    const event: ConversationUpdate['event'] | undefined = added.some((member) => member.id === botId)
      ? 'installed'
      : removed.some((member) => member.id === botId)
        ? 'uninstalled'
        : added.length > 0
          ? 'membersAdded'
          : removed.length > 0
            ? 'membersRemoved'
            : undefined;
    if (!event) return undefined;
    return { ...this.base(context), event, membersAdded: added.filter((member) => member.id !== botId), membersRemoved: removed.filter((member) => member.id !== botId) };
  }
}

const unpaced: ReplyPacer = async () => () => undefined;

/** The Entra tenant an activity comes from: Teams puts it on the conversation, and older clients in channelData. */
function tenantIdOf(activity: Activity): string | undefined {
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

/** A turn's replies, in order, each waiting for its send slot in the conversation's budget. */
async function sendPaced(context: TurnContext, replies: readonly OutgoingReply[], pace: ReplyPacer): Promise<void> {
  const conversationId = context.activity.conversation?.id ?? '';
  const tenantId = tenantIdOf(context.activity);
  for (const reply of replies) {
    const activity = reply.card ? MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text) : reply.text ? MessageFactory.text(reply.text) : undefined;
    if (!activity) continue;
    const settle = await pace(conversationId, tenantId);
    try {
      await context.sendActivity(activity);
    } finally {
      settle();
    }
  }
}

function toInvokeResponse(response: CardActionResponse): AdaptiveCardInvokeResponse {
  switch (response.kind) {
    case 'card':
      return { statusCode: 200, type: ADAPTIVE_CARD, value: response.card };
    case 'message':
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: response.text as unknown as Record<string, unknown> };
    case 'error':
      return errorResponse(response.statusCode, response.code, response.message);
  }
}

function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function actorOf(account: ChannelAccount | undefined): Actor {
  return { id: account?.id ?? '', ...(account?.aadObjectId ? { aadObjectId: account.aadObjectId } : {}), ...(account?.name ? { name: account.name } : {}) };
}

function conversationTypeOf(type: string | undefined, channelData: { channel?: { id?: string } }): ConversationType {
  if (type === 'channel' || (!type && channelData.channel?.id)) return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

function memberOf(account: TeamsChannelAccount): RosterMember {
  return {
    id: account.id,
    ...(account.aadObjectId ? { aadObjectId: account.aadObjectId } : {}),
    ...(account.name ? { name: account.name } : {}),
    ...(account.email ? { email: account.email } : {}),
    ...(account.userPrincipalName ? { userPrincipalName: account.userPrincipalName } : {}),
  };
}

/** The conversation's (or its team's) roster through the Bot Connector, paged. */
function teamsRoster(context: TurnContext): Roster {
  return {
    async members() {
      const members: RosterMember[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await TeamsInfo.getPagedMembers(context, 500, continuationToken);
        members.push(...page.members.map(memberOf));
        continuationToken = page.continuationToken || undefined;
      } while (continuationToken);
      return members;
    },
    async member(userId: string) {
      try {
        return memberOf(await TeamsInfo.getMember(context, userId));
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    },
  };
}

/** CloudAdapter with its authenticate-and-run step opened up, so the endpoint decides the HTTP answer. */
class EndpointAdapter extends CloudAdapter {
  authenticateAndRun(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The Bot Framework side of the app: one CloudAdapter for incoming activities (the `/api/messages`
 * endpoint) and proactive sends (teams-delivery.ts). With app credentials botbuilder validates every
 * incoming activity's token (401 otherwise); without, it accepts anonymous activities, which the
 * config allows in local mode only.
 */
export class BotFrameworkRuntime {
  readonly adapter: EndpointAdapter;
  readonly appId: string;

  constructor(
    credentials: BotCredentials,
    private readonly log: BotLog,
    /** Paces each turn's replies (turnReplyPacer); unpaced when absent. */
    private readonly pace: ReplyPacer = unpaced,
  ) {
    this.appId = credentials.appId ?? '';
    const auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: credentials.appId ?? '',
      MicrosoftAppPassword: credentials.appPassword ?? '',
      MicrosoftAppType: credentials.appType,
      MicrosoftAppTenantId: credentials.appTenantId ?? '',
      // Overriding one endpoint makes botbuilder expect all of them: the rest stay the public cloud's.
      ...(credentials.openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: credentials.openIdMetadataUrl } : {}),
    });
    this.adapter = new EndpointAdapter(auth);
    this.adapter.onTurnError = async (context, error) => {
      log('bot turn failed', error);
      if (context.activity.type === ActivityTypes.Message) await context.sendActivity('Sorry, something went wrong on our side. Please try again.').catch(() => undefined);
    };
  }

  /**
   * The `/api/messages` handler: authenticates the activity and runs it through botbuilder, returning
   * its HTTP answer. Every failure to authenticate is a 401 — botbuilder's own `process` answers 500
   * when the signature check itself throws (a token naming a trusted key but signed by another).
   */
  endpoint(handler: ConversationHandler) {
    const bot = new TeamsBot(handler, this.log, teamsRoster, this.pace);
    const adapter = this.adapter;
    const log = this.log;
    return async function process(request: EndpointRequest): Promise<EndpointResponse> {
      if (request.method !== 'POST') return { status: 405, headers: {} };
      const checked = IncomingActivity.safeParse(request.body);
      if (!checked.success) {
        const problems = checked.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`).join('; ');
        return { status: 400, headers: {}, body: { error: { code: 'validation.failed', message: `not a Bot Framework activity: ${problems}` } } };
      }
      const authorization = request.headers.authorization;
      const authHeader = (Array.isArray(authorization) ? authorization[0] : authorization) ?? '';
      try {
        const invokeResponse = await adapter.authenticateAndRun(authHeader, withDates(request.body as Record<string, unknown>), (context) => bot.run(context));
        return { status: invokeResponse?.status ?? 200, headers: {}, ...(invokeResponse?.body !== undefined ? { body: invokeResponse.body } : {}) };
      } catch (error) {
        if (isAuthenticationFailure(error)) return { status: 401, headers: {}, body: error instanceof Error ? error.message : 'Unauthorized' };
        log('bot activity failed', error);
        return { status: 500, headers: {} };
      }
    };
  }
}

/**
 * The shape botbuilder relies on, checked before it sees the activity: a malformed one is a 400 naming
 * the field, never a TypeError deep inside a turn. Extra fields pass through untouched.
 */
const account = z.looseObject({ id: z.string().max(1000), name: z.string().max(1000).optional(), aadObjectId: z.string().max(100).optional() });
const IncomingActivity = z.looseObject({
  type: z.string().min(1).max(100),
  id: z.string().max(1000).optional(),
  name: z.string().max(200).optional(),
  channelId: z.string().min(1).max(100),
  serviceUrl: z.url().max(2000),
  from: account,
  recipient: account,
  conversation: z.looseObject({ id: z.string().min(1).max(1000), conversationType: z.string().max(50).optional(), tenantId: z.string().max(100).optional(), name: z.string().max(1000).optional() }),
  text: z.string().max(100_000).optional(),
  entities: z.array(z.looseObject({ type: z.string().max(100) })).max(100).optional(),
  channelData: z.looseObject({}).optional(),
  membersAdded: z.array(account).max(1000).optional(),
  membersRemoved: z.array(account).max(1000).optional(),
  deliveryMode: z.string().max(50).optional(),
  timestamp: z.string().max(100).optional(),
  localTimestamp: z.string().max(100).optional(),
  expiration: z.string().max(100).optional(),
});

/** As botbuilder's own `process` prepares an activity: its timestamps as Dates, the raw strings kept. */
function withDates(body: Record<string, unknown>): Activity {
  const activity: Record<string, unknown> = { ...body };
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field] as string);
    }
  }
  return activity as unknown as Activity;
}

/** botbuilder's AuthenticationError (401), or jsonwebtoken's errors for a bad signature, expiry or format. */
function isAuthenticationFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { statusCode?: number }).statusCode === 401) return true;
  return ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(error.name);
}
