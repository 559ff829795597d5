import { ApplicationFailure } from '@temporalio/common';
import { FEEDBACK_QUESTIONS, type FeedbackAnswer, type FeedbackRequest } from '../../../core/domain/feedback-request';
import { AlreadyExistsError, ConcurrencyError, NotFoundError, ValidationError } from '../../../core/errors';
import type { Messenger } from '../../../core/services/messenger';
import type { Store } from '../../../core/store/ports';

export interface FeedbackActivityDeps {
  store: Store;
  messenger: Messenger;
}

const MAX_CONFLICT_RETRIES = 5;

export interface StoreFeedbackRequestInput {
  tenantId: string;
  accountId: string;
  requestId: string;
  requesterId: string;
  peerIds: string[];
  event: string;
  eventAt: string;
}

export interface StoredFeedbackRequest {
  /** FEEDBACK_QUESTIONS, handed to the workflow so workflow code need not import the domain schemas. */
  questions: { mostEffective: string; doBetter: string };
  /** For the messages: "keep a small part of your attention on Stephanie Cho". */
  requesterName: string;
}

/** A business failure Temporal must not retry (the same input would fail the same way). */
function nonRetryable(error: unknown): never {
  if (error instanceof ValidationError || error instanceof NotFoundError) throw ApplicationFailure.nonRetryable(error.message, error.name);
  throw error;
}

/**
 * Thin store calls of a peer feedback round, idempotent by the request id: Temporal retries an activity
 * whose result it did not hear about. Messages go through the common `sendMessage` activity.
 */
export function createFeedbackActivities({ store }: FeedbackActivityDeps) {
  async function updateRequest(ref: { tenantId: string; accountId: string; requestId: string }, change: (request: FeedbackRequest) => boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await store.records.get('feedbackRequest', { tenantId: ref.tenantId, id: ref.requestId, accountId: ref.accountId });
      if (!current) throw new NotFoundError(`feedback request ${ref.requestId}`);
      const next = structuredClone(current.record);
      if (!change(next)) return;
      next.updatedAt = new Date().toISOString();
      try {
        await store.records.replace('feedbackRequest', next, current.etag);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  return {
    /** Creates the FeedbackRequest (status warned); an existing one for the same requester and event is kept as is. */
    async feedbackStoreRequest(input: StoreFeedbackRequestInput): Promise<StoredFeedbackRequest> {
      const now = new Date().toISOString();
      try {
        await store.records.create('feedbackRequest', {
          tenantId: input.tenantId,
          accountId: input.accountId,
          id: input.requestId,
          requesterId: input.requesterId,
          peerIds: input.peerIds,
          event: input.event,
          eventAt: input.eventAt,
          status: 'warned',
          answers: [],
          createdAt: now,
          updatedAt: now,
        });
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) nonRetryable(error);
        const existing = await store.records.get('feedbackRequest', { tenantId: input.tenantId, id: input.requestId });
        if (!existing || existing.record.accountId !== input.accountId || existing.record.requesterId !== input.requesterId) {
          throw ApplicationFailure.nonRetryable(`feedback request id ${input.requestId} is already used by another request`, 'ValidationError');
        }
      }
      const requester = await store.records.get('person', { tenantId: input.tenantId, id: input.requesterId });
      return { questions: { ...FEEDBACK_QUESTIONS }, requesterName: requester?.record.name ?? input.requesterId };
    },

    /** The event is over and the questions are going out. */
    async feedbackMarkAsking(input: { tenantId: string; accountId: string; requestId: string }): Promise<void> {
      await updateRequest(input, (request) => {
        if (request.status !== 'warned') return false;
        request.status = 'asking';
        return true;
      }).catch(nonRetryable);
    },

    /** Stores the final answers (one per peer, the last edit) and closes the request. */
    async feedbackClose(input: { tenantId: string; accountId: string; requestId: string; answers: FeedbackAnswer[] }): Promise<void> {
      await updateRequest(input, (request) => {
        if (request.status === 'closed' && JSON.stringify(request.answers) === JSON.stringify(input.answers)) return false;
        request.status = 'closed';
        request.answers = input.answers;
        return true;
      }).catch(nonRetryable);
    },
  };
}

export type FeedbackActivities = ReturnType<typeof createFeedbackActivities>;
