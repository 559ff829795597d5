import { randomUUID } from 'node:crypto';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { OutboundMessage } from '../../core/domain/outbound-message';
import { deliveryOf } from '../../core/services/teams-messenger';
import { BotConnectorEmulator, cardsOf, type EmulatedMember } from '../support/bot-connector-emulator';
import { DEMO_PEOPLE, startTestSystem, type TestSystem } from '../support/system-for-tests';
import { eventually } from '../support/eventually';
import { createConfig, fortnightlyAgenda, quarterlyReview, runConfig } from '../support/process-configs';

/**
 * The Teams bot end to end: the real `/api/messages` endpoint of the whole system (SQLite store, a real
 * Temporal dev server, the worker), with every activity carrying the Bot Connector emulator's URL as its
 * serviceUrl — so replies, proactive cards and personal chats the bot opens all land at the emulator,
 * which enforces Teams' rate limits and counts any violation.
 */
jest.setTimeout(180_000);

const BOT = { id: '28:account-teams', name: 'Account Teams' };
const TEAM_ID = '19:northwind-team@thread.tacv2';
const CHANNEL_ID = '19:northwind-leaders@thread.tacv2';
type Name = 'alejandro' | 'stephanie' | 'peter' | 'maya' | 'tom';
const AAD: Record<Name, string> = { alejandro: randomUUID(), stephanie: randomUUID(), peter: randomUUID(), maya: randomUUID(), tom: randomUUID() };
const NAMES: Record<Name, string> = { alejandro: 'Alejandro Ruiz', stephanie: 'Stephanie Cho', peter: 'Peter Novak', maya: 'Maya Patel', tom: 'Tom Becker' };
const ROSTER: EmulatedMember[] = (Object.keys(AAD) as Name[]).map((name) => ({ id: `29:${name}`, name: NAMES[name], aadObjectId: AAD[name], email: DEMO_PEOPLE[name], userPrincipalName: DEMO_PEOPLE[name] }));
const personalChat = (name: Name) => `a:personal-${AAD[name]}`;

let test: TestSystem;
let emulator: BotConnectorEmulator;

beforeAll(async () => {
  emulator = await BotConnectorEmulator.start({ latencyMs: 2, rateLimits: { mode: 'count' } });
  emulator.setMembers(TEAM_ID, ROSTER);
  emulator.setMembers(CHANNEL_ID, ROSTER);
  test = await startTestSystem();
});

// Checked after every test, so a filtered or reordered run still notices a broken rate limit.
afterEach(() => {
  expect(emulator?.violations ?? []).toEqual([]);
});

afterAll(async () => {
  await test?.stop();
  await emulator?.stop();
});

// ---- activities as Teams sends them ---------------------------------------------------------------

const from = (name: Name) => ({ id: `29:${name}`, name: NAMES[name], aadObjectId: AAD[name] });

/** An activity from `name` in the leadership channel, or in their personal chat with the bot. */
function activityIn(where: 'channel' | 'personal', name: Name, extra: Record<string, unknown> = {}) {
  const place =
    where === 'channel'
      ? {
          conversation: { id: CHANNEL_ID, conversationType: 'channel', isGroup: true, tenantId: DEMO_TENANT_ID },
          channelData: { tenant: { id: DEMO_TENANT_ID }, team: { id: TEAM_ID, name: 'Northwind' }, channel: { id: CHANNEL_ID, name: 'Leadership' } },
        }
      : {
          conversation: { id: personalChat(name), conversationType: 'personal', tenantId: DEMO_TENANT_ID },
          channelData: { tenant: { id: DEMO_TENANT_ID } },
        };
  return { id: randomUUID(), channelId: 'msteams', serviceUrl: emulator.url, from: from(name), recipient: BOT, ...place, ...extra };
}

async function post(activity: Record<string, unknown>) {
  const response = await test.call('/api/messages', { method: 'POST', body: activity });
  expect(response.status).toBe(200);
  return response.body;
}

