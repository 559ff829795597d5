import type { LeadershipProcessGateway } from '../../../core/services/leadership-process-gateway';
import { submitReviewUpdate, type ReviewSubmission } from '../workflows/standards-review.contract';
import { TemporalAgendaAndFeedback } from './agenda-and-feedback-gateway';
import { executeUpdateOrRefuse } from './temporal-calls';

/** Every leadership routine the API drives, on one Temporal client. */
export class TemporalLeadershipProcesses extends TemporalAgendaAndFeedback implements LeadershipProcessGateway {
  async submitReview(workflowId: string, request: ReviewSubmission): Promise<unknown> {
    return executeUpdateOrRefuse(this.client.workflow.getHandle(workflowId), submitReviewUpdate, request, {
      notRunning: 'this review is closed; answers are no longer accepted',
      rejected: 'answer rejected',
    });
  }
}
