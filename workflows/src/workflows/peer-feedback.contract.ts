import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { HOUR_MS, MAX_ID_CHARS } from './workflow-helpers';

/**
 * The messages a peer feedback round understands. Kept apart from the workflow body so that the API
 * can import the definitions without importing workflow code.
 */
export interface PeerFeedbackInput {
  tenantId: string;
  accountId: string;
  /** The FeedbackRequest record's id; the workflow id is derived from it. */
  requestId: string;
  requesterId: string;
  /** The requester is dropped from this list if present; duplicates are ignored. */
  peerIds: string[];
  /** The named event, e.g. "Northwind pitch to the Audit Committee". */
  event: string;
  /** ISO instant the event starts. */
  eventAt: string;
  answerWindowDays: number;
  reminderAfterHours: number;
}

export const FEEDBACK_LIMITS = {
  answerChars: 2000,
  /** Edits of one peer's answers; the last edit wins. Bounds the history (no continue-as-new needed). */
  editsPerPeer: 20,
  peers: 12,
  eventChars: 300,
  idChars: MAX_ID_CHARS,
  /** Feedback is asked this long after the event starts (the event has no stored duration). */
  eventDurationMs: HOUR_MS,
} as const;

export interface GiveFeedbackRequest {
  /** Dedupe id of this answer (or edit); a new edit carries a new id. */
  answerId: string;
  personId: string;
  mostEffective: string;
  doBetter: string;
}

/** What a peer learns back: their answer was recorded, and until when it can be edited. Never anyone's answers. */
export interface GiveFeedbackResult {
  requestId: string;
  peerId: string;
  recordedAt: string;
  editableUntil: string;
  /** True when this exact request had been applied already: nothing changed. */
  duplicate: boolean;
}

export type PeerFeedbackPhase =
  /** Peers are warned; the event has not ended yet. */
  | 'before_event'
  /** The two questions are out; answers are accepted until the deadline. */
  | 'asking'
  | 'closed';

/** The round as anyone may see it: who answered, never what they answered (that is for the requester only). */
export interface PeerFeedbackState {
  requestId: string;
  requesterId: string;
  event: string;
  eventAt: string;
  phase: PeerFeedbackPhase;
  peerIds: string[];
  /** Peers who were warned before the event (a warning that could only arrive after it starts is not sent). */
  warnedPeerIds: string[];
  answeredPeerIds: string[];
  outstandingPeerIds: string[];
  remindedPeerIds: string[];
  /** When the questions are asked: the event's end (start + 1 hour), or the request time if later. */
  asksAt: string;
  reminderAt?: string;
  deadline: string;
  closedAt?: string;
  deliveredAt?: string;
}

export const feedbackStateQuery = defineQuery<PeerFeedbackState>('feedbackState');
export const giveFeedbackUpdate = defineUpdate<GiveFeedbackResult, [GiveFeedbackRequest]>('giveFeedback');

export const peerFeedbackWorkflowId = (tenantId: string, requestId: string) => `peer-feedback/${tenantId}/${requestId}`;
