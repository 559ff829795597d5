import type { DelegationService } from '../../../core/services/delegation-service';
import type { LeadershipProcessGateway } from '../../../core/services/leadership-process-gateway';
import type { LeadershipService } from '../../../core/services/leadership-service';
import type { DelegationFollowUpGateway } from '../../../core/services/process-gateway';
import { TeamsConversations } from '../../../core/services/teams-conversations';
import type { TenantPeople } from '../../../core/services/tenant-people';
import { TeamsMessenger, type TeamsDelivery } from '../../../core/services/teams-messenger';
import { SlidingWindowLimiter } from '../../../core/services/teams-rate-limiter';
import { turnReplyPacer } from '../../../core/services/turn-reply-pacer';
import type { Store } from '../../../core/store/ports';
import { BotFrameworkRuntime, type BotCredentials, type EndpointRequest, type EndpointResponse } from '../adapter/bot-framework-endpoint';
import { BotFrameworkTeamsDelivery } from '../adapter/teams-delivery';
import { CardActions } from '../conversation/card-actions';
import { CardViews } from '../conversation/card-views';
import { TeamsConversationHandler } from '../conversation/teams-handler';

export interface TeamsBotOptions {
  store: Store;
  credentials: BotCredentials;
  /** The workflow gateways the cards read process state from (the agenda's cut-off, the next check-in). */
  leadershipProcesses: LeadershipProcessGateway;
  followUps: DelegationFollowUpGateway;
  log: (message: string, error?: unknown) => void;
  /** The process's cache of the firm's people, shared with the API's principal resolver. */
  people?: TenantPeople;
  /** Link to the Teams tab, shown where a card had to shorten text. */
  tabUrl?: string;
  clock?: () => Date;
  /** Replaces the Bot Connector (tests). */
  delivery?: TeamsDelivery;
  limiter?: SlidingWindowLimiter;
}

/** Loopback addresses: the test emulator of the Bot Connector, or the Microsoft 365 Agents Playground. */
export function isLocalServiceUrl(serviceUrl: string): boolean {
  try {
    const { hostname } = new URL(serviceUrl);
    return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
  } catch {
    return false;
  }
}

/**
 * Everything Teams-facing, wired once: the Bot Framework runtime (one CloudAdapter for the endpoint
 * and proactive sends), the conversation store, the card views and the TeamsMessenger the worker's
 * `sendMessage` activity uses.
 *
 * Delivery: with bot credentials the messenger delivers everywhere. Without (local mode) real Teams
 * would refuse our unsigned calls, so it delivers only to a local serviceUrl — the Bot Connector
 * emulator of the tests or the Agents Playground — and elsewhere just records, as the StoreMessenger
 * does.
 */
export function createTeamsBot(options: TeamsBotOptions) {
  // One budget per conversation for the worker's proactive sends and the endpoint's replies.
  const limiter = options.limiter ?? new SlidingWindowLimiter();
  const runtime = new BotFrameworkRuntime(options.credentials, options.log, turnReplyPacer(limiter));
  const conversations = new TeamsConversations(options.store, options.clock, options.people);
  const views = new CardViews({
    store: options.store,
    conversations,
    leadership: options.leadershipProcesses,
    followUps: options.followUps,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tabUrl ? { tabUrl: options.tabUrl } : {}),
  });
  const withCredentials = Boolean(options.credentials.appId);
  const messenger = new TeamsMessenger({
    store: options.store,
    conversations,
    delivery: options.delivery ?? new BotFrameworkTeamsDelivery(runtime),
    render: (message, target) => views.forDelivery(message, target),
    canDeliverTo: withCredentials ? () => true : isLocalServiceUrl,
    recordWhenUnreachable: !withCredentials,
    limiter,
    ...(options.clock ? { clock: options.clock } : {}),
    log: (line) => options.log(line),
  });

  return {
    runtime,
    conversations,
    views,
    messenger,
    /** The `/api/messages` handler, once the services it acts through exist. */
    endpoint(services: { leadership: LeadershipService; delegations: DelegationService }): (request: EndpointRequest) => Promise<EndpointResponse> {
      const actions = new CardActions({ store: options.store, views, conversations, leadership: services.leadership, processes: options.leadershipProcesses, delegations: services.delegations, log: options.log });
      const handler = new TeamsConversationHandler({
        store: options.store,
        conversations,
        views,
        actions,
        leadership: services.leadership,
        delegations: services.delegations,
        ...(options.clock ? { clock: options.clock } : {}),
        log: options.log,
      });
      return runtime.endpoint(handler);
    },
  };
}

export type TeamsBot = ReturnType<typeof createTeamsBot>;
