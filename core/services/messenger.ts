import { createHash } from 'node:crypto';
import type { MessagePurpose, OutboundMessage, Recipient } from '../domain/outbound-message';
import type { ProcessKind } from '../domain/process-config';
import { AlreadyExistsError } from '../errors';
import type { Store, Versioned } from '../store/ports';

export interface OutgoingMessage {
  /** Idempotency key: the same key is sent once, however often an activity is retried. */
  key: string;
  tenantId: string;
  accountId: string;
  recipient: Recipient;
  purpose: MessagePurpose;
  process: { kind: ProcessKind; workflowId: string };
  text: string;
  payload?: Record<string, unknown>;
}

export interface SendResult {
  messageId: string;
  /** True when this key had already been sent: nothing was sent again. */
  duplicate: boolean;
}

/** How processes talk to people. The Teams implementation delivers; every implementation records. */
export interface Messenger {
  send(message: OutgoingMessage): Promise<SendResult>;
}

export const messageIdFor = (key: string) => `msg-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;

/**
 * Records every outgoing message in the store, once per key. Local runs and the admin console read
 * these records to show what was sent; the Teams messenger delivers behind the same record.
 */
export class StoreMessenger implements Messenger {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    return (await this.record(message)).result;
  }

  /** Records the message once per key; `stored` is the record this call created (absent for a duplicate). */
  async record(message: OutgoingMessage): Promise<{ result: SendResult; stored?: Versioned<OutboundMessage> }> {
    const messageId = messageIdFor(message.key);
    const now = this.clock().toISOString();
    try {
      const stored = await this.store.records.create('outboundMessage', {
        tenantId: message.tenantId,
        accountId: message.accountId,
        id: messageId,
        key: message.key,
        recipient: message.recipient,
        purpose: message.purpose,
        process: message.process,
        text: message.text,
        payload: message.payload ?? {},
        status: 'recorded',
        createdAt: now,
        updatedAt: now,
      });
      return { result: { messageId, duplicate: false }, stored };
    } catch (error) {
      if (error instanceof AlreadyExistsError) return { result: { messageId, duplicate: true } };
      throw error;
    }
  }
}
