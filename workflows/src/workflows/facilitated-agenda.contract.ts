import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AgendaItemKind } from '../../../core/domain/agenda-item';
import type { AgendaSlot } from '../../../core/domain/meeting';
import type { ScheduledRunInput } from '../processes';
import { idHash, MAX_ID_CHARS } from './workflow-helpers';

/**
 * The messages a facilitated-issue agenda run understands. One run is one leadership meeting: a
 * Schedule starts it when collection opens, and it ends when the meeting's outcomes are stored.
 * Kept apart from the workflow body so that the API can import the definitions without workflow code.
 */
export type FacilitatedAgendaInput = ScheduledRunInput;

export const AGENDA_ITEM_KINDS: readonly AgendaItemKind[] = ['initiative', 'tension', 'decision', 'update'];

/** Bounds that keep one run's history small (see the workflow: no continue-as-new is needed). */
export const AGENDA_LIMITS = {
  /** Items accepted by one run, late ones (for the next meeting) included. */
  raisesPerRun: 50,
  /** Edits of one impact answer, or of one item's outcome; the last edit wins. */
  editsPerAnswer: 20,
  titleChars: 300,
  detailChars: 4000,
  answerChars: 2000,
  decisionChars: 2000,
  actionChars: 500,
  actions: 20,
  idChars: MAX_ID_CHARS,
} as const;

export interface RaiseItemRequest {
  /** The item's id, chosen by the caller (card action id, API idempotency key): also the dedupe id. */
  itemId: string;
  personId: string;
  kind: AgendaItemKind;
  title: string;
  detail?: string;
}

export interface RaiseItemResult {
  itemId: string;
  /** The meeting the item is on; absent when it was raised after the cut-off and waits for the next meeting. */
  meetingId?: string;
  forNextMeeting: boolean;
  /** True when this exact request had been applied already: nothing changed. */
  duplicate: boolean;
  message: string;
}

export interface AnswerImpactRequest {
  /** Dedupe id of this answer (or edit); a new edit carries a new id. */
  answerId: string;
  itemId: string;
  personId: string;
  answer: string;
}

export interface RecordOutcomeRequest {
  /** Dedupe id of this outcome (or edit); a new edit carries a new id. */
  outcomeId: string;
  itemId: string;
  personId: string;
  decision?: string;
  actions?: string[];
  ownerId?: string;
}

export type AgendaPhase =
  /** Loading the config and creating the meeting. */
  | 'opening'
  /** Leaders raise items and answer the impact question until the cut-off. */
  | 'collecting'
  /** Past the cut-off: the agenda is being compiled; new items go to the next meeting. */
  | 'compiling'
  /** The agenda is posted; the meeting has not ended yet. */
  | 'compiled'
  /** The meeting is over; raisers are asked for outcomes. */
  | 'awaiting_outcomes'
  | 'closed'
  /** The config is paused, removed, or not an agenda config: nothing was done. */
  | 'skipped';

export interface ImpactTracking {
  /** Every co-leader other than the raiser. */
  askLeaderIds: string[];
  answeredLeaderIds: string[];
  notAnsweredLeaderIds: string[];
  /** Co-leaders who were reminded. */
  remindedLeaderIds: string[];
}

export interface AgendaItemState {
  itemId: string;
  title: string;
  kind: AgendaItemKind;
  raiserId: string;
  raisedAt: string;
  /** Raised before this run (late for an earlier meeting, or deferred by it) and attached to this meeting. */
  carriedOver: boolean;
  /** `deferred` items did not fit in the meeting and roll over to the next one. */
  status: 'raised' | 'scheduled' | 'deferred' | 'discussed';
  /** For initiatives: who has (not) answered the impact question. */
  impact?: ImpactTracking;
  outcomeRecorded: boolean;
}

export interface FacilitatedAgendaState {
  configId: string;
  phase: AgendaPhase;
  skippedReason?: string;
  meetingId?: string;
  participantIds: string[];
  opensAt?: string;
  /** Impact answers and on-time items are accepted until then; see the workflow for how it is derived. */
  cutoffAt?: string;
  meetingAt?: string;
  meetingEndsAt?: string;
  /** The run closes then even if outcomes are missing. */
  outcomesDueAt?: string;
  /** The next impact reminder, while collecting. */
  nextReminderAt?: string;
  items: AgendaItemState[];
  /** Raised after the cut-off: stored without a meeting, picked up by the next run. */
  lateItemIds: string[];
  agenda: AgendaSlot[];
  outstandingOutcomeItemIds: string[];
}

export const agendaStateQuery = defineQuery<FacilitatedAgendaState>('agendaState');
export const raiseItemUpdate = defineUpdate<RaiseItemResult, [RaiseItemRequest]>('raiseItem');
export const answerImpactUpdate = defineUpdate<FacilitatedAgendaState, [AnswerImpactRequest]>('answerImpact');
export const recordOutcomeUpdate = defineUpdate<FacilitatedAgendaState, [RecordOutcomeRequest]>('recordOutcome');

/**
 * The Meeting record's id for an agenda run, derived from the workflow id (a Schedule appends the fire
 * time to its own id, so every run has its own): readable, store-safe, and the same on every retry.
 */
export function meetingIdFor(workflowId: string): string {
  const readable = workflowId.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 100);
  return `meeting-${readable}-${idHash(workflowId)}`;
}
