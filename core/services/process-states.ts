import type { AgendaItemKind } from '../domain/agenda-item';
import type { AgendaSlot } from '../domain/meeting';

/**
 * The live state of the running processes as the API and the bot read it, without knowing they are
 * Temporal workflows. Each workflow's own query and update results (workflows/src/workflows/*.contract.ts)
 * have these fields and more: the Temporal gateways return those types where the ports name these, so a
 * contract that stops satisfying a shape here fails to compile. Only what is read outside the workflow
 * is named here.
 */

/** The phases of a facilitated-agenda run (the contract's AgendaPhase). */
export type AgendaPhaseView = 'opening' | 'collecting' | 'compiling' | 'compiled' | 'awaiting_outcomes' | 'closed' | 'skipped';

/** An item raised on the agenda being collected. */
export interface AgendaItemStateView {
  itemId: string;
  title: string;
  kind: AgendaItemKind;
  raiserId: string;
  /** `deferred` items did not fit in the meeting and roll over to the next one. */
  status: 'raised' | 'scheduled' | 'deferred' | 'discussed';
  /** For initiatives: which co-leaders have (not) answered the impact question. */
  impact?: { answeredLeaderIds: string[]; notAnsweredLeaderIds: string[] };
}

/** A facilitated-agenda run: its phase, the meeting it is for, its deadlines, items and compiled agenda. */
export interface AgendaStateView {
  phase: AgendaPhaseView;
  meetingId?: string;
  participantIds: string[];
  meetingAt?: string;
  cutoffAt?: string;
  outcomesDueAt?: string;
  items: AgendaItemStateView[];
  agenda: AgendaSlot[];
}

/** The running agenda of an account: its workflow and its state. */
export interface RunningAgenda {
  workflowId: string;
  state: AgendaStateView;
}

/** What raising an item on a running agenda answers. */
export interface RaisedAgendaItem {
  itemId: string;
  /** The meeting the item is on; absent when it was raised after the cut-off and waits for the next meeting. */
  meetingId?: string;
  forNextMeeting: boolean;
  /** True when this exact request had been applied already: nothing changed. */
  duplicate: boolean;
  message: string;
}

/** A delegation's follow-up: when the next check-in is due. */
export interface FollowUpStateView {
  nextCheckInDue: string;
}
