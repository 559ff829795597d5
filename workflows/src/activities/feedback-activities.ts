import { ApplicationFailure } from '@temporalio/common';
import { FEEDBACK_QUESTIONS, type FeedbackAnswer, type FeedbackRequest } from '../../../core/domain/feedback-request';
import { AlreadyExistsError, NotFoundError } from '../../../core/errors';
import type { Messenger } from '../../../core/services/messenger';
import type { Store } from '../../../core/store/ports';
import { updateRecord } from '../../../core/store/update-record';

export interface FeedbackActivityDeps {
  store: Store;
  messenger: Messenger;
}

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

/**
 * Thin store calls of a peer feedback round, idempotent by the request id: Temporal retries an activity
 * whose result it did not hear about. Messages go through the common `sendMessage` activity. A missing
 * request fails with NotFoundError, which the workflow's STORE_ACTIVITY_OPTIONS name as not retryable.
 */
export function createFeedbackActivities({ store }: FeedbackActivityDeps) {
  const updateRequest = (ref: { tenantId: string; accountId: string; requestId: string }, change: (request: FeedbackRequest) => boolean) =>
    updateRecord(store.records, 'feedbackRequest', { tenantId: ref.tenantId, id: ref.requestId, accountId: ref.accountId }, change, {
      missing: () => new NotFoundError(`feedback request ${ref.requestId}`),
    });

  return {
    /**
     * Creates the FeedbackRequest (status warned) unless it is there already: the API usually stores it
     * before starting the round, and a retry finds its own. An existing one for the same requester and
     * account is kept as is; one that belongs to someone else is refused.
     */
    async feedbackStoreRequest(input: StoreFeedbackRequestInput): Promise<StoredFeedbackRequest> {
      const ref = { tenantId: input.tenantId, id: input.requestId };
      const refuseIfForeign = (existing: FeedbackRequest | undefined) => {
        if (!existing || existing.accountId !== input.accountId || existing.requesterId !== input.requesterId) {
          throw ApplicationFailure.nonRetryable(`feedback request id ${input.requestId} is already used by another request`, 'ValidationError');
        }
      };
      const existing = await store.records.get('feedbackRequest', ref);
      if (existing) {
        refuseIfForeign(existing.record);
      } else {
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
          // Created meanwhile (a racing attempt): the same owner check applies.
          if (!(error instanceof AlreadyExistsError)) throw error;
          refuseIfForeign((await store.records.get('feedbackRequest', ref))?.record);
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
      });
    },

    /** Stores the final answers (one per peer, the last edit) and closes the request. */
    async feedbackClose(input: { tenantId: string; accountId: string; requestId: string; answers: FeedbackAnswer[] }): Promise<void> {
      await updateRequest(input, (request) => {
        if (request.status === 'closed' && JSON.stringify(request.answers) === JSON.stringify(input.answers)) return false;
        request.status = 'closed';
        request.answers = input.answers;
        return true;
      });
    },
  };
}

export type FeedbackActivities = ReturnType<typeof createFeedbackActivities>;
