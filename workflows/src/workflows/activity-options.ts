import type { ActivityOptions } from '@temporalio/workflow';

/** Store writes: a bounded number of retries; invalid input and missing records are not retried. */
export const STORE_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, nonRetryableErrorTypes: ['ValidationError', 'NotFoundError'] },
};

/** Sends are idempotent by key, so they may retry for as long as Teams is down. */
export const MESSAGING_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { nonRetryableErrorTypes: ['ValidationError'] },
};
