import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { IMPACT_QUESTION } from '../../core/domain/agenda-item';
import { createTeamsBot, type TeamsBot } from '../../bot/src/teams/teams-bot';
import { TemporalLeadershipProcesses } from '../../workflows/src/client/leadership-gateway';
import { TemporalDelegationFollowUps } from '../../workflows/src/client/delegation-follow-up-gateway';
import type { ScheduledRunInput } from '../../workflows/src/processes';
import { agendaStateQuery, answerImpactUpdate, meetingIdFor, raiseItemUpdate } from '../../workflows/src/workflows/facilitated-agenda.contract';
import { schemaErrors } from '../unit/cards/card-schema';
import { BotConnectorEmulator } from '../support/bot-connector-emulator';
import { asRecord, fortnightlyAgenda } from '../support/process-configs';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import { createWorkflowHarness, installQuietRuntime, MINUTE, sleepUntil, type WorkflowHarness } from '../support/workflow-harness';

/**
 * The facilitated agenda from the workflow to Teams: a run on the time-skipping test server whose
 * activities send through the real TeamsMessenger and the botbuilder delivery to the Bot Connector
 * emulator, so the compiled agenda is checked as the Adaptive Card the leadership channel receives.
 */
jest.setTimeout(300_000);

const CONFIG_ID = 'fortnightly-agenda';
const TEAM_ID = '19:northwind-team@thread.tacv2';
const CHANNEL_ID = '19:northwind-leaders@thread.tacv2';
const BOT = { id: '28:account-teams', name: 'Account Teams' };
const LEADERS = { alejandro: 'Alejandro Ruiz', stephanie: 'Stephanie Cho', peter: 'Peter Novak' } as const;

let env: TestWorkflowEnvironment;
let emulator: BotConnectorEmulator;
let harness: WorkflowHarness;
let teams: TeamsBot;
let members: { id: string; name: string; aadObjectId: string }[];

beforeAll(async () => {
  installQuietRuntime();
  env = await createTimeSkippingEnv();
  emulator = await BotConnectorEmulator.start({ latencyMs: 1, rateLimits: { mode: 'count' } });
  const now = new Date(await env.currentTimeMs());
  harness = await createWorkflowHarness(env, now);
  teams = createTeamsBot({
    store: harness.store,
    credentials: { appType: 'MultiTenant' },
    leadershipProcesses: new TemporalLeadershipProcesses(env.client, harness.taskQueue),
    followUps: new TemporalDelegationFollowUps(env.client, harness.taskQueue),
    log: () => undefined,
  });

  // The leadership channel, as installing the app and a leader's `channel.link` leave it.
  members = Object.entries(LEADERS).map(([id, name]) => ({ id: `29:${id}`, name, aadObjectId: randomUUID() }));
  emulator.setMembers(CHANNEL_ID, members);
  const people = await Promise.all(Object.keys(LEADERS).map(async (id) => (await harness.store.records.get('person', { tenantId: harness.tenantId, id }))!.record));
  await teams.conversations.syncMembers(
    harness.tenantId,
    members.map((member, index) => ({ ...member, email: people[index]!.email })),
  );
  const conversation = { id: CHANNEL_ID, conversationType: 'channel', isGroup: true, tenantId: harness.tenantId };
  await teams.conversations.seen({
    tenantId: harness.tenantId,
    conversationId: CHANNEL_ID,
    kind: 'channel',
    serviceUrl: emulator.url,
    reference: { bot: BOT, conversation, channelId: 'msteams', serviceUrl: emulator.url },
    title: 'Leadership',
    teamId: TEAM_ID,
  });
  await teams.conversations.link(harness.tenantId, CHANNEL_ID, 'northwind', 'alejandro');

  const config = fortnightlyAgenda({
    name: 'Northwind leadership meeting',
    cadence: { timeZone: 'America/Chicago', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2026-01-01' },
    participantIds: Object.keys(LEADERS),
    leadTimeDays: 3,
    answerWindowDays: 5,
    reminderAfterHours: 24,
    escalateAfterHours: 48,
  });
  await harness.store.records.create('processConfig', asRecord(config, { tenantId: harness.tenantId, id: CONFIG_ID, now }));
});
afterAll(async () => {
  await harness?.dispose();
  await emulator?.stop();
  await env?.teardown();
});

describe('a facilitated agenda in Teams', () => {
  it('posts the compiled agenda to the linked leadership channel as a valid card with the impact answers', async () => {
    const input: ScheduledRunInput = { tenantId: harness.tenantId, accountId: 'northwind', configId: CONFIG_ID };
    const workflowId = `process/${harness.tenantId}/${CONFIG_ID}-teams-run`;
    const title = 'Offer Northwind a cyber-risk workshop for the Board';

    await harness.run(
      async () => {
        const handle = await env.client.workflow.start('facilitatedAgenda', { taskQueue: harness.taskQueue, workflowId, args: [input] });
        await env.sleep(MINUTE);
        await handle.executeUpdate(raiseItemUpdate, { args: [{ itemId: 'item-workshop', personId: 'alejandro', kind: 'initiative', title, detail: '' }] });
        await env.sleep(MINUTE); // the impact questions go out
        await handle.executeUpdate(answerImpactUpdate, { args: [{ answerId: 'answer-stephanie', itemId: 'item-workshop', personId: 'stephanie', answer: 'Tax gets a Board slot; two days of prep for me.' }] });
        const { cutoffAt } = await handle.query(agendaStateQuery);
        await sleepUntil(env, cutoffAt!, MINUTE);
        expect((await handle.query(agendaStateQuery)).phase).toBe('compiled');
      },
      { messenger: teams.messenger },
    );

    const agendaCards = emulator.cardsIn(CHANNEL_ID).filter((card) => JSON.stringify(card).includes('Agenda · '));
    expect(agendaCards).toHaveLength(1);
    const [agenda] = agendaCards;
    expect(schemaErrors(agenda)).toEqual([]);
    const shown = JSON.stringify(agenda);
    expect(shown).toContain('Agenda · Northwind leadership meeting');
    expect(shown).toContain(title);
    expect(shown).toContain(IMPACT_QUESTION.replace(/"/g, '\\"'));
    expect(shown).toContain('**Stephanie Cho**: Tax gets a Board slot; two days of prep for me.');
    expect(shown).toContain('Not answered: Peter Novak');

    // The post is on record as delivered, with the Teams activity id.
    const posted = (await harness.messages()).filter((message) => message.purpose === 'agenda_compiled');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.payload).toMatchObject({ meetingId: meetingIdFor(workflowId) });
    expect(posted[0]!.status).toBe('delivered');
    // Each leader's collection card reached the personal chat the bot opened with them.
    for (const { aadObjectId } of members) {
      expect(emulator.conversations.some((created) => created.members.some((member) => member.aadObjectId === aadObjectId))).toBe(true);
      expect(emulator.cardsIn(`a:personal-${aadObjectId}`).some((card) => JSON.stringify(card).includes('"verb":"agenda.raise"'))).toBe(true);
    }
    expect(emulator.violations).toEqual([]);
  });
});
