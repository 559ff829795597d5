import { SlidingWindowLimiter, teamsSendKeys } from '../../core/services/teams-rate-limiter';
import { turnReplyPacer } from '../../core/services/turn-reply-pacer';

/** A limiter on a clock that moves only when the pacer sleeps. */
function pacedWorld(maxWaitMs: number) {
  let now = 1_000_000;
  const slept: number[] = [];
  const limiter = new SlidingWindowLimiter({ clock: () => now, marginMs: 0 });
  const sleep = async (ms: number) => {
    slept.push(ms);
    now += ms;
  };
  return { limiter, slept, pace: turnReplyPacer(limiter, { maxWaitMs, sleep }), now: () => now };
}

describe('pacing a turn’s replies', () => {
  it('shares the conversation’s budget with proactive sends: the eighth send in a second waits for the window', async () => {
    const world = pacedWorld(3_000);
    for (let sent = 0; sent < 7; sent++) expect(world.limiter.tryTake(teamsSendKeys('19:channel', 'firm')).taken).toBe(true);
    const settle = await world.pace('19:channel', 'firm');
    expect(world.slept).toEqual([1_000]);
    settle();
    // The reply counted against the conversation: six more fit beside it in its second, not seven.
    for (let sent = 0; sent < 6; sent++) expect(world.limiter.tryTake(teamsSendKeys('19:channel', 'firm')).taken).toBe(true);
    expect(world.limiter.tryTake(teamsSendKeys('19:channel', 'firm')).taken).toBe(false);
  });

  it('does not wait for another conversation’s sends', async () => {
    const world = pacedWorld(3_000);
    for (let sent = 0; sent < 7; sent++) world.limiter.tryTake(teamsSendKeys('19:other', 'firm'));
    await world.pace('19:channel', 'firm');
    expect(world.slept).toEqual([]);
  });

  it('sends unpaced rather than wait past its bound (Teams would send the turn again)', async () => {
    const world = pacedWorld(500);
    for (let sent = 0; sent < 7; sent++) world.limiter.tryTake(teamsSendKeys('19:channel', 'firm'));
    const settle = await world.pace('19:channel', 'firm');
    expect(world.slept).toEqual([]);
    expect(() => settle()).not.toThrow();
  });
});
