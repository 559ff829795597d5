import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  CardFactory,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { ConversationHandler, IncomingMessage } from '../conversation/conversation';

/**
 * The only place botbuilder is used. botbuilder is past Microsoft's end of support; the bot's logic
 * lives behind ConversationHandler so the Microsoft 365 Agents SDK can replace this file alone.
 */
export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
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

class TeamsBot extends TeamsActivityHandler {
  constructor(handler: ConversationHandler) {
    super();
    this.onMessage(async (context, next) => {
      const replies = await handler.onMessage(toIncoming(context));
      for (const reply of replies) {
        if (reply.card) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text));
        else if (reply.text) await context.sendActivity(MessageFactory.text(reply.text));
      }
      await next();
    });
  }
}

function toIncoming(context: TurnContext): IncomingMessage {
  const activity = context.activity;
  const type = activity.conversation?.conversationType;
  return {
    text: activity.text ?? '',
    from: { id: activity.from?.id ?? '', ...(activity.from?.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}), ...(activity.from?.name ? { name: activity.from.name } : {}) },
    conversation: {
      id: activity.conversation?.id ?? '',
      type: type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal',
      ...(activity.conversation?.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
    },
  };
}

/**
 * Builds the `/api/messages` endpoint. With app credentials, botbuilder validates the Bot Framework
 * token of every activity (401 otherwise); without them it runs in local mode and accepts anonymous
 * activities, which is only allowed when the app itself runs in local mode.
 */
export function createBotEndpoint(credentials: BotCredentials, handler: ConversationHandler, log: (message: string, error?: unknown) => void) {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId ?? '',
    MicrosoftAppPassword: credentials.appPassword ?? '',
    MicrosoftAppType: credentials.appType,
    MicrosoftAppTenantId: credentials.appTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log('bot turn failed', error);
    if (context.activity.type === ActivityTypes.Message) await context.sendActivity('Sorry, something went wrong on our side. Please try again.');
  };
  const bot = new TeamsBot(handler);

  return async function process(request: EndpointRequest): Promise<EndpointResponse> {
    const response: EndpointResponse = { status: 200, headers: {} };
    const res = {
      socket: undefined,
      status(code: number) {
        response.status = code;
      },
      header(name: string, value: unknown) {
        response.headers[name] = String(value);
      },
      send(body?: unknown) {
        if (body !== undefined) response.body = body;
      },
      end() {},
    };
    await adapter.process({ body: request.body as Record<string, unknown>, headers: request.headers, method: request.method }, res, (context) => bot.run(context));
    return response;
  };
}
