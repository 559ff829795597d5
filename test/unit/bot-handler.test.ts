import { createTestTurns, type TestConversation } from '../../bot/src/adapter/test-turns';
import type { RosterMember } from '../../bot/src/conversation/conversation';
import type { TeamsConversationHandler } from '../../bot/src/conversation/teams-handler';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { conversationReferenceIdFor, type TeamsConversations } from '../../core/services/teams-conversations';
import type { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { startRecordingBot, type RecordingBot, type RecordingFollowUps, type RecordingProcesses } from '../support/recording-gateways';

/**
 * The bot's handlers through botbuilder's TestAdapter and the real TeamsBot routing: commands and what
 * a malformed one is answered with, installs, member sync and channel links. Workflows are stood in
 * for by recording gateways; everything else (store, services, cards) is real.
 */

const AAD = {
  alejandro: '0a1b2c3d-0000-4000-8000-000000000001',
  stephanie: '0a1b2c3d-0000-4000-8000-000000000002',
  peter: '0a1b2c3d-0000-4000-8000-000000000003',
  maya: '0a1b2c3d-0000-4000-8000-000000000004',
  tom: '0a1b2c3d-0000-4000-8000-000000000005',
  stranger: '0a1b2c3d-0000-4000-8000-0000000000ff',
};
const member = (name: keyof typeof AAD, display: string, email: string): RosterMember => ({ id: `29:${name}`, aadObjectId: AAD[name], name: display, email });
const ROSTER: RosterMember[] = [
  member('alejandro', 'Alejandro Ruiz', 'alejandro.ruiz@hartwell-lowe.example'),
  member('stephanie', 'Stephanie Cho', 'stephanie.cho@hartwell-lowe.example'),
  member('peter', 'Peter Novak', 'peter.novak@hartwell-lowe.example'),
  member('maya', 'Maya Patel', 'maya.patel@hartwell-lowe.example'),
  member('tom', 'Tom Becker', 'tom.becker@hartwell-lowe.example'),
  member('stranger', 'Sam Stranger', 'sam@elsewhere.example'),
];
const as = (name: keyof typeof AAD) => ({ id: `29:${name}`, aadObjectId: AAD[name], name });

const CHANNEL: TestConversation = { id: '19:northwind-leaders@thread.tacv2', type: 'channel', tenantId: DEMO_TENANT_ID, teamId: '19:northwind-team@thread.tacv2', title: 'Leadership' };
const personal = (name: keyof typeof AAD): TestConversation => ({ id: `a:personal-${name}`, type: 'personal', tenantId: DEMO_TENANT_ID });

let bot: RecordingBot;
let store: SqliteStore;
let conversations: TeamsConversations;
let processes: RecordingProcesses;
let followUps: RecordingFollowUps;
let handler: TeamsConversationHandler;
const log: string[] = [];

beforeEach(async () => {
  bot = await startRecordingBot({ log: (line) => log.push(line) });
  ({ store, conversations, processes, followUps, handler } = bot);
});

afterEach(async () => {
  await bot.close();
});

const turnsIn = (conversation: TestConversation, from: ReturnType<typeof as>) => createTestTurns(handler, { from, conversation, roster: ROSTER });
const textOf = (replies: { text?: string }[]) => replies.map((reply) => reply.text ?? '').join('\n');
const cardText = (card: Record<string, unknown> | undefined) => JSON.stringify(card ?? {});

async function installAndLink(): Promise<void> {
  const turns = turnsIn(CHANNEL, as('alejandro'));
  await turns.install();
  const linked = await turns.invoke('channel.link', { conversationId: CHANNEL.id, accountId: 'northwind' });
  expect(linked.body.statusCode).toBe(200);
}

describe('installing the bot', () => {
  it('welcomes a channel once, offers the installer’s accounts to link, and syncs its members to the firm’s people', async () => {
    const turns = turnsIn(CHANNEL, as('alejandro'));
    const welcome = await turns.install();
    expect(welcome).toHaveLength(1);
    expect(cardText(welcome[0]!.card)).toContain('Welcome to Account Teams');
    expect(cardText(welcome[0]!.card)).toContain('"value":"northwind"');
    expect(cardText(welcome[0]!.card)).toContain('"verb":"channel.link"');

    const stored = await conversations.get(DEMO_TENANT_ID, CHANNEL.id);
    expect(stored).toMatchObject({ id: conversationReferenceIdFor(CHANNEL.id), kind: 'channel', status: 'active', title: 'Leadership', teamId: CHANNEL.teamId, serviceUrl: 'http://127.0.0.1:9/test-adapter' });
    expect(stored!.reference).toMatchObject({ conversation: { id: CHANNEL.id }, bot: { id: '28:account-teams-bot' } });

    // Everyone on the roster who is one of the firm's people now carries their Entra object id.
    for (const name of ['alejandro', 'stephanie', 'peter', 'maya', 'tom'] as const) {
      expect((await store.records.get('person', { tenantId: DEMO_TENANT_ID, id: name }))!.record.aadObjectId).toBe(AAD[name]);
    }
    // Teams also sends an installationUpdate: no second welcome.
    expect(await turns.install()).toHaveLength(0);
  });

  it('welcomes a person who installs it personally, and remembers their personal chat', async () => {
    const welcome = await turnsIn(personal('tom'), as('tom')).install();
    expect(cardText(welcome[0]!.card)).toContain('type **help** for the commands');
    expect((await conversations.personalChatOf(DEMO_TENANT_ID, 'tom'))?.conversationId).toBe('a:personal-tom');
  });

  it('marks the conversation removed on uninstall, and active again when reinstalled', async () => {
    const turns = turnsIn(CHANNEL, as('alejandro'));
    await turns.install();
    await turns.uninstall();
    expect((await conversations.get(DEMO_TENANT_ID, CHANNEL.id))?.status).toBe('removed');
    expect(await turns.install()).toHaveLength(1);
    expect((await conversations.get(DEMO_TENANT_ID, CHANNEL.id))?.status).toBe('active');
  });

  it('refreshes the stored serviceUrl from every incoming activity, whatever its kind', async () => {
    const turns = turnsIn(personal('tom'), as('tom'));
    await turns.say('help');
    expect((await conversations.get(DEMO_TENANT_ID, 'a:personal-tom'))?.serviceUrl).toBe('http://127.0.0.1:9/test-adapter');
    turns.moveTo('https://smba.trafficmanager.net/emea/');
    await turns.other('messageReaction', { reactionsAdded: [{ type: 'like' }] });
    expect((await conversations.get(DEMO_TENANT_ID, 'a:personal-tom'))?.serviceUrl).toBe('https://smba.trafficmanager.net/emea/');
    turns.moveTo('https://smba.trafficmanager.net/amer/');
    await turns.invoke('card.refresh', { card: 'checkin.form', delegationId: 'rd-credit-map' });
    expect((await conversations.get(DEMO_TENANT_ID, 'a:personal-tom'))?.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
  });
});

describe('linking a channel to an account', () => {
  it('links a group chat the same way, and posts its commands to that account', async () => {
    const chat: TestConversation = { id: '19:leaders-chat@thread.v2', type: 'groupChat', tenantId: DEMO_TENANT_ID, title: 'Northwind leaders' };
    const welcome = await turnsIn(chat, as('peter')).install();
    expect(cardText(welcome[0]!.card)).toContain('"verb":"channel.link"');
    const linked = await turnsIn(chat, as('peter')).invoke('channel.link', { conversationId: chat.id, accountId: 'northwind' });
    expect(linked.body.statusCode).toBe(200);
    expect((await conversations.channelOf(DEMO_TENANT_ID, 'northwind'))).toMatchObject({ kind: 'groupChat', conversationId: chat.id, linkedById: 'peter' });
    await turnsIn(chat, as('peter')).say('raise tension: Board time goes to audit only');
    expect(processes.calls[0]).toMatchObject({ method: 'raiseAgendaItem', request: { personId: 'peter', kind: 'tension' } });
  });

  it('refuses to link a personal chat', async () => {
    await turnsIn(personal('alejandro'), as('alejandro')).install();
    const response = await turnsIn(personal('alejandro'), as('alejandro')).invoke('channel.link', { accountId: 'northwind' });
    expect(response.body.statusCode).toBe(400);
    expect(JSON.stringify(response.body.value)).toMatch(/personal chat cannot be an account’s leadership channel/);
  });

  it('links the channel when a leader of the account chooses it on the welcome card', async () => {
    await turnsIn(CHANNEL, as('alejandro')).install();
    const response = await turnsIn(CHANNEL, as('alejandro')).invoke('channel.link', { conversationId: CHANNEL.id, accountId: 'northwind' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(response.body.value)).toContain('linked to **Northwind Manufacturing**');
    expect((await conversations.channelOf(DEMO_TENANT_ID, 'northwind'))?.conversationId).toBe(CHANNEL.id);
  });

  it('refuses a link by someone who is not a leader of that account', async () => {
    await turnsIn(CHANNEL, as('alejandro')).install();
    const response = await turnsIn(CHANNEL, as('maya')).invoke('channel.link', { conversationId: CHANNEL.id, accountId: 'northwind' });
    expect(response.body).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
    expect(JSON.stringify(response.body.value)).toMatch(/only a leader of Northwind Manufacturing can link/);
    expect(await conversations.channelOf(DEMO_TENANT_ID, 'northwind')).toBeUndefined();
  });

  it('answers a command in a channel that is not linked yet with the welcome card', async () => {
    await turnsIn(CHANNEL, as('alejandro')).install();
    const replies = await turnsIn(CHANNEL, as('stephanie')).say('agenda');
    expect(textOf(replies)).toMatch(/not linked to a client account yet/);
    expect(cardText(replies[1]?.card)).toContain('"verb":"channel.link"');
  });
});

describe('commands', () => {
  it('answers help with every command', async () => {
    const replies = await turnsIn(personal('tom'), as('tom')).say('help');
    for (const usage of ['agenda', 'raise <text>', 'review', 'delegate @person <task> by <date>', 'checkin', 'help']) expect(textOf(replies)).toContain(usage);
  });

  it('names an unknown command', async () => {
    expect(textOf(await turnsIn(personal('tom'), as('tom')).say('dance'))).toMatch(/I don’t know “dance”/);
  });

  it.each([
    ['raise', /say what to raise after “raise”[\s\S]*For example: \*\*raise initiative: /],
    ['delegate Tom the memo', /start with the person you delegate to[\s\S]*For example: \*\*delegate @/],
    ['delegate <at>Tom Becker</at> the memo', /say when it is due with “by <date>”/],
    ['delegate <at>Tom Becker</at> the memo by the twelfth of never', /could not read “the twelfth of never” as a date/],
    ['delegate <at>Tom Becker</at> the memo by 2020-01-01', /2020-01-01 is in the past/],
  ])('answers the malformed “%s” with what was wrong and an example, and does nothing', async (text, answer) => {
    await installAndLink();
    const replies = await turnsIn(CHANNEL, as('alejandro')).say(text, { mentions: [{ id: '29:tom', name: 'Tom Becker', text: '<at>Tom Becker</at>' }] });
    expect(textOf(replies)).toMatch(answer);
    expect(processes.calls).toHaveLength(0);
    expect(followUps.started).toHaveLength(0);
  });

  it('raises an item in a linked channel on that channel’s account, as the speaker', async () => {
    await installAndLink();
    const replies = await turnsIn(CHANNEL, as('stephanie')).say('raise initiative: Offer a cyber workshop to the Board');
    expect(textOf(replies)).toMatch(/“Offer a cyber workshop to the Board” is on the list/);
    expect(processes.calls).toEqual([
      { method: 'raiseAgendaItem', workflowId: 'process/agenda-run-1', request: expect.objectContaining({ personId: 'stephanie', kind: 'initiative', title: 'Offer a cyber workshop to the Board', itemId: expect.stringMatching(/^item-[0-9a-f]{40}$/) }) },
    ]);
  });

  it('refuses a raise from someone who is not on the account’s leadership team', async () => {
    await installAndLink();
    const replies = await turnsIn(CHANNEL, as('tom')).say('raise A thought');
    expect(textOf(replies)).toMatch(/I couldn’t do that: only the account’s leadership team raises items/);
    expect(processes.calls).toHaveLength(0);
  });

  it('delegates to the @mentioned person, found by their Entra object id', async () => {
    await installAndLink();
    const replies = await turnsIn(CHANNEL, as('stephanie')).say('delegate <at>Tom Becker</at> Draft the transfer-pricing memo by 2099-03-31', { mentions: [{ id: '29:tom', name: 'Tom Becker', text: '<at>Tom Becker</at>' }] });
    expect(textOf(replies)).toMatch(/Delegated to \*\*Tom Becker\*\* on Northwind Manufacturing: “Draft the transfer-pricing memo”, due 2099-03-31/);
    expect(followUps.started).toHaveLength(1);
    expect(followUps.started[0]).toMatchObject({ delegatorId: 'stephanie', delegateId: 'tom', accountId: 'northwind', dueDate: '2099-03-31' });
  });

  it('refuses to delegate to someone who is not one of the firm’s people', async () => {
    await installAndLink();
    const replies = await turnsIn(CHANNEL, as('stephanie')).say('delegate <at>Sam Stranger</at> Draft it by 2099-03-31', { mentions: [{ id: '29:stranger', name: 'Sam Stranger', text: '<at>Sam Stranger</at>' }] });
    expect(textOf(replies)).toMatch(/Sam Stranger is not one of the firm’s people I know/);
    expect(followUps.started).toHaveLength(0);
  });

  it('asks which account in a personal chat when the person is on several, and acts on the one named first', async () => {
    const turns = turnsIn(personal('tom'), as('tom'));
    expect(textOf(await turns.say('checkin'))).toMatch(/You are on 2 accounts: \*\*Globex Logistics\*\* \(globex\), \*\*Northwind Manufacturing\*\* \(northwind\)\. Which one\? Start with the account, e\.g\. \*\*globex: checkin\*\*/);
    const cards = await turns.say('northwind: checkin');
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0]!.card)).toContain('Map R&D tax credit eligibility across the three plants');
    expect(cardText(cards[0]!.card)).toContain('"verb":"checkin.submit"');
  });

  it('acts on the person’s only account in a personal chat', async () => {
    const replies = await turnsIn(personal('maya'), as('maya')).say('checkin');
    expect(cardText(replies[0]!.card)).toContain('Draft the Audit Committee briefing');
  });

  it('tells someone the firm does not know that it cannot act for them', async () => {
    const replies = await turnsIn(personal('stranger'), as('stranger')).say('agenda');
    expect(textOf(replies)).toMatch(/I don’t know you as one of the firm’s people yet/);
  });

  it('says when no standards review is open', async () => {
    await installAndLink();
    expect(textOf(await turnsIn(CHANNEL, as('peter')).say('review'))).toMatch(/No standards review is open for Northwind Manufacturing right now/);
  });
});
