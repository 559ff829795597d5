import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition, Workflow } from '@temporalio/common';
import { StepClosedError, ValidationError } from '../../../core/errors';
import { ID_PATTERN } from '../workflows/workflow-helpers';

/**
 * The Temporal client calls the gateways share, each with the one way this app answers its failures.
 */

/**
 * Starts a workflow under its deterministic id. One already started (or finished) under that id is left
 * as it is, so a retried request starts nothing twice.
 */
export async function startOnce<T extends Workflow>(client: Client, workflowType: string | T, options: WorkflowStartOptions<T>): Promise<void> {
  try {
    await client.workflow.start(workflowType, options);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Runs `call` against a workflow; undefined when there is no such workflow (never started, or past retention). */
export async function unlessWorkflowGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** The query's answer, or undefined when the workflow is not known. */
export function queryOrUndefined<T>(handle: WorkflowHandle, definition: QueryDefinition<T, []>): Promise<T | undefined> {
  return unlessWorkflowGone(() => handle.query(definition));
}

export interface UpdateRefusalMessages {
  /** When the workflow is not there (any more) to take the update. */
  notRunning: string;
  /** When the update failed without saying why (default "update rejected"). */
  rejected?: string;
}

/**
 * Executes an update. A refusal (the validator, or the handler failing) comes back as a core
 * ValidationError carrying the workflow's message; a workflow that is gone as a StepClosedError saying
 * `notRunning` (the step it ran is over: cards show it read-only).
 */
export async function executeUpdateOrRefuse<Ret, Req>(handle: WorkflowHandle, definition: UpdateDefinition<Ret, [Req]>, request: Req, messages: UpdateRefusalMessages): Promise<Ret> {
  try {
    return await handle.executeUpdate(definition, { args: [request] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new StepClosedError(messages.notRunning);
    if (error instanceof WorkflowUpdateFailedError) throw new ValidationError(error.cause instanceof Error ? error.cause.message : (messages.rejected ?? 'update rejected'));
    throw error;
  }
}

/**
 * A value as a string literal of a visibility (list-filter) query. Only ids are accepted (see domain Id):
 * anything that could break out of the quotes is refused rather than escaped.
 */
export function visibilityQueryLiteral(value: string): string {
  if (!ID_PATTERN.test(value)) throw new RangeError(`not a valid id for a visibility query: ${value}`);
  return `"${value}"`;
}
