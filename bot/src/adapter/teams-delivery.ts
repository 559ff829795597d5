import { CardFactory, MessageFactory, TurnContext, type ChannelAccount, type ConversationParameters, type ConversationReference } from 'botbuilder';
import { TeamsDeliveryError, TeamsRetryableError, type ProactiveTarget, type TeamsDelivery, type TeamsMessage } from '../../../core/services/teams-messenger';
import type { BotFrameworkRuntime } from './bot-framework-endpoint';

/**
 * Proactive sends through botbuilder's CloudAdapter: continueConversationAsync into a stored
 * conversation, createConversationAsync for a person's first personal chat. Bot Connector failures
 * come back as TeamsDeliveryError with the HTTP status and Retry-After, for the TeamsMessenger to
 * decide what to retry.
 *
 * The connector client's own retry policy is removed for these sends: it would retry 429s and 5xx
 * behind the messenger's back — outside the pacing limiter, without counting against the
 * messenger's bound, and stacking its waits inside one activity attempt.
 */
export class BotFrameworkTeamsDelivery implements TeamsDelivery {
  constructor(private readonly runtime: BotFrameworkRuntime) {}

  async send(target: ProactiveTarget, message: TeamsMessage, pace: () => Promise<() => void>): Promise<{ activityId?: string }> {
    const reference = { ...(target.reference as Partial<ConversationReference>), serviceUrl: target.serviceUrl };
    let activityId: string | undefined;
    // The adapter hands errors thrown inside the turn to onTurnError, which would swallow them: the
    // send's own failure is caught here and rethrown once the turn is over.
    let failure: unknown;
    try {
      await this.runtime.adapter.continueConversationAsync(this.runtime.appId, reference, async (context) => {
        const pacedOnTheWire = prepareConnector(context, this.runtime, pace);
        const activity = message.card ? MessageFactory.attachment(CardFactory.adaptiveCard(message.card), message.text) : MessageFactory.text(message.text ?? '');
        const settle = pacedOnTheWire ? undefined : await pace().catch((error: unknown) => {
          failure = error;
          return undefined;
        });
        if (failure !== undefined) return;
        try {
          activityId = (await context.sendActivity(activity))?.id;
        } catch (error) {
          failure = error ?? new Error('send failed');
        } finally {
          settle?.();
        }
      });
    } catch (error) {
      throw deliveryError(error);
    }
    if (failure !== undefined) throw deliveryError(failure);
    return activityId ? { activityId } : {};
  }

  async createPersonalChat(input: { tenantId: string; serviceUrl: string; reference: Record<string, unknown>; aadObjectId: string }): Promise<ProactiveTarget> {
    const base = input.reference as Partial<ConversationReference>;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: base.bot as ChannelAccount,
      // Teams opens a 1:1 chat from the user's Entra object id once the app is installed for them.
      members: [{ id: input.aadObjectId, aadObjectId: input.aadObjectId } as ChannelAccount],
      tenantId: input.tenantId,
      channelData: { tenant: { id: input.tenantId } },
    } as ConversationParameters;
    let created: Partial<ConversationReference> | undefined;
    try {
      await this.runtime.adapter.createConversationAsync(
        this.runtime.appId,
        base.channelId ?? 'msteams',
        input.serviceUrl,
        // undefined: the connector factory uses the bot's configured channel audience.
        undefined as unknown as string,
        parameters,
        async (context) => {
          created = TurnContext.getConversationReference(context.activity);
        },
      );
    } catch (error) {
      throw deliveryError(error);
    }
    const conversationId = created?.conversation?.id;
    if (!conversationId) throw new TeamsDeliveryError('the Bot Connector created no conversation', 502);
    const reference = JSON.parse(JSON.stringify({ ...created, user: { id: input.aadObjectId, aadObjectId: input.aadObjectId } })) as Record<string, unknown>;
    return { conversationId, serviceUrl: input.serviceUrl, reference };
  }
}

interface PipelinePolicy {
  name: string;
  sendRequest(request: unknown, next: (request: unknown) => Promise<unknown>): Promise<unknown>;
}

interface PipelineOwner {
  client?: { pipeline?: { removePolicy(options: { name: string }): unknown; addPolicy(policy: PipelinePolicy, options?: { afterPhase?: string }): void } };
}

/**
 * Removes the connector client's own retries and puts the pacing gate last in its HTTP pipeline (after
 * the request is signed, which may fetch a token), so a send is counted when it really leaves. False
 * when the client has no pipeline to hook into; the caller then paces just before sending.
 */
function prepareConnector(context: TurnContext, runtime: BotFrameworkRuntime, pace: () => Promise<() => void>): boolean {
  const pipeline = (context.turnState.get(runtime.adapter.ConnectorClientKey) as PipelineOwner | undefined)?.client?.pipeline;
  if (!pipeline) return false;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.addPolicy(
    {
      name: 'teamsPacing',
      async sendRequest(request, next) {
        const settle = await pace();
        try {
          return await next(request);
        } finally {
          settle();
        }
      },
    },
    { afterPhase: 'Sign' },
  );
  return true;
}

interface RestLikeError {
  message?: string;
  statusCode?: number;
  response?: { status?: number; headers?: { get?(name: string): string | undefined } | Record<string, string> };
}

function deliveryError(error: unknown): Error {
  if (error instanceof TeamsDeliveryError || error instanceof TeamsRetryableError) return error;
  const rest = (error ?? {}) as RestLikeError;
  const status = rest.statusCode ?? rest.response?.status;
  const headers = rest.response?.headers;
  const retryAfter = headers ? (typeof headers.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string>)['retry-after']) : undefined;
  return new TeamsDeliveryError(rest.message ?? String(error), status, retryAfterMs(retryAfter));
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
