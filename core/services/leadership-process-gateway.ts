import type { AgendaStateView, RaisedAgendaItem } from './process-states';

/**
 * What the API needs from the running leadership processes, without knowing they are Temporal
 * workflows. Rejections by a workflow's validator surface as ValidationError with its message. What the
 * API only passes on (feedback and review states, update answers nobody reads) stays `unknown`.
 */
export interface LeadershipProcessGateway {
  runningAgendaId(tenantId: string, accountId: string): Promise<string | undefined>;
  agendaState(workflowId: string): Promise<AgendaStateView | undefined>;
  raiseAgendaItem(workflowId: string, request: { itemId: string; personId: string; kind: 'initiative' | 'tension' | 'decision' | 'update'; title: string; detail?: string }): Promise<RaisedAgendaItem>;
  answerImpact(workflowId: string, request: { answerId: string; itemId: string; personId: string; answer: string }): Promise<unknown>;
  recordOutcome(workflowId: string, request: { outcomeId: string; itemId: string; personId: string; decision?: string; actions?: string[]; ownerId?: string }): Promise<unknown>;
  startPeerFeedback(request: { tenantId: string; accountId: string; requestId: string; requesterId: string; peerIds: string[]; event: string; eventAt: string; answerWindowDays?: number; reminderAfterHours?: number }): Promise<{ workflowId: string }>;
  peerFeedbackState(tenantId: string, requestId: string): Promise<unknown | undefined>;
  giveFeedback(tenantId: string, requestId: string, request: { answerId: string; personId: string; mostEffective: string; doBetter: string }): Promise<unknown>;
  submitReview(workflowId: string, request: { answerId: string; leaderId: string; ratings: Record<string, number>; roleClarity: number; goalConfidence?: Record<string, number>; comment?: string }): Promise<unknown>;
}
