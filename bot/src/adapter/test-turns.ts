import { TestAdapter, type Activity } from 'botbuilder';
import type { Actor, ConversationHandler, ConversationType, Mention, Roster, RosterMember } from '../conversation/conversation';
import { TeamsBot, type BotLog } from './bot-framework-endpoint';

/**
 * Drives a ConversationHandler through the real TeamsBot routing on botbuilder's in-memory TestAdapter:
 * Teams-shaped activities in, the bot's activities out as plain replies. For handler tests, which stay
 * free of botbuilder imports (the lint fence keeps botbuilder inside bot/src/adapter/).
 */
export interface TestConversation {
  id: string;
  type: ConversationType;
  tenantId?: string;
  teamId?: string;
  title?: string;
}

export interface TurnOptions {
  from?: Actor;
  conversation?: TestConversation;
  mentions?: Mention[];
  value?: unknown;
  activityId?: string;
}

export interface TestReply {
  text?: string;
  card?: Record<string, unknown>;
}

export const TEST_BOT: Actor = { id: '28:account-teams-bot', name: 'Account Teams' };
const SERVICE_URL = 'http://127.0.0.1:9/test-adapter';

export function createTestTurns(handler: ConversationHandler, options: { from: Actor; conversation: TestConversation; roster?: RosterMember[]; log?: BotLog; serviceUrl?: string }) {
  let serviceUrl = options.serviceUrl ?? SERVICE_URL;
  const roster: Roster = {
    members: async () => options.roster ?? [],
    member: async (userId: string) => (options.roster ?? []).find((member) => member.id === userId),
  };
  const bot = new TeamsBot(handler, options.log ?? (() => undefined), () => roster);
  const adapter = new TestAdapter((context) => bot.run(context));
  let sequence = 0;

  function activity(type: string, turn: TurnOptions, extra: Partial<Activity>): Partial<Activity> {
    const conversation = turn.conversation ?? options.conversation;
    const from = turn.from ?? options.from;
    return {
      type,
      id: turn.activityId ?? `activity-${++sequence}`,
      channelId: 'msteams',
      serviceUrl,
      from: { id: from.id, name: from.name ?? from.id, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) },
      recipient: { id: TEST_BOT.id, name: TEST_BOT.name! },
      conversation: { id: conversation.id, conversationType: conversation.type, isGroup: conversation.type !== 'personal', ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}), ...(conversation.title ? { name: conversation.title } : {}) } as Activity['conversation'],
      channelData: {
        ...(conversation.tenantId ? { tenant: { id: conversation.tenantId } } : {}),
        ...(conversation.teamId ? { team: { id: conversation.teamId } } : {}),
        ...(conversation.type === 'channel' ? { channel: { id: conversation.id, ...(conversation.title ? { name: conversation.title } : {}) } } : {}),
      },
      ...extra,
    };
  }

  async function run(request: Partial<Activity>): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    await adapter.processActivity(request);
    return adapter.activeQueue.splice(0);
  }

  const asReply = (sent: Partial<Activity>): TestReply => {
    const card = sent.attachments?.find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Record<string, unknown> | undefined;
    return { ...(sent.text ? { text: sent.text } : {}), ...(card ? { card } : {}) };
  };

  return {
    /** Teams moved the conversation: later activities carry this serviceUrl. */
    moveTo(url: string) {
      serviceUrl = url;
    },

    /** A message (mention the bot first in a channel, as Teams does). */
    async say(text: string, turn: TurnOptions = {}): Promise<TestReply[]> {
      const mentions = turn.mentions ?? [];
      const conversation = turn.conversation ?? options.conversation;
      const botMention = conversation.type === 'personal' ? '' : `<at>${TEST_BOT.name}</at> `;
      const entities = [
        ...(botMention ? [{ type: 'mention', mentioned: { id: TEST_BOT.id, name: TEST_BOT.name }, text: `<at>${TEST_BOT.name}</at>` }] : []),
        ...mentions.map((mention) => ({ type: 'mention', mentioned: { id: mention.id, name: mention.name ?? mention.id }, text: mention.text ?? `<at>${mention.name ?? mention.id}</at>` })),
      ];
      const sent = await run(activity('message', turn, { text: `${botMention}${text}`, entities, ...(turn.value !== undefined ? { value: turn.value } : {}) }));
      return sent.filter((reply) => reply.type === 'message').map(asReply);
    },

    /** An Action.Execute invoke; returns the invoke response (status and body). */
    async invoke(verb: string, data: Record<string, unknown>, turn: TurnOptions = {}): Promise<{ status: number; body: { statusCode: number; type: string; value: unknown } }> {
      const sent = await run(activity('invoke', turn, { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }));
      const response = sent.find((reply) => reply.type === 'invokeResponse');
      if (!response) throw new Error('the bot sent no invoke response');
      return response.value as { status: number; body: { statusCode: number; type: string; value: unknown } };
    },

    /** The app installed here (Teams' conversationUpdate with the bot among the members added). */
    async install(turn: TurnOptions = {}): Promise<TestReply[]> {
      const sent = await run(activity('conversationUpdate', turn, { membersAdded: [{ id: TEST_BOT.id, name: TEST_BOT.name! }] }));
      return sent.filter((reply) => reply.type === 'message').map(asReply);
    },

    /** Any other activity (a reaction, an event…), as Teams would send it. */
    async other(type: string, extra: Record<string, unknown> = {}, turn: TurnOptions = {}): Promise<TestReply[]> {
      const sent = await run(activity(type, turn, extra as Partial<Activity>));
      return sent.filter((reply) => reply.type === 'message').map(asReply);
    },

    async uninstall(turn: TurnOptions = {}): Promise<void> {
      await run(activity('installationUpdate', turn, { action: 'remove' }));
    },
  };
}

export type TestTurns = ReturnType<typeof createTestTurns>;
