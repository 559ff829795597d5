import { IMPACT_QUESTION, type AgendaItem, type AgendaItemKind } from '../../core/domain/agenda-item';
import { compileAgenda } from '../../core/rules/agenda-compilation';

let sequence = 0;
function item(kind: AgendaItemKind, overrides: Partial<AgendaItem> = {}): AgendaItem {
  sequence++;
  const raisedAt = new Date(Date.UTC(2026, 0, 5, 9, sequence)).toISOString();
  return {
    tenantId: 't1',
    accountId: 'northwind',
    id: `${kind}-${sequence}`,
    title: `${kind} ${sequence}`,
    detail: '',
    kind,
    raiserId: 'alejandro',
    raisedAt,
    status: 'raised',
    impactAnswers: [],
    createdAt: raisedAt,
    updatedAt: raisedAt,
    ...overrides,
  };
}

const total = (slots: { minutes: number }[]) => slots.reduce((sum, slot) => sum + slot.minutes, 0);
const describeSlots = (slots: { kind: string; agendaItemId?: string }[]) => slots.map((slot) => (slot.kind === 'impact' ? 'IMPACT' : slot.agendaItemId));

describe('compiling a leadership meeting’s agenda', () => {
  it('puts decisions first, then tensions, then initiatives followed by the reserved impact slot, and updates last', () => {
    const update = item('update');
    const initiative = item('initiative');
    const tension = item('tension');
    const decision = item('decision');
    const { slots, deferred } = compileAgenda([update, initiative, tension, decision], 60);
    expect(describeSlots(slots)).toEqual([decision.id, tension.id, initiative.id, 'IMPACT', update.id]);
    expect(deferred).toEqual([]);
  });

  it('asks the impact question in the reserved slot, word for word', () => {
    const { slots } = compileAgenda([item('initiative')], 60);
    const impact = slots.find((slot) => slot.kind === 'impact')!;
    expect(impact.title).toBe(IMPACT_QUESTION);
    expect(impact.agendaItemId).toBeUndefined();
  });

  it('sizes the impact slot at five minutes per initiative, never under ten', () => {
    const impactMinutes = (initiatives: number) => compileAgenda(Array.from({ length: initiatives }, () => item('initiative')), 90).slots.find((slot) => slot.kind === 'impact')!.minutes;
    expect(impactMinutes(1)).toBe(10);
    expect(impactMinutes(2)).toBe(10);
    expect(impactMinutes(3)).toBe(15);
    expect(impactMinutes(4)).toBe(20);
  });

  it('fills the meeting exactly, with at least five minutes per item and more for decisions and tensions than for updates', () => {
    const items = [item('decision'), item('tension'), item('initiative'), item('update')];
    const { slots } = compileAgenda(items, 60);
    expect(total(slots)).toBe(60);
    for (const slot of slots) expect(slot.minutes).toBeGreaterThanOrEqual(5);
    const minutesOf = (id: string) => slots.find((slot) => slot.agendaItemId === id)!.minutes;
    expect(minutesOf(items[0]!.id)).toBeGreaterThanOrEqual(minutesOf(items[2]!.id));
    expect(minutesOf(items[1]!.id)).toBeGreaterThan(minutesOf(items[3]!.id));
  });

  it('keeps the impact slot reserved when there is no initiative, after the tensions and before the updates', () => {
    const decision = item('decision');
    const tension = item('tension');
    const update = item('update');
    const { slots } = compileAgenda([update, tension, decision], 45);
    expect(describeSlots(slots)).toEqual([decision.id, tension.id, 'IMPACT', update.id]);
    expect(total(slots)).toBe(45);
  });

  it('reserves only the impact slot for a meeting with nothing raised', () => {
    const { slots, deferred } = compileAgenda([], 60);
    expect(describeSlots(slots)).toEqual(['IMPACT']);
    expect(slots[0]!.minutes).toBe(10);
    expect(deferred).toEqual([]);
  });

  it('orders items of one kind by when they were raised, then by id', () => {
    const later = item('tension', { raisedAt: '2026-01-05T12:00:00.000Z', id: 'b-tension' });
    const earlier = item('tension', { raisedAt: '2026-01-05T08:00:00.000Z', id: 'z-tension' });
    const tie = item('tension', { raisedAt: '2026-01-05T12:00:00.000Z', id: 'a-tension' });
    const { slots } = compileAgenda([later, earlier, tie], 60);
    expect(describeSlots(slots)).toEqual(['z-tension', 'a-tension', 'b-tension', 'IMPACT']);
  });

  it('leaves out items already discussed or withdrawn, and compiles scheduled ones again', () => {
    const discussed = item('decision', { status: 'discussed' });
    const withdrawn = item('tension', { status: 'withdrawn' });
    const scheduled = item('update', { status: 'scheduled' });
    const { slots, deferred } = compileAgenda([discussed, withdrawn, scheduled], 30);
    expect(describeSlots(slots)).toEqual(['IMPACT', scheduled.id]);
    expect(deferred).toEqual([]);
  });

  it('defers what does not fit, updates first, rather than squeezing items below five minutes', () => {
    const decisions = [item('decision'), item('decision')];
    const initiative = item('initiative');
    const updates = [item('update'), item('update'), item('update')];
    // 30 minutes: 10 for the impact slot leaves room for four items of five minutes.
    const { slots, deferred } = compileAgenda([...updates, initiative, ...decisions], 30);
    expect(deferred).toEqual([updates[1]!.id, updates[2]!.id]);
    expect(describeSlots(slots)).toEqual([decisions[0]!.id, decisions[1]!.id, initiative.id, 'IMPACT', updates[0]!.id]);
    expect(total(slots)).toBe(30);
    for (const slot of slots) expect(slot.minutes).toBeGreaterThanOrEqual(5);
  });

  it('is deterministic: the same items in any order give the same agenda', () => {
    const items = [item('decision'), item('tension'), item('initiative'), item('initiative'), item('update')];
    const forward = compileAgenda(items, 60);
    const backward = compileAgenda([...items].reverse(), 60);
    expect(backward).toEqual(forward);
  });
});