/** An Action.Execute invoke; Teams reads the invoke response's statusCode from the HTTP status too. */
async function invoke(activity: Record<string, unknown>, verb: string, data: Record<string, unknown>): Promise<{ statusCode: number; type: string; value: Record<string, unknown> }> {
  const response = await test.call('/api/messages', { method: 'POST', body: { ...activity, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } } });
  expect(response.status).toBe(response.body.statusCode);
  return response.body;
}

const say = (name: Name, text: string) =>
  post(activityIn('channel', name, { type: 'message', text: `<at>${BOT.name}</at> ${text}`, entities: [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }] }));

/** The Action.Execute of a card with this verb (its data is what Teams sends back, plus the inputs). */
function actionOf(card: Record<string, unknown>, verb: string): Record<string, unknown> {
  const found = JSON.stringify(card).match(new RegExp(`"type":"Action\\.Execute"[^{}]*"verb":"${verb.replace('.', '\\.')}","data":(\\{[^{}]*\\})`));
  if (!found) throw new Error(`no ${verb} action on the card: ${JSON.stringify(card).slice(0, 400)}`);
  return JSON.parse(found[1]!) as Record<string, unknown>;
}

const cardsWithVerb = (conversationId: string, verb: string) => emulator.cardsIn(conversationId).filter((card) => JSON.stringify(card).includes(`"verb":"${verb}"`));

