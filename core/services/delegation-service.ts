import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { CalendarDate, Id } from '../domain/common';
import type { Delegation } from '../domain/delegation';
import { AlreadyExistsError, ValidationError } from '../errors';
import type { Store } from '../store/ports';
import { parseOrThrow } from '../validation';
import { accountForMember, isOnAccount, visibleRecord } from './account-access';
import type { DelegationFollowUpGateway } from './process-gateway';
import type { Viewer } from './viewer';

export const NewDelegationRequest = z
  .object({
    /** Optional client-chosen id: retrying the same request with the same id creates nothing twice. */
    id: Id.optional(),
    accountId: Id,
    delegateId: Id,
    objective: z.string().trim().min(1, 'must not be empty').max(1000),
    dueDate: CalendarDate,
    checkInEveryDays: z.number().int().min(1).max(90).default(7),
    stretchNote: z.string().trim().max(1000).default(''),
  })
  .strict();
export type NewDelegationRequest = z.input<typeof NewDelegationRequest>;

export class DelegationService {
  constructor(
    private readonly store: Store,
    private readonly followUps: DelegationFollowUpGateway,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Stores the delegation, then starts its follow-up. Both steps are idempotent by the delegation id,
   * so a client retrying after a timeout (or a crash between the two steps) converges on one record
   * and one running workflow.
   */
  async create(viewer: Viewer, body: unknown): Promise<{ delegation: Delegation; created: boolean }> {
    const request = parseOrThrow(NewDelegationRequest, body, 'delegation');
    const account = await accountForMember(this.store, viewer, request.accountId, 'delegate on this account');
    if (!isOnAccount(account, request.delegateId) || request.delegateId === viewer.personId) {
      throw new ValidationError('invalid delegation', [{ path: 'delegateId', message: 'must be another member of this account’s team' }]);
    }
    const now = this.clock();
    if (request.dueDate < DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!) {
      throw new ValidationError('invalid delegation', [{ path: 'dueDate', message: 'must not be in the past' }]);
    }
    const id = request.id ?? randomUUID();
    const delegation: Delegation = {
      tenantId: viewer.tenantId,
      accountId: account.id,
      id,
      delegatorId: viewer.personId,
      delegateId: request.delegateId,
      objective: request.objective,
      dueDate: request.dueDate,
      checkInEveryDays: request.checkInEveryDays,
      stretchNote: request.stretchNote,
      status: 'active',
      checkIns: [],
      escalations: [],
      workflowId: this.followUps.followUpIdFor(viewer.tenantId, id),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    let stored: Delegation;
    let created = true;
    try {
      stored = (await this.store.records.create('delegation', delegation)).record;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      const existing = await this.store.records.get('delegation', { tenantId: viewer.tenantId, id, accountId: account.id });
      const same = existing && existing.record.delegatorId === viewer.personId && existing.record.delegateId === request.delegateId && existing.record.objective === request.objective;
      if (!same) throw new AlreadyExistsError('delegation', id);
      stored = existing.record;
      created = false;
    }
    await this.followUps.startFollowUp(stored);
    return { delegation: stored, created };
  }

  async get(viewer: Viewer, delegationId: string): Promise<{ delegation: Delegation; followUp: unknown | undefined }> {
    const delegation = await this.visibleDelegation(viewer, delegationId);
    const followUp = await this.followUps.followUpState(viewer.tenantId, delegationId);
    return { delegation, followUp };
  }

  async checkIn(viewer: Viewer, delegationId: string, body: unknown): Promise<unknown> {
    const request = parseOrThrow(CheckInBody, body, 'check-in');
    await this.visibleDelegation(viewer, delegationId);
    return this.followUps.checkIn(viewer.tenantId, delegationId, { ...request, personId: viewer.personId });
  }

  async close(viewer: Viewer, delegationId: string, body: unknown): Promise<unknown> {
    const request = parseOrThrow(CloseBody, body, 'close request');
    await this.visibleDelegation(viewer, delegationId);
    return this.followUps.close(viewer.tenantId, delegationId, { ...request, personId: viewer.personId });
  }

  private async visibleDelegation(viewer: Viewer, delegationId: string): Promise<Delegation> {
    return (await visibleRecord(this.store, viewer, 'delegation', delegationId, 'delegation')).record;
  }
}

export const CheckInBody = z
  .object({
    checkInId: Id,
    clientUpdates: z.string().trim().max(2000).default(''),
    questions: z.string().trim().max(2000).default(''),
    status: z.enum(['active', 'at_risk', 'blocked', 'done']),
  })
  .strict();

export const CloseBody = z.object({ outcome: z.enum(['done', 'cancelled']) }).strict();
