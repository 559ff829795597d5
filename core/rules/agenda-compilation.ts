import { IMPACT_QUESTION, OPEN_AGENDA_ITEM_STATUSES, type AgendaItem, type AgendaItemKind } from '../domain/agenda-item';
import type { AgendaSlot } from '../domain/meeting';

/** Decisions first (they unblock work), then tensions (the awkward things made discussable), then initiatives, updates last. */
const KIND_ORDER: Record<AgendaItemKind, number> = { decision: 0, tension: 1, initiative: 2, update: 3 };
const KIND_WEIGHT: Record<AgendaItemKind, number> = { decision: 2, tension: 2, initiative: 1.5, update: 1 };
const MIN_ITEM_MINUTES = 5;
const IMPACT_MINUTES_PER_INITIATIVE = 5;
const MIN_IMPACT_MINUTES = 10;

export interface CompiledAgenda {
  slots: AgendaSlot[];
  /** Items that did not fit in the meeting and roll over to the next one. */
  deferred: string[];
}

/**
 * Compiles a leadership meeting's agenda. The slot for "How does this new initiative affect your group
 * and your personal priorities?" is always reserved, right after the initiatives it is about, sized by
 * how many initiatives there are; remaining time is shared by weight with a floor per item. Items that
 * cannot get their floor are deferred (updates first), never silently squeezed to nothing.
 */
export function compileAgenda(items: readonly AgendaItem[], meetingMinutes: number): CompiledAgenda {
  const live = items
    .filter((item) => OPEN_AGENDA_ITEM_STATUSES.includes(item.status))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.raisedAt.localeCompare(b.raisedAt) || a.id.localeCompare(b.id));
  const initiatives = live.filter((item) => item.kind === 'initiative').length;
  const impactMinutes = Math.min(meetingMinutes, Math.max(MIN_IMPACT_MINUTES, initiatives * IMPACT_MINUTES_PER_INITIATIVE));

  // Drop from the end (updates, then the latest initiatives…) until every kept item gets its floor.
  let kept = [...live];
  while (kept.length > 0 && kept.length * MIN_ITEM_MINUTES > meetingMinutes - impactMinutes) kept = kept.slice(0, -1);
  const deferred = live.slice(kept.length).map((item) => item.id);

  const spare = meetingMinutes - impactMinutes - kept.length * MIN_ITEM_MINUTES;
  const totalWeight = kept.reduce((sum, item) => sum + KIND_WEIGHT[item.kind], 0);
  const slots: AgendaSlot[] = [];
  const impactSlot: AgendaSlot = { kind: 'impact', title: IMPACT_QUESTION, minutes: impactMinutes };
  let allocated = impactMinutes;
  kept.forEach((item, index) => {
    const share = totalWeight > 0 ? Math.floor((spare * KIND_WEIGHT[item.kind]) / totalWeight) : 0;
    let minutes = MIN_ITEM_MINUTES + share;
    if (index === kept.length - 1) minutes = Math.max(MIN_ITEM_MINUTES, meetingMinutes - allocated); // give the rounding remainder to the last item
    allocated += minutes;
    slots.push({ kind: 'item', agendaItemId: item.id, title: item.title, minutes });
    const nextIsNotInitiative = kept[index + 1]?.kind !== 'initiative';
    if (item.kind === 'initiative' && nextIsNotInitiative) slots.push(impactSlot);
  });
  if (!slots.includes(impactSlot)) {
    // No initiative this time: the slot stays reserved, after the tensions, for anything raised in the room.
    const afterTensions = slots.findIndex((slot) => slot.agendaItemId && kept.find((item) => item.id === slot.agendaItemId)?.kind === 'update');
    slots.splice(afterTensions < 0 ? slots.length : afterTensions, 0, impactSlot);
  }
  return { slots, deferred };
}
