import { z } from 'zod';
import { AccountScoped, CalendarDate, Id, Instant, NonEmptyText } from './common';

export const DelegationStatus = z.enum(['active', 'at_risk', 'blocked', 'done', 'cancelled']);
export type DelegationStatus = z.infer<typeof DelegationStatus>;

export const OPEN_DELEGATION_STATUSES: readonly DelegationStatus[] = ['active', 'at_risk', 'blocked'];

/** The delegate's three-minute update: client changes that affect the deliverable, clarifying questions. */
export const CheckIn = z
  .object({
    id: Id,
    at: Instant,
    clientUpdates: z.string().trim().max(2000).default(''),
    questions: z.string().trim().max(2000).default(''),
    status: DelegationStatus.exclude(['cancelled']),
  })
  .strict();
export type CheckIn = z.infer<typeof CheckIn>;

export const Escalation = z
  .object({
    at: Instant,
    reason: NonEmptyText(500),
    notifiedId: Id,
    /** The follow-up period that went unanswered: one escalation per period, however often it is retried. */
    periodIndex: z.number().int().min(0).optional(),
  })
  .strict();
export type Escalation = z.infer<typeof Escalation>;

/** A task handed from a delegator to a delegate, followed up weekly until done or cancelled. */
export const Delegation = AccountScoped.extend({
  delegatorId: Id,
  delegateId: Id,
  objective: NonEmptyText(1000),
  dueDate: CalendarDate,
  /** Days between check-ins; weekly unless the delegator chose otherwise. */
  checkInEveryDays: z.number().int().min(1).max(90).default(7),
  stretchNote: z.string().trim().max(1000).default(''),
  status: DelegationStatus.default('active'),
  checkIns: z.array(CheckIn).default([]),
  escalations: z.array(Escalation).default([]),
  /** The follow-up workflow's id, set when the workflow has been started. */
  workflowId: z.string().max(300).optional(),
}).strict();
export type Delegation = z.infer<typeof Delegation>;
