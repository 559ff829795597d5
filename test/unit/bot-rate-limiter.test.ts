import { SlidingWindowLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, type LimitedKey, type WindowLimit } from '../../core/services/teams-rate-limiter';

const keysFor = (conversation: string, tenant = 'firm'): LimitedKey[] => [
  { key: `conversation:${conversation}`, limits: TEAMS_CONVERSATION_LIMITS },
  { key: `tenant:${tenant}`, limits: TEAMS_TENANT_LIMITS },
];

/** The most slots any window of `windowMs` holds. */
function fullest(slots: number[], windowMs: number): number {
  const sorted = [...slots].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

const respects = (slots: number[], limits: readonly WindowLimit[]) => limits.every(({ max, windowMs }) => fullest(slots, windowMs) <= max);

describe('pacing proactive Teams sends', () => {
  const now = 1_000_000;
  const limiter = () => new SlidingWindowLimiter({ clock: () => now, marginMs: 0 });

  it('lets a burst of seven into one conversation at once, and moves the eighth a second later', () => {
    const pacing = limiter();
    const slots = Array.from({ length: 8 }, () => pacing.reserve(keysFor('chat-1'))!);
    expect(slots.slice(0, 7).every((slot) => slot === now)).toBe(true);
    expect(slots[7]).toBe(now + 1000);
  });

  it('never puts more than 60 sends to one conversation in 30 seconds, or 7 in a second', () => {
    const pacing = limiter();
    const slots = Array.from({ length: 130 }, () => pacing.reserve(keysFor('chat-1'))!);
    expect(respects(slots, TEAMS_CONVERSATION_LIMITS)).toBe(true);
    // 60 fit in the first 30 s (7 a second); the 61st waits for the first to leave the 30 s window.
    expect(slots[59]).toBeLessThan(now + 30_000);
    expect(slots[60]).toBeGreaterThanOrEqual(now + 30_000);
  });

  it('shares 50 a second across a tenant’s conversations, and keeps tenants apart', () => {
    const pacing = limiter();
    const slots = Array.from({ length: 120 }, (_, index) => pacing.reserve(keysFor(`chat-${index}`))!);
    expect(respects(slots, TEAMS_TENANT_LIMITS)).toBe(true);
    expect(slots.filter((slot) => slot === now)).toHaveLength(50);
    expect(Math.max(...slots)).toBe(now + 2000); // the minimum: 50 now, 50 after 1 s, 20 after 2 s
    expect(pacing.reserve(keysFor('chat-x', 'other-firm'))).toBe(now);
  });

  it('respects every limit at once for a mixed fan-out, whatever the order of requests', () => {
    const pacing = limiter();
    const slots: { conversation: string; at: number }[] = [];
    for (let index = 0; index < 400; index++) {
      const conversation = index % 5 === 0 ? 'channel' : `chat-${index % 37}`;
      slots.push({ conversation, at: pacing.reserve(keysFor(conversation))! });
    }
    expect(respects(slots.map((slot) => slot.at), TEAMS_TENANT_LIMITS)).toBe(true);
    for (const conversation of new Set(slots.map((slot) => slot.conversation))) {
      expect(respects(slots.filter((slot) => slot.conversation === conversation).map((slot) => slot.at), TEAMS_CONVERSATION_LIMITS)).toBe(true);
    }
  });

  it('widens windows by its margin, so jitter between our clock and Teams’ cannot fill one', () => {
    const pacing = new SlidingWindowLimiter({ clock: () => now, marginMs: 40 });
    const slots = Array.from({ length: 8 }, () => pacing.reserve(keysFor('chat-1'))!);
    expect(slots[7]).toBe(now + 1040);
  });

  it('holds a conversation back until a 429’s Retry-After has passed', () => {
    const pacing = limiter();
    pacing.blockUntil('conversation:chat-1', now + 3000);
    expect(pacing.reserve(keysFor('chat-1'))).toBe(now + 3000);
    expect(pacing.reserve(keysFor('chat-2'))).toBe(now);
  });

  it('reserves nothing when the slot is further out than the caller will wait', () => {
    const pacing = limiter();
    for (let index = 0; index < 60; index++) pacing.reserve(keysFor('chat-1'));
    expect(pacing.reserve(keysFor('chat-1'), 5000)).toBeUndefined();
    const tracked = pacing.trackedSlots;
    expect(pacing.reserve(keysFor('chat-1'), 5000)).toBeUndefined();
    expect(pacing.trackedSlots).toBe(tracked);
  });

  it('forgets slots once they are out of every window', () => {
    let clock = now;
    const pacing = new SlidingWindowLimiter({ clock: () => clock, marginMs: 0 });
    for (let index = 0; index < 7; index++) pacing.reserve(keysFor('chat-1'));
    clock += 31_000;
    expect(pacing.reserve(keysFor('chat-1'))).toBe(clock);
    expect(pacing.trackedSlots).toBe(2);
  });

  it('counts a send when it is taken, not when it was planned: a late batch pushes the next one back', async () => {
    let clock = now;
    const pacing = new SlidingWindowLimiter({ clock: () => clock, marginMs: 0 });
    const sleep = async (ms: number) => {
      clock += ms;
    };
    const taken: number[] = [];
    // 50 sends leave over 400 ms (a busy process), then 50 more want to go as soon as allowed.
    for (let index = 0; index < 50; index++) {
      expect(await pacing.acquire(keysFor(`chat-${index}`), sleep)).toBeDefined();
      taken.push(clock);
      clock += 8;
    }
    for (let index = 50; index < 100; index++) {
      expect(await pacing.acquire(keysFor(`chat-${index}`), sleep)).toBeDefined();
      taken.push(clock);
    }
    expect(respects(taken, TEAMS_TENANT_LIMITS)).toBe(true);
    expect(taken[50]).toBe(now + 1000); // the first of the batch leaves the window
    expect(taken[99]).toBe(now + 49 * 8 + 1000); // …and the rest follow as the batch ages out
  });

  it('gives up instead of waiting longer than the caller allows', async () => {
    const pacing = limiter();
    for (let index = 0; index < 60; index++) pacing.reserve(keysFor('chat-1'));
    let slept = 0;
    expect(await pacing.acquire(keysFor('chat-1'), async (ms) => void (slept += ms), 5000)).toBeUndefined();
    expect(slept).toBe(0);
  });

  it('counts a send from when its answer came back, so a slow request cannot let the next batch overlap it', async () => {
    let clock = now;
    const pacing = new SlidingWindowLimiter({ clock: () => clock, marginMs: 0 });
    const slots = [];
    for (let index = 0; index < 50; index++) slots.push(pacing.tryTake(keysFor(`chat-${index}`)));
    clock += 120; // the answers come back 120 ms later
    for (const attempt of slots) if (attempt.taken) pacing.settle(attempt.slot);
    const next = pacing.tryTake(keysFor('chat-50'));
    expect(next).toEqual({ taken: false, retryAt: now + 120 + 1000 });
  });
});
