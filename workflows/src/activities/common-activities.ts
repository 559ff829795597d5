import { nextTimeOutsideQuietHours } from '../../../core/rules/quiet-hours';
import type { Messenger, OutgoingMessage, SendResult } from '../../../core/services/messenger';
import type { Store } from '../../../core/store/ports';

export interface CommonActivityDeps {
  store: Store;
  messenger: Messenger;
}

/** Activities every process uses: sending through the messenger, and respecting people's quiet hours. */
export function createCommonActivities({ store, messenger }: CommonActivityDeps) {
  return {
    /** Idempotent by `message.key`: a retried send records (and later delivers) once. */
    async sendMessage(message: OutgoingMessage): Promise<SendResult> {
      return messenger.send(message);
    },

    /**
     * The earliest instant at or after `at` outside the person's quiet hours, as ISO. Workflows sleep
     * until then before prompting; an unknown person gets `at` unchanged.
     */
    async nextSendableTime(input: { tenantId: string; personId: string; at: string }): Promise<string> {
      const person = await store.records.get('person', { tenantId: input.tenantId, id: input.personId });
      if (!person) return input.at;
      return nextTimeOutsideQuietHours(person.record.quietHours, person.record.timeZone, new Date(input.at)).toISOString();
    },
  };
}

export type CommonActivities = ReturnType<typeof createCommonActivities>;
