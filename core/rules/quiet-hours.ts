import { DateTime } from 'luxon';
import type { QuietHours } from '../domain/contact';

export interface QuietHoursStatus {
  /** The contact's wall-clock time to the minute (seconds zeroed), ISO with their offset. */
  localTime: string;
  timeZone: string;
  inQuietHours: boolean;
  /** The window the contact is in right now, if any. */
  window?: QuietHours;
  /** When the current quiet window ends (UTC ISO), so a sender knows when they tune in again. */
  endsAt?: string;
}

interface Occurrence {
  window: QuietHours;
  start: DateTime;
  end: DateTime;
}

/**
 * The occurrences of each window that can contain `now`: the one starting today and, for windows that
 * cross midnight, the one that started yesterday. Wall-clock times are resolved in the contact's zone,
 * so a DST change moves the instant but never the local time (a time that does not exist on a
 * spring-forward day is moved forward by luxon, which is what a person would mean).
 */
function occurrencesAround(windows: readonly QuietHours[], local: DateTime): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const dayOffset of [-1, 0, 1]) {
    const day = local.startOf('day').plus({ days: dayOffset });
    for (const window of windows) {
      if (window.days.length > 0 && !window.days.includes(day.weekday)) continue;
      const start = atTimeOfDay(day, window.start);
      let end = atTimeOfDay(day, window.end);
      if (end <= start) end = atTimeOfDay(day.plus({ days: 1 }), window.end);
      occurrences.push({ window, start, end });
    }
  }
  return occurrences;
}

function atTimeOfDay(day: DateTime, time: string): DateTime {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: day.zone });
}

function toLocal(now: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`invalid time zone: ${timeZone}`);
  return local;
}

/**
 * Where the contact's clock stands and whether `now` falls inside one of their quiet windows. Windows
 * start and end on whole minutes and today's UTC offsets are whole minutes, so the answer is the same
 * for every instant of a minute: it is computed for the minute's start, which lets callers cache it
 * for the rest of the minute (see contextStableUntil).
 */
export function quietHoursStatus(windows: readonly QuietHours[], timeZone: string, now: Date): QuietHoursStatus {
  const local = toLocal(now, timeZone).startOf('minute');
  const current = occurrencesAround(windows, local)
    .filter((occurrence) => occurrence.start <= local && local < occurrence.end)
    .sort((a, b) => b.end.toMillis() - a.end.toMillis())[0];
  const status: QuietHoursStatus = { localTime: local.toISO() ?? '', timeZone, inQuietHours: current !== undefined };
  if (current) {
    status.window = current.window;
    status.endsAt = current.end.toUTC().toISO() ?? undefined;
  }
  return status;
}

/**
 * The earliest instant at or after `from` outside every quiet window: when a prompt that falls due
 * inside quiet hours may be sent. Windows can chain (22:00-23:00 then 23:00-07:00), hence the loop.
 */
export function nextTimeOutsideQuietHours(windows: readonly QuietHours[], timeZone: string, from: Date): Date {
  let candidate = from;
  for (let hop = 0; hop < 16; hop++) {
    const status = quietHoursStatus(windows, timeZone, candidate);
    if (!status.inQuietHours || !status.endsAt) return candidate;
    candidate = new Date(status.endsAt);
  }
  return candidate;
}
