import { readdirSync, readFileSync } from 'node:fs';
import type { temporal } from '@temporalio/proto';
import { temporal as proto } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { Store } from '../../../core/store/ports';
import { DEMO_TENANT_ID } from '../../../core/demo/demo-firm';
import type { CheckInRequest, CloseRequest, DelegationFollowUpInput } from '../../../workflows/src/workflows/delegation-follow-up.contract';
import { log, round } from '../common';

export { describeError, log, round } from '../common';
export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const ACCOUNT_ID = 'northwind';
export const DELEGATOR_ID = 'stephanie';
export const DELEGATE_ID = 'tom';

export const mb = (bytes: number) => round(bytes / (1024 * 1024), 1);

/** Runs fn(0..count-1) with at most `concurrency` in flight; results in index order. */
export async function pool<T>(count: number, concurrency: number, fn: (index: number) => Promise<T>, onDone?: (done: number) => void): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await fn(index);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/** Logs "label: done/total" to stderr at most once a second. */
export function progress(label: string, total: number) {
  let last = 0;
  return (done: number) => {
    const now = Date.now();
    if (done === total || now - last >= 1000) {
      last = now;
      log(`  ${label}: ${done}/${total}`);
    }
  };
}

/** Creates delegation records (tom delegated by stephanie on northwind) and returns the follow-up inputs. */
export async function createDelegations(store: Store, ids: readonly string[], now: Date, extra: Partial<DelegationFollowUpInput> = {}): Promise<DelegationFollowUpInput[]> {
  const at = now.toISOString();
  const inputs: DelegationFollowUpInput[] = [];
  for (const id of ids) {
    await store.records.create('delegation', {
      tenantId: DEMO_TENANT_ID,
      accountId: ACCOUNT_ID,
      id,
      delegatorId: DELEGATOR_ID,
      delegateId: DELEGATE_ID,
      objective: `Bench objective ${id}: map R&D tax credit eligibility for one plant`,
      dueDate: '2099-12-31',
      checkInEveryDays: 7,
      createdAt: at,
      updatedAt: at,
    });
    inputs.push({ tenantId: DEMO_TENANT_ID, accountId: ACCOUNT_ID, delegationId: id, delegateId: DELEGATE_ID, delegatorId: DELEGATOR_ID, checkInEveryDays: 7, startedAt: at, ...extra });
  }
  return inputs;
}

export const checkInRequest = (checkInId: string, extra: Partial<CheckInRequest> = {}): CheckInRequest => ({
  checkInId,
  personId: DELEGATE_ID,
  status: 'active',
  clientUpdates: 'Client moved the committee meeting forward a week.',
  ...extra,
});
export const closeRequest: CloseRequest = { personId: DELEGATOR_ID, outcome: 'done' };

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface RunHistory {
  runId: string;
  events: HistoryEvent[];
}

/** Every run of a workflow, following the continue-as-new chain from `firstRunId`. */
export async function historyChain(client: Client, workflowId: string, firstRunId: string): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    runs.push({ runId, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (runs.length > 1000) throw new Error(`runaway continue-as-new chain for ${workflowId}`);
  }
  return runs;
}

const EVENT_TYPE_NAMES = proto.api.enums.v1.EventType as unknown as Record<number, string>;

/** Event type without the EVENT_TYPE_ prefix; markers and updates say which activity / update. */
export function eventLabel(event: HistoryEvent): string {
  const name = (EVENT_TYPE_NAMES[Number(event.eventType)] ?? String(event.eventType)).replace(/^EVENT_TYPE_/, '');
  if (event.markerRecordedEventAttributes) {
    const activity = localActivityType(event.markerRecordedEventAttributes);
    return activity ? `${name}(${activity})` : name;
  }
  const updateName = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
  if (updateName) return `${name}(${updateName})`;
  return name;
}

function localActivityType(marker: temporal.api.history.v1.IMarkerRecordedEventAttributes): string | undefined {
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string; activityType?: string };
    return parsed.activity_type ?? parsed.activityType;
  } catch {
    return undefined;
  }
}

export function eventTimeMs(event: HistoryEvent): number {
  const time = event.eventTime;
  if (!time) return 0;
  const seconds = time.seconds;
  const secondsNumber = typeof seconds === 'number' ? seconds : seconds ? Number(seconds.toString()) : 0;
  return secondsNumber * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([, a], [, b]) => b - a));
}

/** CPU seconds used so far by this process and by its direct children (the dev server, a worker process). */
export function cpuSeconds(): { self: number; children: number } {
  const usage = process.cpuUsage();
  const self = (usage.user + usage.system) / 1e6;
  let children = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid … utime(14) stime(15); comm may hold spaces, so split after the last ')'.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      children += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      // the process went away
    }
  }
  return { self, children };
}
const CLOCK_TICKS = 100;
