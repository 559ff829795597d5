import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ValidationError } from '../../../core/errors';
import type { LeadershipProcessGateway } from '../../../core/services/leadership-process-gateway';
import { submitReviewUpdate, type ReviewSubmission } from '../workflows/standards-review.contract';
import { TemporalAgendaAndFeedback } from './agenda-and-feedback-gateway';

/** Every leadership routine the API drives, on one Temporal client. */
export class TemporalLeadershipProcesses extends TemporalAgendaAndFeedback implements LeadershipProcessGateway {
  async submitReview(workflowId: string, request: ReviewSubmission): Promise<unknown> {
    try {
      return await this.client.workflow.getHandle(workflowId).executeUpdate(submitReviewUpdate, { args: [request] });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new ValidationError('this review is closed; answers are no longer accepted');
      if (error instanceof WorkflowUpdateFailedError) throw new ValidationError(error.cause?.message ?? 'answer rejected');
      throw error;
    }
  }
}
