import type { ProcessConfig, ProcessKind } from '../domain/process-config';

/** What one sync of a config onto its schedule did. */
export type ScheduleSyncOutcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

export interface ScheduleRecentAction {
  scheduledAt: Date;
  takenAt: Date;
  workflowId: string;
}

/** The live state of a config's schedule, as the engine reports it. */
export interface ProcessScheduleState {
  scheduleId: string;
  paused: boolean;
  /** The engine's own next firing times (for everyNWeeks > 1 these include off-weeks the workflow skips). */
  nextActionTimes: Date[];
  recentActions: ScheduleRecentAction[];
  /** Workflows the schedule started that are still running. */
  runningWorkflowIds: string[];
}

export interface RunningProcess {
  workflowId: string;
  type: string;
  startTime: Date;
  kind: ProcessKind | undefined;
}

/**
 * The recurring processes' schedules, as services need them, without knowing they are Temporal Schedules.
 * Everything is keyed by tenant and config id, from which the implementation derives a deterministic
 * schedule id, so every call is safe to repeat.
 */
export interface ProcessScheduleGateway {
  /**
   * Makes the schedule match the config: created when missing, updated when it differs (calendar, action,
   * paused flag — the config's `paused` is the truth), left alone otherwise. A config of a kind that is
   * started by events has no schedule: an existing one is deleted.
   */
  upsert(config: ProcessConfig): Promise<ScheduleSyncOutcome>;
  /** Deletes the schedule; 'absent' when there was none. */
  remove(tenantId: string, configId: string): Promise<ScheduleSyncOutcome>;
  pause(tenantId: string, configId: string, note: string): Promise<void>;
  resume(tenantId: string, configId: string, note: string): Promise<void>;
  /** Starts one run now, outside the calendar (even when the schedule is paused). */
  trigger(tenantId: string, configId: string): Promise<void>;
  /** Undefined when there is no schedule. */
  describe(tenantId: string, configId: string): Promise<ProcessScheduleState | undefined>;
  /** Process workflows of the account that are running now (scheduled runs, follow-ups, feedback requests). */
  listRunningProcesses(tenantId: string, accountId: string): Promise<RunningProcess[]>;
}
