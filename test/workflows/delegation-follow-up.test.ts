import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { writeHistoryIfRecording } from '../support/history-fixtures';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import { Worker } from '@temporalio/worker';
import { createWorkflowHarness, DAY, refused, WORKFLOWS_PATH, type WorkflowHarness } from '../support/workflow-harness';
import {
  checkInUpdate,
  closeUpdate,
  followUpStateQuery,
  type DelegationFollowUpInput,
} from '../../workflows/src/workflows/delegation-follow-up.contract';

jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;
let harness: WorkflowHarness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  harness = await createWorkflowHarness(env, new Date(await env.currentTimeMs()));
});
afterAll(async () => {
  await harness?.dispose();
  await env?.teardown();
});

async function newDelegation(id: string, delegateId = 'tom', delegatorId = 'stephanie') {
  const now = new Date(await env.currentTimeMs()).toISOString();
  await harness.store.records.create('delegation', {
    tenantId: harness.tenantId,
    accountId: 'northwind',
    id,
    delegatorId,
    delegateId,
    objective: `Objective of ${id}`,
    dueDate: '2099-12-31',
    checkInEveryDays: 7,
    createdAt: now,
    updatedAt: now,
  });
  const input: DelegationFollowUpInput = {
    tenantId: harness.tenantId,
    accountId: 'northwind',
    delegationId: id,
    delegateId,
    delegatorId,
    checkInEveryDays: 7,
    startedAt: now,
  };
  return input;
}

describe('a delegation followed up for a year', () => {
  it('takes weekly check-ins, escalates missed weeks, and continues as new in the middle', async () => {
    const input = { ...(await newDelegation('year-long')), maxHistoryEvents: 250 };
    const missedWeeks = new Set([5, 6, 20, 33]);
    await harness.run(async () => {
      const handle = await env.client.workflow.start('delegationFollowUp', { taskQueue: harness.taskQueue, workflowId: 'delegation-year-long', args: [input] });
      for (let week = 1; week <= 52; week++) {
        if (missedWeeks.has(week)) {
          await env.sleep(7 * DAY); // the check-in falls due, is prompted, reminded and escalated
          continue;
        }
        await env.sleep(6 * DAY);
        await handle.executeUpdate(checkInUpdate, { args: [{ checkInId: `week-${week}`, personId: 'tom', status: 'active', clientUpdates: week % 4 === 0 ? 'Plant 3 added to scope' : '' }] });
      }
      const state = await handle.query(followUpStateQuery);
      expect(state.checkInsReceived).toBe(52 - missedWeeks.size);
      expect(state.missedCheckIns).toBe(missedWeeks.size);
      expect(state.escalations).toBe(missedWeeks.size);
      expect(state.runs).toBeGreaterThan(1); // continued as new at least once, carrying everything above

      const history = await handle.fetchHistory();
      expect(history.events!.length).toBeLessThan(2000);

      await handle.executeUpdate(closeUpdate, { args: [{ personId: 'stephanie', outcome: 'done' }] });
      expect((await handle.result()).status).toBe('done');
      await writeHistoryIfRecording('delegation-follow-up-year', history);
    });

    const delegation = (await harness.store.records.get('delegation', { tenantId: harness.tenantId, id: 'year-long' }))!.record;
    expect(delegation.checkIns).toHaveLength(52 - missedWeeks.size);
    expect(delegation.escalations).toHaveLength(missedWeeks.size);
    expect(delegation.status).toBe('done');
    const messages = (await harness.messages()).filter((message) => message.payload.delegationId === 'year-long');
    const count = (purpose: string) => messages.filter((message) => message.purpose === purpose).length;
    expect(count('check_in_digest')).toBe(52 - missedWeeks.size);
    expect(count('check_in_escalation')).toBe(missedWeeks.size);
    expect(count('check_in_prompt')).toBeGreaterThanOrEqual(missedWeeks.size);
    expect(messages.filter((message) => message.purpose === 'check_in_escalation').every((message) => message.recipient.kind === 'person' && message.recipient.personId === 'stephanie')).toBe(true);
    const interactions = await harness.store.records.list('interaction', { tenantId: harness.tenantId, accountId: 'northwind' });
    expect(interactions.filter((found) => found.record.id.startsWith('checkin-year-long'))).toHaveLength(52 - missedWeeks.size);
  });
});

