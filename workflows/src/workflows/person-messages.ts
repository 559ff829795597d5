import { type CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import type { MessagePurpose } from '../../../core/domain/outbound-message';
import type { ProcessKind } from '../../../core/domain/process-config';
import type { CommonActivities } from '../activities/common-activities';

export interface PersonMessenger {
  /**
   * Sends to one person once they are outside their quiet hours. The wait runs in `waits` (cancelled
   * when the run closes) and the message goes only if `stillWanted()` holds when the wait ends.
   * Resolves true when the message was sent.
   */
  (personId: string, purpose: MessagePurpose, step: string, text: string, payload: Record<string, unknown>, stillWanted: () => boolean, waits?: CancellationScope): Promise<boolean>;
}

/**
 * Quiet-hours-aware messages to people, shared by the agenda and peer-feedback workflows. The message key
 * is `<workflow id>/<step>`, so a replayed or retried step sends once.
 */
export function personMessenger(options: {
  messaging: Pick<CommonActivities, 'nextSendableTime' | 'sendMessage'>;
  tenantId: string;
  accountId: string;
  process: { kind: ProcessKind; workflowId: string };
  defaultWaits: CancellationScope;
}): PersonMessenger {
  const { messaging, tenantId, accountId, process } = options;
  return async (personId, purpose, step, text, payload, stillWanted, waits = options.defaultWaits) => {
    const at = await messaging.nextSendableTime({ tenantId, personId, at: new Date(Date.now()).toISOString() });
    const waitMs = Date.parse(at) - Date.now();
    if (waitMs > 0) {
      try {
        await waits.run(() => sleep(waitMs));
      } catch (error) {
        if (isCancellation(error)) return false; // the run closed while this prompt waited
        throw error;
      }
    }
    if (!stillWanted()) return false;
    await messaging.sendMessage({ key: `${process.workflowId}/${step}`, tenantId, accountId, recipient: { kind: 'person', personId }, purpose, process, text, payload });
    return true;
  };
}
