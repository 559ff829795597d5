/**
 * Wall-clock arithmetic in a contact's IANA time zone without a date library: the contact's local time,
 * whether it falls inside a quiet window, and instants for a given local time (preview samples pin the
 * clock to "19:15 in Chicago").
 *
 * The server's answer carries the contact's current UTC offset (in `clock.localTime`), so the common path
 * is plain arithmetic; Intl with a time zone (whose first use costs tens of milliseconds while ICU loads)
 * is the fallback when no offset is known.
 */

export interface QuietWindow {
  /** HH:mm in the contact's zone; `end` before `start` means the window crosses midnight. */
  start: string;
  end: string;
  /** ISO weekdays 1 (Monday) to 7 (Sunday); empty means every day. */
  days: number[];
  note?: string;
}

export interface LocalClock {
  /** HH:mm on the contact's wall clock. */
  time: string;
  /** ISO weekday 1-7 on the contact's calendar. */
  weekday: number;
  weekdayName: string;
  timeZone: string;
  inQuietHours: boolean;
  /** The window the contact is in right now, if any. */
  window?: QuietWindow;
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
  weekdayName: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The UTC offset in minutes of an ISO timestamp such as 2026-11-28T10:30:00.000-06:00 (undefined without one). */
export function offsetMinutesOf(isoWithOffset: string): number | undefined {
  if (/Z$/i.test(isoWithOffset)) return 0;
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(isoWithOffset);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** Wall-clock parts at a fixed UTC offset: Date arithmetic only. */
function partsAtOffset(instant: Date, offsetMinutes: number): ZonedParts {
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
  const day = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: day === 0 ? 7 : day,
    weekdayName: WEEKDAY_NAMES[day]!,
  };
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const weekdayName = parts.weekday ?? 'Mon';
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAYS[weekdayName] ?? 1,
    weekdayName,
  };
}

const minutesOf = (time: string) => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
};
const pad = (value: number) => String(value).padStart(2, '0');
const previousWeekday = (weekday: number) => (weekday === 1 ? 7 : weekday - 1);

/**
 * Where the contact's clock stands now and whether it is inside one of their quiet windows. With
 * `offsetMinutes` (the zone's current offset, from the server) no Intl is needed.
 */
export function localClock(windows: readonly QuietWindow[], timeZone: string, now: Date, offsetMinutes?: number): LocalClock {
  const local = offsetMinutes === undefined ? zonedParts(now, timeZone) : partsAtOffset(now, offsetMinutes);
  const minute = local.hour * 60 + local.minute;
  const applies = (window: QuietWindow, weekday: number) => window.days.length === 0 || window.days.includes(weekday);
  const current = windows.find((window) => {
    const start = minutesOf(window.start);
    const end = minutesOf(window.end);
    if (start < end) return applies(window, local.weekday) && start <= minute && minute < end;
    // Crosses midnight: the evening part belongs to today, the morning part to the window that began yesterday.
    return (minute >= start && applies(window, local.weekday)) || (minute < end && applies(window, previousWeekday(local.weekday)));
  });
  return {
    time: `${pad(local.hour)}:${pad(local.minute)}`,
    weekday: local.weekday,
    weekdayName: local.weekdayName,
    timeZone,
    inQuietHours: current !== undefined,
    ...(current ? { window: current } : {}),
  };
}

/** The instant at which the wall clock in `timeZone` shows `time` (HH:mm) on the calendar day it shows at `reference`. */
export function instantAtLocalTime(reference: Date, timeZone: string, time: string): Date {
  const day = zonedParts(reference, timeZone);
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  // Two passes converge on the zone's offset at that wall time (once more across a DST change).
  let guess = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const seen = zonedParts(new Date(guess), timeZone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    guess += wanted - seenAsUtc;
  }
  return new Date(guess);
}

/** A calendar date (YYYY-MM-DD, or the date part of an instant) as "15 Jan 2027". */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${day} ${MONTH_NAMES[month - 1] ?? '?'} ${year}`;
}

/** The calendar date an instant falls on in the reader's own zone, e.g. "15 Jan 2027" (for deadlines). */
export function formatLocalDate(iso: string): string {
  const date = new Date(iso);
  return `${date.getDate()} ${MONTH_NAMES[date.getMonth()]} ${date.getFullYear()}`;
}

/** An instant in the reader's own zone, e.g. "Thu 4 Dec, 09:00". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return `${WEEKDAY_NAMES[date.getDay()]} ${date.getDate()} ${MONTH_NAMES[date.getMonth()]}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** YYYY-MM-DD of the reader's calendar, `days` from `now`. */
export function isoDateInDays(now: Date, days: number): string {
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value of an <input type="datetime-local"> for the reader's `now` + `days` at `time`. */
export function localDateTimeInDays(now: Date, days: number, time: string): string {
  return `${isoDateInDays(now, days)}T${time}`;
}
