import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestTurns } from '../../bot/src/adapter/test-turns';
import { CardActions } from '../../bot/src/conversation/card-actions';
import { TeamsConversationHandler } from '../../bot/src/conversation/teams-handler';
import { createTeamsBot, type TeamsBot } from '../../bot/src/teams/teams-bot';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { DelegationService } from '../../core/services/delegation-service';
import { LeadershipService } from '../../core/services/leadership-service';
import { deliveryOf } from '../../core/services/teams-messenger';
import type { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { TemporalDelegationFollowUps } from '../../workflows/src/client/delegation-follow-up-gateway';
import { TemporalLeadershipProcesses } from '../../workflows/src/client/leadership-gateway';
import { followUpStateQuery, type DelegationFollowUpInput } from '../../workflows/src/workflows/delegation-follow-up.contract';
import { BotConnectorEmulator } from '../support/bot-connector-emulator';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import { createWorkflowHarness, DAY, installQuietRuntime, type WorkflowHarness } from '../support/workflow-harness';

/**
 * A delegation whose check-in is missed, on the time-skipping test server, with the real activities and
 * the TeamsMessenger delivering to the Bot Connector emulator: the delegate is prompted and reminded in
 * their personal chat, the delegator gets the escalation in a personal chat the bot opens for her (the
 * send recovering from a 503 through the local activity's retry), and the late check-in pressed on the
 * prompt card reaches the workflow and sends her the digest.
 */
jest.setTimeout(300_000);

const TOM_AAD = randomUUID();
const STEPHANIE_AAD = randomUUID();

let env: TestWorkflowEnvironment;
let emulator: BotConnectorEmulator;
let harness: WorkflowHarness;
let store: SqliteStore;
let taskQueue: string;
let teams: TeamsBot;

beforeAll(async () => {
  installQuietRuntime();
  env = await createTimeSkippingEnv();
  emulator = await BotConnectorEmulator.start({ latencyMs: 1, rateLimits: { mode: 'count' } });
  harness = await createWorkflowHarness(env, new Date(await env.currentTimeMs()));
  store = harness.store;
  taskQueue = harness.taskQueue;
  for (const [id, aadObjectId] of [['tom', TOM_AAD], ['stephanie', STEPHANIE_AAD]] as const) {
    const person = (await store.records.get('person', { tenantId: DEMO_TENANT_ID, id }))!;
    await store.records.replace('person', { ...person.record, aadObjectId }, person.etag);
  }
  teams = createTeamsBot({
    store,
    credentials: { appType: 'MultiTenant' },
    leadershipProcesses: new TemporalLeadershipProcesses(env.client, taskQueue),
    followUps: new TemporalDelegationFollowUps(env.client, taskQueue),
    log: () => undefined,
  });
  // Tom installed the app personally; Stephanie has not (the bot opens her chat when it needs it).
  const reference = (conversationId: string, userId: string) => ({ channelId: 'msteams', serviceUrl: emulator.url, bot: { id: '28:account-teams', name: 'Account Teams' }, user: { id: userId }, conversation: { id: conversationId, conversationType: 'personal', tenantId: DEMO_TENANT_ID } });
  await teams.conversations.seen({ tenantId: DEMO_TENANT_ID, conversationId: 'a:tom', kind: 'personal', personId: 'tom', serviceUrl: emulator.url, reference: reference('a:tom', '29:tom') });
});

afterAll(async () => {
  await harness?.dispose();
  await emulator?.stop();
  await env?.teardown();
});

const cardsWith = (conversationId: string, text: string) => emulator.cardsIn(conversationId).filter((card) => JSON.stringify(card).includes(text));

describe('a delegation follow-up delivered to Teams', () => {
  it('prompts and reminds the delegate, escalates a missed check-in to the delegator, and takes the late check-in from the card', async () => {
    const startedAt = new Date(await env.currentTimeMs()).toISOString();
    await store.records.create('delegation', { tenantId: DEMO_TENANT_ID, accountId: 'northwind', id: 'memo', delegatorId: 'stephanie', delegateId: 'tom', objective: 'Draft the transfer-pricing memo', dueDate: '2099-12-31', checkInEveryDays: 7, createdAt: startedAt, updatedAt: startedAt });
    const input: DelegationFollowUpInput = { tenantId: DEMO_TENANT_ID, accountId: 'northwind', delegationId: 'memo', delegateId: 'tom', delegatorId: 'stephanie', checkInEveryDays: 7, startedAt };
    const stephaniesChat = `a:personal-${STEPHANIE_AAD}`;
    // Teams is briefly unavailable when the escalation goes out.
    emulator.inject({ status: 503, match: (request) => request.method === 'POST' && request.conversationId === stephaniesChat });

    // The real activities, sending through the TeamsMessenger to the emulator.
    await harness.run(async () => {
      const handle = await env.client.workflow.start('delegationFollowUp', { taskQueue, workflowId: `delegation-follow-up/${DEMO_TENANT_ID}/memo`, args: [input] });
      await env.sleep(11 * DAY); // due on day 7: prompted, reminded a day later, escalated three days after it fell due
      expect(await handle.query(followUpStateQuery)).toMatchObject({ phase: 'waiting_for_check_in', missedCheckIns: 1, escalations: 1 });

      expect(cardsWith('a:tom', '"verb":"checkin.submit"')).toHaveLength(2); // the prompt and the reminder
      expect(cardsWith('a:tom', 'Check-in overdue')).toHaveLength(1);
      const escalation = await emulator.waitFor(() => cardsWith(stephaniesChat, 'Missed check-in')[0] ?? cardsWith(stephaniesChat, 'has not checked in')[0], 30_000, 'the escalation in Stephanie’s chat');
      expect(JSON.stringify(escalation)).toContain('Draft the transfer-pricing memo');
      expect(emulator.requests.filter((request) => request.status === 503)).toHaveLength(1);
      expect(emulator.activitiesIn(stephaniesChat)).toHaveLength(1); // retried after the 503, posted once

      // Tom answers on the prompt card, late.
      const prompt = cardsWith('a:tom', '"verb":"checkin.submit"')[0]!;
      const data = JSON.parse(JSON.stringify(prompt).match(/"verb":"checkin\.submit","data":(\{[^{}]*\})/)![1]!) as Record<string, unknown>;
      const leadership = new LeadershipService(store, new TemporalLeadershipProcesses(env.client, taskQueue));
      const delegations = new DelegationService(store, new TemporalDelegationFollowUps(env.client, taskQueue));
      const actions = new CardActions({ store, views: teams.views, conversations: teams.conversations, leadership, processes: new TemporalLeadershipProcesses(env.client, taskQueue), delegations, log: () => undefined });
      const handler = new TeamsConversationHandler({ store, conversations: teams.conversations, views: teams.views, actions, leadership, delegations, log: () => undefined });
      const tom = createTestTurns(handler, { from: { id: '29:tom', aadObjectId: TOM_AAD, name: 'Tom Becker' }, conversation: { id: 'a:tom', type: 'personal', tenantId: DEMO_TENANT_ID }, serviceUrl: emulator.url });
      const answered = await tom.invoke('checkin.submit', { ...data, status: 'at_risk', clientUpdates: 'The CFO wants the memo to cover the EU plants too.', questions: 'Can we push the due date?' });
      expect(answered.body.statusCode).toBe(200);
      expect(JSON.stringify(answered.body.value)).toContain('Your check-in is sent to');
      expect(await handle.query(followUpStateQuery)).toMatchObject({ checkInsReceived: 1, status: 'at_risk' });

      const digest = await emulator.waitFor(() => cardsWith(stephaniesChat, 'The CFO wants the memo to cover the EU plants too.')[0], 30_000, 'the digest in Stephanie’s chat');
      expect(JSON.stringify(digest)).toContain('Can we push the due date?');
    }, { messenger: teams.messenger });

    const sent = (await store.records.list('outboundMessage', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).map((found) => found.record).filter((message) => message.payload.delegationId === 'memo');
    expect(sent.map((message) => message.purpose).sort()).toEqual(['check_in_digest', 'check_in_escalation', 'check_in_prompt', 'check_in_reminder']);
    expect(sent.every((message) => message.status === 'delivered')).toBe(true);
    expect(sent.find((message) => message.purpose === 'check_in_escalation')!.payload.delivery).toMatchObject({ conversationId: stephaniesChat });
    expect(deliveryOf(sent.find((message) => message.purpose === 'check_in_prompt')!).conversationId).toBe('a:tom');
    expect(emulator.violations).toEqual([]);
  });
});
