/**
 * Process-config bodies for tests: the API's request body (`fortnightlyAgenda`, `quarterlyReview`), the
 * stored record built from one (`asRecord`), and creating / running one over the HTTP API as an admin. A test passes the values it asserts on as overrides, so they stay visible where they matter.
 */
import type { RecordInput } from '../../core/domain/record-kinds';
import type { NewProcessConfigRequest } from '../../core/services/process-config-service';
import type { TestSystem } from './system-for-tests';

/** The body of POST /api/process-configs. */
export type ConfigBody = NewProcessConfigRequest;
/** Fields to replace; unknown keys and bad values pass through, for tests of the validation. */
export type ConfigOverrides = Partial<ConfigBody> & Record<string, unknown>;

/** A facilitated agenda for every second Thursday at 09:00 London time on Northwind. */
export function fortnightlyAgenda(overrides: ConfigOverrides = {}): ConfigBody {
  return {
    accountId: 'northwind',
    kind: 'facilitated_agenda',
    name: 'Leadership meeting agenda',
    cadence: { timeZone: 'Europe/London', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2025-03-13' },
    participantIds: ['alejandro', 'stephanie', 'peter'],
    leadTimeDays: 3,
    answerWindowDays: 2,
    reminderAfterHours: 24,
    escalateAfterHours: 40,
    ...overrides,
  } as ConfigBody;
}

/** A standards review on the 1st of each quarter at 08:00 Chicago time on Northwind (policy fields left to their defaults). */
export function quarterlyReview(overrides: ConfigOverrides = {}): ConfigBody {
  return {
    accountId: 'northwind',
    kind: 'standards_review',
    name: 'Quarterly standards review',
    cadence: { timeZone: 'America/Chicago', hour: 8, daysOfMonth: [1], months: [1, 4, 7, 10] },
    participantIds: ['alejandro', 'stephanie', 'peter'],
    ...overrides,
  } as ConfigBody;
}

/** The stored record of a config body, as written straight to a store (no API, no schedule). */
export function asRecord(body: ConfigBody, { tenantId, id, now }: { tenantId: string; id: string; now: Date }): RecordInput<'processConfig'> {
  const at = now.toISOString();
  return { ...body, tenantId, id, createdAt: at, updatedAt: at };
}

type Caller = Pick<TestSystem, 'call'>;

/** Creates a config over the API as `admin` (an email, e.g. DEMO_PEOPLE.grace); returns its id. */
export async function createConfig(system: Caller, admin: string, body: ConfigBody): Promise<string> {
  const created = await system.call('/api/process-configs', { method: 'POST', as: admin, body });
  expect(created.status).toBe(201);
  return created.body.config.id as string;
}

/** "Run now" on a config over the API as `admin`: accepted, the run starts asynchronously. */
export async function runConfig(system: Caller, admin: string, id: string): Promise<void> {
  expect((await system.call(`/api/process-configs/${id}/run`, { method: 'POST', as: admin })).status).toBe(202);
}
