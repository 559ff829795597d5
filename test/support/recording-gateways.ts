import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardActions } from '../../bot/src/conversation/card-actions';
import { CardViews } from '../../bot/src/conversation/card-views';
import { TeamsConversationHandler } from '../../bot/src/conversation/teams-handler';
import { demoFirm } from '../../core/demo/demo-firm';
import type { Delegation } from '../../core/domain/delegation';
import { ValidationError } from '../../core/errors';
import { DelegationService } from '../../core/services/delegation-service';
import type { LeadershipProcessGateway } from '../../core/services/leadership-process-gateway';
import { LeadershipService } from '../../core/services/leadership-service';
import type { DelegationFollowUpGateway } from '../../core/services/process-gateway';
import type { AgendaStateView, FollowUpStateView } from '../../core/services/process-states';
import { TeamsConversations } from '../../core/services/teams-conversations';
import { seedRecords } from '../../core/store/seed';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/**
 * Workflow gateways that stand in for the Temporal processes in the bot's unit tests: they record every
 * update they are sent and answer with what the test scripts (a value, or a refusal), never with logic
 * of the workflows'. What a real workflow does with an update is tested against the Temporal server
 * (test/integration/bot-delegation.test.ts, test/integration/bot-teams.test.ts).
 */

type Updates = Pick<LeadershipProcessGateway, 'raiseAgendaItem' | 'answerImpact' | 'recordOutcome' | 'submitReview'>;
type UpdateName = keyof Updates;

export interface RecordedUpdate {
  method: UpdateName;
  workflowId: string;
  request: Record<string, unknown>;
}

export class RecordingProcesses implements LeadershipProcessGateway {
  readonly calls: RecordedUpdate[] = [];
  /** The agenda run `runningAgendaId` answers with, for every account. */
  running: string | undefined = 'process/agenda-run-1';
  /** What `agendaState` answers with. */
  agenda: AgendaStateView | undefined = { phase: 'collecting', meetingId: 'leadership-next', meetingAt: '2099-01-01T15:00:00Z', cutoffAt: '2099-01-01T00:00:00Z', items: [], agenda: [], participantIds: ['alejandro', 'stephanie', 'peter'] };
  /** What an update does once it is recorded, as the test scripts it; unscripted updates answer {} (a raise: the item, on the list). */
  readonly answers: { [M in UpdateName]?: Updates[M] } = {};

  /** Scripts a workflow's refusal of an update: the gateway surfaces it as a ValidationError with that message. */
  refuse(method: UpdateName, message: string): void {
    this.answers[method] = async () => {
      throw new ValidationError(message);
    };
  }

  async runningAgendaId() {
    return this.running;
  }
  async agendaState() {
    return this.agenda;
  }
  async raiseAgendaItem(workflowId: string, request: Parameters<Updates['raiseAgendaItem']>[1]) {
    this.calls.push({ method: 'raiseAgendaItem', workflowId, request });
    if (this.answers.raiseAgendaItem) return this.answers.raiseAgendaItem(workflowId, request);
    return { itemId: request.itemId, forNextMeeting: false, duplicate: false, message: `“${request.title}” is on the list for Northwind leadership team.` };
  }
  async answerImpact(workflowId: string, request: Parameters<Updates['answerImpact']>[1]) {
    this.calls.push({ method: 'answerImpact', workflowId, request });
    return this.answers.answerImpact ? this.answers.answerImpact(workflowId, request) : {};
  }
  async recordOutcome(workflowId: string, request: Parameters<Updates['recordOutcome']>[1]) {
    this.calls.push({ method: 'recordOutcome', workflowId, request });
    return this.answers.recordOutcome ? this.answers.recordOutcome(workflowId, request) : {};
  }
  async submitReview(workflowId: string, request: Parameters<Updates['submitReview']>[1]) {
    this.calls.push({ method: 'submitReview', workflowId, request });
    return this.answers.submitReview ? this.answers.submitReview(workflowId, request) : {};
  }
  async startPeerFeedback() {
    return { workflowId: 'feedback' };
  }
  async peerFeedbackState() {
    return undefined;
  }
  async giveFeedback() {
    return {};
  }
}

export class RecordingFollowUps implements DelegationFollowUpGateway {
  readonly started: Delegation[] = [];
  readonly checkIns: Record<string, unknown>[] = [];
  /** What `followUpState` answers with. */
  state: FollowUpStateView | undefined = { nextCheckInDue: '2099-01-08T00:00:00Z' };
  followUpIdFor(tenantId: string, delegationId: string) {
    return `delegation-follow-up/${tenantId}/${delegationId}`;
  }
  async startFollowUp(delegation: Delegation) {
    this.started.push(delegation);
    return { workflowId: this.followUpIdFor(delegation.tenantId, delegation.id) };
  }
  async followUpState() {
    return this.state;
  }
  async close() {
    return {};
  }
  async checkIn(_tenantId: string, _delegationId: string, request: Parameters<DelegationFollowUpGateway['checkIn']>[2]) {
    this.checkIns.push(request);
    return {};
  }
}

export interface RecordingBot {
  store: SqliteStore;
  conversations: TeamsConversations;
  processes: RecordingProcesses;
  followUps: RecordingFollowUps;
  handler: TeamsConversationHandler;
  /** Closes the store and removes its directory. */
  close(): Promise<void>;
}

/**
 * The demo firm in a fresh SQLite store, and the bot's conversation handler over it: the store, the
 * services and the cards are real; the workflows are the recording gateways above.
 */
export async function startRecordingBot(options: { log?: (line: string) => void } = {}): Promise<RecordingBot> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'bot-recording-'));
  const store = new SqliteStore(join(dir, 'store.db'));
  await seedRecords(store, demoFirm(new Date()));
  const conversations = new TeamsConversations(store);
  const processes = new RecordingProcesses();
  const followUps = new RecordingFollowUps();
  const leadership = new LeadershipService(store, processes);
  const delegations = new DelegationService(store, followUps);
  const views = new CardViews({ store, conversations, leadership: processes, followUps });
  const actions = new CardActions({ store, views, conversations, leadership, processes, delegations, log });
  const handler = new TeamsConversationHandler({ store, conversations, views, actions, leadership, delegations, log });
  return {
    store,
    conversations,
    processes,
    followUps,
    handler,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
