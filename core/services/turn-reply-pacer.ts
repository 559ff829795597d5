import { setTimeout as delay } from 'node:timers/promises';
import { teamsSendKeys, type SlidingWindowLimiter } from './teams-rate-limiter';

/**
 * Waits for a send slot before one reply of a turn goes out; resolves to the function to call once
 * Teams has answered that send (success or failure).
 */
export type ReplyPacer = (conversationId: string, tenantId: string | undefined) => Promise<() => void>;

export interface TurnReplyPacerOptions {
  /**
   * Longest wait for one reply's slot (default 3 s). Teams gives a turn about 15 s before it gives up
   * and sends the activity again, and a turn sends up to six replies: past this wait the reply goes
   * out unpaced (Teams may then throttle it) rather than make the whole turn arrive twice.
   */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Paces a turn's replies with the limiter the proactive sends use (the same keys: teamsSendKeys), so a
 * busy conversation — several people talking to the bot at once while a process posts cards into it —
 * stays within Teams' limits as one budget, instead of replies bursting past the proactive pacing.
 */
export function turnReplyPacer(limiter: SlidingWindowLimiter, options: TurnReplyPacerOptions = {}): ReplyPacer {
  const maxWaitMs = options.maxWaitMs ?? 3_000;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  return async (conversationId, tenantId) => {
    const slot = await limiter.acquire(teamsSendKeys(conversationId, tenantId), sleep, maxWaitMs);
    return slot ? () => limiter.settle(slot) : () => undefined;
  };
}
