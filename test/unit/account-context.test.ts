import { demoFirm } from '../../core/demo/demo-firm';
import type { RecordOf } from '../../core/domain/record-kinds';
import fc from 'fast-check';
import { assembleAccountContext, contextStableUntil, nextCheckInDue, type AccountBundle } from '../../core/rules/account-context';
import { canSeeAccount, isWalledOff } from '../../core/rules/ethical-wall';

const NOW = new Date('2026-11-28T15:00:00Z');

function bundleFor(contactId?: string): AccountBundle {
  const seed = demoFirm(NOW, 'tenant');
  const of = <K extends RecordOf<'person'> | RecordOf<'account'>>(kind: string) => seed.filter((item) => item.kind === kind).map((item) => item.record as K);
  const account = of<RecordOf<'account'>>('account').find((item) => item.id === 'northwind')!;
  const inAccount = (kind: string) => seed.filter((item) => item.kind === kind && (item.record as { accountId?: string }).accountId === 'northwind').map((item) => item.record);
  return {
    account,
    ...(contactId ? { contact: inAccount('contact').find((item) => item.id === contactId) as RecordOf<'contact'> } : {}),
    people: of<RecordOf<'person'>>('person'),
    delegations: inAccount('delegation') as RecordOf<'delegation'>[],
    meetings: inAccount('meeting') as RecordOf<'meeting'>[],
    agendaItems: inAccount('agendaItem') as RecordOf<'agendaItem'>[],
    progress: inAccount('progressEntry') as RecordOf<'progressEntry'>[],
  };
}

describe('the Outlook pane’s account context', () => {
  const context = assembleAccountContext({ accountId: 'northwind', contactId: 'sarah-lindqvist', matchedBy: 'email', matchedKey: 'email:x' }, bundleFor('sarah-lindqvist'), NOW);

  it('names the accountable lead and each leader’s remit', () => {
    expect(context.accountableLead?.name).toBe('Alejandro Ruiz');
    expect(context.leadershipTeam.map((member) => [member.person.name, member.remit])).toEqual([
      ['Alejandro Ruiz', 'audit; client Board relationship'],
      ['Stephanie Cho', 'tax'],
      ['Peter Novak', 'risk advisory'],
    ]);
  });

  it('shows who owns what, leaving unowned responsibilities without an owner', () => {
    expect(context.responsibilities.find((item) => item.id === 'board-relationship')?.owner?.name).toBe('Alejandro Ruiz');
    expect(context.responsibilities.find((item) => item.id === 'client-comms-calendar')?.owner).toBeUndefined();
  });

  it('gives each goal its latest progress and the share of target reached', () => {
    const profit = context.goals.find((goal) => goal.id === 'profit-growth')!;
    expect(profit.latestProgress?.value).toBe(6);
    expect(profit.percentOfTarget).toBe(40);
  });

  it('lists open delegations with the next check-in and marks a missed one', () => {
    const rd = context.openDelegations.find((item) => item.id === 'rd-credit-map')!;
    expect(rd.delegate?.name).toBe('Tom Becker');
    expect(rd.checkInOverdue).toBe(true); // last check-in 13 days ago on a weekly cadence
    expect(context.openDelegations.find((item) => item.id === 'cyber-controls-gap')?.checkInOverdue).toBe(false);
  });

  it('shows the next meeting with its agenda items in the order raised', () => {
    expect(context.nextMeeting?.id).toBe('leadership-next');
    expect(context.nextMeeting?.items.map((item) => item.title)).toEqual(['Propose a strategic advisory workshop to the Board', 'How we use our time with the Board']);
  });

  it('tells the contact’s clock and preferences', () => {
    expect(context.contact?.clock.timeZone).toBe('America/Chicago');
    expect(context.contact?.preferences.avoidedChannels).toContain('voicemail');
  });

  it('computes a check-in due one cadence after the last one', () => {
    expect(nextCheckInDue({ createdAt: '2026-11-01T10:00:00Z', checkIns: [], checkInEveryDays: 7 }).toISOString()).toBe('2026-11-08T10:00:00.000Z');
  });

  it('counts a cadence from the latest check-in, whatever offset the instants were written with', () => {
    const due = nextCheckInDue({
      createdAt: '2026-11-01T10:00:00Z',
      checkIns: [{ at: '2026-11-20T09:00:00-05:00' }, { at: '2026-11-10T08:00:00Z' }] as RecordOf<'delegation'>['checkIns'],
      checkInEveryDays: 7,
    });
    expect(due.toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });
});

describe('how long an assembled context stays right', () => {
  const resolution = { accountId: 'northwind', contactId: 'sarah-lindqvist', matchedBy: 'email', matchedKey: 'email:x' } as const;
  // The contact's clock moves every minute by design; everything else must hold until the instant returned.
  const withoutClock = (context: ReturnType<typeof assembleAccountContext>) => ({ ...context, contact: { ...context.contact, clock: undefined } });

  it('ends no later than the next UTC midnight, and at a check-in falling due or a meeting starting when that comes first', () => {
    const bundle = bundleFor('sarah-lindqvist');
    expect(contextStableUntil({ delegations: [], meetings: [] }, NOW).toISOString()).toBe('2026-11-29T00:00:00.000Z');
    const due = { createdAt: '2026-11-21T16:30:00Z', checkIns: [], checkInEveryDays: 7 } as unknown as RecordOf<'delegation'>;
    expect(contextStableUntil({ delegations: [due], meetings: [] }, NOW).toISOString()).toBe('2026-11-28T16:30:00.001Z');
    const meeting = { ...bundle.meetings[0]!, scheduledAt: '2026-11-28T17:00:00Z' };
    expect(contextStableUntil({ delegations: [], meetings: [meeting] }, NOW).toISOString()).toBe('2026-11-28T17:00:00.001Z');
  });

  it('never outlives a change: assembling again at any instant before it gives the same context', () => {
    const bundle = bundleFor('sarah-lindqvist');
    const start = new Date('2026-11-20T00:00:00Z').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 86_400_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (offset, fraction) => {
        const at = new Date(start + offset);
        const until = contextStableUntil(bundle, at).getTime();
        expect(until).toBeGreaterThan(at.getTime());
        const later = new Date(at.getTime() + Math.floor((until - 1 - at.getTime()) * fraction));
        expect(withoutClock(assembleAccountContext(resolution, bundle, later))).toEqual(withoutClock(assembleAccountContext(resolution, bundle, at)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('ethical walls', () => {
  const account = { tenantId: 'tenant', walls: ['marcus'] };
  it('keeps a walled person out and lets others in', () => {
    expect(isWalledOff(account, 'marcus')).toBe(true);
    expect(canSeeAccount(account, { tenantId: 'tenant', personId: 'marcus' })).toBe(false);
    expect(canSeeAccount(account, { tenantId: 'tenant', personId: 'stephanie' })).toBe(true);
  });
  it('never lets another tenant see the account', () => {
    expect(canSeeAccount(account, { tenantId: 'other', personId: 'stephanie' })).toBe(false);
  });
});