async function messages(): Promise<OutboundMessage[]> {
  return (await test.system.store.records.list('outboundMessage', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).map((found) => found.record);
}


// ---- the story ------------------------------------------------------------------------------------

describe('the leadership channel in Teams', () => {
  it('is installed, synced with the firm’s people and linked to Northwind by one of its leaders', async () => {
    await post(activityIn('channel', 'alejandro', { type: 'conversationUpdate', membersAdded: [BOT] }));
    const welcome = emulator.activitiesIn(CHANNEL_ID).flatMap((received) => cardsOf(received.activity));
    expect(JSON.stringify(welcome)).toContain('Welcome to Account Teams');
    const link = actionOf(welcome[0]!, 'channel.link');

    // Everyone in the team is now known to the bot by their Entra object id.
    for (const name of Object.keys(AAD) as Name[]) {
      expect((await test.system.store.records.get('person', { tenantId: DEMO_TENANT_ID, id: name }))!.record.aadObjectId).toBe(AAD[name]);
    }

    const refused = await invoke(activityIn('channel', 'maya'), 'channel.link', { ...link, accountId: 'northwind' });
    expect(refused).toMatchObject({ statusCode: 403 });
    const linked = await invoke(activityIn('channel', 'alejandro'), 'channel.link', { ...link, accountId: 'northwind' });
    expect(linked).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(linked.value)).toContain('linked to **Northwind Manufacturing**');
  });

  it('runs a standards review: cards reach each leader’s personal chat through a 429 and a 503, only the addressee may answer, and the summary is posted to the channel', async () => {
    // Teams throttles Alejandro's chat once and is briefly unavailable for Stephanie's.
    const reviewCardTo = (name: Name) => (request: { method: string; conversationId?: string; activity: Record<string, unknown> }) =>
      request.method === 'POST' && request.conversationId === personalChat(name) && JSON.stringify(request.activity).includes('"verb":"review.submit"');
    emulator.inject({ status: 429, retryAfterSeconds: 1, match: reviewCardTo('alejandro') });
    emulator.inject({ status: 503, match: reviewCardTo('stephanie') });
    const reviewId = await createConfig(test, DEMO_PEOPLE.grace, quarterlyReview({ name: `Quarterly standards review ${randomUUID().slice(0, 8)}`, participantIds: ['alejandro', 'stephanie', 'peter'] }));
    await runConfig(test, DEMO_PEOPLE.grace, reviewId);

    const leaders: Name[] = ['alejandro', 'stephanie', 'peter'];
    for (const leader of leaders) await emulator.waitFor(() => cardsWithVerb(personalChat(leader), 'review.submit').length > 0, 60_000, `${leader}'s review card`);
    // The bot opened each personal chat itself, from the Entra object id the member sync recorded.
    expect(emulator.conversations.map((created) => created.members[0]!.aadObjectId)).toEqual(expect.arrayContaining(leaders.map((leader) => AAD[leader])));
    // The 429 and the 503 happened, and were recovered from without posting anything twice.
    const statuses = emulator.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    expect(statuses.filter((status) => status === 503)).toHaveLength(1);
    // Retry-After was honoured: Alejandro's card was sent again only after the second it asked for.
    const toAlejandro = emulator.requests.filter((request) => request.method === 'POST' && decodeURIComponent(request.path).includes(personalChat('alejandro')));
    expect(toAlejandro.map((request) => request.status)).toEqual([429, 201]);
    expect(toAlejandro[1]!.at - toAlejandro[0]!.at).toBeGreaterThanOrEqual(1000);
    for (const leader of leaders) expect(cardsWithVerb(personalChat(leader), 'review.submit')).toHaveLength(1);
    const requests = await eventually(async () => {
      const recorded = (await messages()).filter((message) => message.purpose === 'review_request');
      return recorded.length === 3 && recorded.every((message) => message.status === 'delivered') ? recorded : undefined;
    }, 'the review requests to be marked delivered');
    for (const request of requests) expect(deliveryOf(request).conversationId).toBe(personalChat((request.recipient as { personId: Name }).personId));

    const card = (name: Name) => cardsWithVerb(personalChat(name), 'review.submit')[0]!;
    const answer = { 'rating.tensions-on-agenda': '4', 'rating.bad-news-early': '3', 'rating.answer-fast': '5', roleClarity: '4' };

    // Stephanie presses Alejandro's card (forwarded to her): a polite refusal, nothing recorded.
    const refusal = await invoke(activityIn('personal', 'stephanie'), 'review.submit', { ...actionOf(card('alejandro'), 'review.submit'), ...answer });
    expect(refusal.statusCode).toBe(200);
    expect(JSON.stringify(refusal.value)).toContain('addressed to Alejandro Ruiz; only they can answer it');
    const review = async () => (await test.system.store.records.list('standardsReview', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' }))[0]!.record;
    expect((await review()).answers).toHaveLength(0);

    for (const leader of leaders) {
      const response = await invoke(activityIn('personal', leader), 'review.submit', { ...actionOf(card(leader), 'review.submit'), ...answer, comment: `${leader} thinks we improved.` });
      expect(response).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(JSON.stringify(response.value)).toContain('You have answered this standards review.');
    }

    const summary = await emulator.waitFor(() => emulator.cardsIn(CHANNEL_ID).find((posted) => JSON.stringify(posted).includes('Standards review results')), 60_000, 'the review summary in the channel');
    expect(JSON.stringify(summary)).toContain('3 of 3 leaders answered.');
    expect(JSON.stringify(summary)).toContain('Bad news travels fast');

    // The review is closed now: Alejandro's card turns read-only when he presses it again.
    const late = await invoke(activityIn('personal', 'alejandro'), 'review.submit', { ...actionOf(card('alejandro'), 'review.submit'), ...answer });
    expect(late.statusCode).toBe(200);
    expect(JSON.stringify(late.value)).toContain('closed');
    expect(JSON.stringify(late.value)).not.toContain('"verb":"review.submit"');
  });

  it('runs an agenda cycle: an item raised by command in the channel, the impact question answered from its card', async () => {
    const agendaId = await createConfig(test, DEMO_PEOPLE.grace, fortnightlyAgenda({ name: `Leadership agenda ${randomUUID().slice(0, 8)}`, participantIds: ['alejandro', 'stephanie', 'peter'] }));
    await runConfig(test, DEMO_PEOPLE.grace, agendaId);
    for (const leader of ['alejandro', 'stephanie', 'peter'] as Name[]) await emulator.waitFor(() => cardsWithVerb(personalChat(leader), 'agenda.raise').length > 0, 60_000, `${leader}'s collection card`);
    // The run is listed (visibility) before anyone raises against it.
    await eventually(async () => ((await test.call('/api/accounts/northwind/agenda', { as: DEMO_PEOPLE.alejandro })).body.running?.phase === 'collecting' ? true : undefined), 'the agenda run to be listed');

    const before = emulator.activitiesIn(CHANNEL_ID).length;
    await say('alejandro', 'raise initiative: Offer Northwind a cyber-risk workshop for the Board');
    const reply = emulator.activitiesIn(CHANNEL_ID).slice(before).map((received) => String(received.activity.text ?? '')).join('\n');
    expect(reply).toMatch(/“Offer Northwind a cyber-risk workshop for the Board” is on the list/);

    const question = await emulator.waitFor(() => cardsWithVerb(personalChat('stephanie'), 'agenda.impact').find((posted) => JSON.stringify(posted).includes('cyber-risk workshop')), 60_000, 'Stephanie’s impact question');
    await emulator.waitFor(() => cardsWithVerb(personalChat('peter'), 'agenda.impact').length > 0, 60_000, 'Peter’s impact question');
    expect(cardsWithVerb(personalChat('alejandro'), 'agenda.impact')).toHaveLength(0); // the raiser is not asked

    // Peter presses Stephanie's question: refused. Stephanie answers it.
    const refused = await invoke(activityIn('personal', 'peter'), 'agenda.impact', { ...actionOf(question, 'agenda.impact'), answer: 'Not mine to answer.' });
    expect(JSON.stringify(refused.value)).toContain('addressed to Stephanie Cho');
    const answered = await invoke(activityIn('personal', 'stephanie'), 'agenda.impact', { ...actionOf(question, 'agenda.impact'), answer: 'Tax gets a Board slot; two days of prep for me.' });
    expect(answered.statusCode).toBe(200);
    expect(JSON.stringify(answered.value)).toContain('Tax gets a Board slot');

    const agenda = await test.call('/api/accounts/northwind/agenda', { as: DEMO_PEOPLE.alejandro });
    const item = agenda.body.running.items.find((candidate: { title: string }) => candidate.title === 'Offer Northwind a cyber-risk workshop for the Board');
    expect(item.impact.answeredLeaderIds).toEqual(['stephanie']);
    expect(item.impact.notAnsweredLeaderIds).toEqual(['peter']);

    // `agenda` in the channel shows the item and who still owes an answer.
    const shown = emulator.activitiesIn(CHANNEL_ID).length;
    await say('stephanie', 'agenda');
    const listed = emulator.activitiesIn(CHANNEL_ID).slice(shown).map((received) => String(received.activity.text ?? '')).join('\n');
    expect(listed).toMatch(/Offer Northwind a cyber-risk workshop for the Board \(initiative, raised by Alejandro Ruiz\) — impact answers outstanding: Peter Novak/);
  });

  it('answers a malformed command in the channel with what was wrong and an example', async () => {
    const before = emulator.activitiesIn(CHANNEL_ID).length;
    await say('stephanie', 'delegate Tom the memo by friday');
    const reply = emulator.activitiesIn(CHANNEL_ID).slice(before).map((received) => String(received.activity.text ?? '')).join('\n');
    expect(reply).toMatch(/start with the person you delegate to, as an @mention[\s\S]*For example: \*\*delegate @/);
  });

  it('paces its replies when several people talk to it in the channel at once', async () => {
    const before = emulator.activitiesIn(CHANNEL_ID).length;
    const speakers: Name[] = ['alejandro', 'stephanie', 'peter', 'maya', 'tom', 'alejandro', 'stephanie', 'peter', 'maya', 'tom'];
    // Ten turns at once, a reply each: over Teams' seven a second for one conversation unless paced.
    await Promise.all(speakers.map((name) => say(name, 'help')));
    const replies = emulator.activitiesIn(CHANNEL_ID).slice(before);
    expect(replies).toHaveLength(speakers.length);
    expect(replies[replies.length - 1]!.at - replies[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(emulator.violations).toEqual([]);
  });

  it('stayed within Teams’ rate limits throughout', () => {
    expect(emulator.violations).toEqual([]);
  });
});
