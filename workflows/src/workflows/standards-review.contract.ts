import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReviewSnapshot } from '../../../core/rules/review-scoring';

export interface ReviewOpened {
  /** False when the run should not happen (config removed meanwhile); the workflow then ends at once. */
  run: boolean;
  reason?: string;
  reviewId: string;
  cycle: string;
  leaderIds: string[];
  snapshot: ReviewSnapshot;
  deadline: string;
  reminderAt: string;
  /** Answers already stored, e.g. when a crashed worker's run is retried from history. */
  answeredLeaderIds: string[];
}

export interface ReviewSubmission {
  /** Dedupe id from the card action or API call: the same id twice is one answer. */
  answerId: string;
  leaderId: string;
  /** standard id → 1..5; every standard of the cycle must be rated */
  ratings: Record<string, number>;
  /** "Do you know who is accountable for what?" 1..5 */
  roleClarity: number;
  /** goal id → 1..5, optional per goal */
  goalConfidence?: Record<string, number>;
  comment?: string;
}

export interface StandardsReviewState {
  phase: 'opening' | 'collecting' | 'closed' | 'skipped';
  reviewId?: string;
  cycle?: string;
  leaderIds: string[];
  answered: string[];
  outstanding: string[];
  deadline?: string;
  reminderAt?: string;
  remindersSent: boolean;
}

export const reviewStateQuery = defineQuery<StandardsReviewState>('reviewState');
export const submitReviewUpdate = defineUpdate<StandardsReviewState, [ReviewSubmission]>('submitReview');