describe('a check-in prompt that falls due in the delegate’s quiet hours', () => {
  it('waits until the quiet hours end', async () => {
    // Priya's quiet hours cover all but one hour of the day, so a prompt due now has to wait.
    const priya = (await harness.store.records.get('person', { tenantId: harness.tenantId, id: 'priya' }))!;
    const local = new Date(await env.currentTimeMs() + 7 * DAY);
    const hour = (local.getUTCHours() + 2) % 24;
    const pad = (value: number) => String(value).padStart(2, '0');
    await harness.store.records.replace('person', { ...priya.record, timeZone: 'UTC', quietHours: [{ start: `${pad((hour + 1) % 24)}:00`, end: `${pad(hour)}:00`, days: [] }] }, priya.etag);
    const input = await newDelegation('quiet-prompt', 'priya', 'peter');
    await harness.run(async () => {
      const handle = await env.client.workflow.start('delegationFollowUp', { taskQueue: harness.taskQueue, workflowId: 'delegation-quiet-prompt', args: [input] });
      await env.sleep(7 * DAY + 60_000);
      const prompted = async () => (await harness.messages()).some((message) => message.payload.delegationId === 'quiet-prompt' && message.purpose === 'check_in_prompt');
      expect((await handle.query(followUpStateQuery)).phase).toBe('prompted');
      expect(await prompted()).toBe(false);
      await env.sleep(4 * 60 * 60 * 1000);
      expect(await prompted()).toBe(true);
      await handle.executeUpdate(closeUpdate, { args: [{ personId: 'peter', outcome: 'cancelled' }] });
      await handle.result();
    });
  });
});

describe('a check-in that arrives with the very first workflow task', () => {
  it('is taken after the start-up read and replays deterministically', async () => {
    const input = await newDelegation('eager-check-in');
    // Started and checked in on while no worker polls, so the worker's first task carries both the start
    // and the update: the update handler and the start-up policy read meet in one workflow task.
    const handle = await env.client.workflow.start('delegationFollowUp', { taskQueue: harness.taskQueue, workflowId: 'delegation-eager-check-in', args: [input] });
    const pendingCheckIn = handle.executeUpdate(checkInUpdate, { args: [{ checkInId: 'day-0', personId: 'tom', status: 'active' }] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const history = await harness.run(async () => {
      const state = await pendingCheckIn;
      expect(state.checkInsReceived).toBe(1);
      await handle.executeUpdate(closeUpdate, { args: [{ personId: 'stephanie', outcome: 'done' }] });
      await handle.result();
      return handle.fetchHistory();
    });
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: 'eager-check-in' }, history);
  });
});

describe('bad input at the check-in and close updates', () => {
  it('refuses each with a specific message and changes nothing', async () => {
    const input = await newDelegation('bad-input');
    await harness.run(async () => {
      const handle = await env.client.workflow.start('delegationFollowUp', { taskQueue: harness.taskQueue, workflowId: 'delegation-bad-input', args: [input] });
      const before = await handle.query(followUpStateQuery);
      const refusals: [unknown, RegExp][] = [
        [{ checkInId: 'x', personId: 'maya', status: 'active' }, /only the delegate/],
        [{ checkInId: '', personId: 'tom', status: 'active' }, /checkInId is required/],
        [{ checkInId: 'x', personId: 'tom', status: 'finished' }, /status must be/],
        [{ checkInId: 'x', personId: 'tom', status: 'active', questions: 'q'.repeat(2001) }, /questions must be text/],
        [null, /a check-in is required/],
      ];
      for (const [request, message] of refusals) await refused(handle.executeUpdate(checkInUpdate, { args: [request as never] }), message);
      const after = await handle.query(followUpStateQuery);
      expect({ ...after, policy: undefined }).toEqual({ ...before, policy: undefined });

      // A repeated dedupe id is taken once.
      await handle.executeUpdate(checkInUpdate, { args: [{ checkInId: 'same', personId: 'tom', status: 'active' }] });
      await handle.executeUpdate(checkInUpdate, { args: [{ checkInId: 'same', personId: 'tom', status: 'blocked' }] });
      expect((await handle.query(followUpStateQuery)).checkInsReceived).toBe(1);
      expect((await handle.query(followUpStateQuery)).status).toBe('active');

      await refused(handle.executeUpdate(closeUpdate, { args: [{ personId: 'peter', outcome: 'done' }] }), /only the delegator or the delegate/);
      await handle.executeUpdate(closeUpdate, { args: [{ personId: 'stephanie', outcome: 'cancelled' }] });
      expect((await handle.result()).status).toBe('cancelled');
      // Once closed, the follow-up has ended: a late check-in finds no running workflow to accept it.
      const afterClose = await handle.executeUpdate(checkInUpdate, { args: [{ checkInId: 'late', personId: 'tom', status: 'active' }] }).catch((error: unknown) => error);
      expect(afterClose).toBeInstanceOf(Error);
      expect(String(afterClose)).toMatch(/completed|not found/i);
    });
    const stored = (await harness.store.records.get('delegation', { tenantId: harness.tenantId, id: 'bad-input' }))!.record;
    expect(stored.checkIns.map((checkIn) => checkIn.id)).toEqual(['same']);
    expect(stored.status).toBe('cancelled');
  });
});
