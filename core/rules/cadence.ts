import { DateTime, IANAZone } from 'luxon';
import type { Cadence } from '../domain/process-config';

/**
 * When a process config's cadence fires, computed the way a Temporal Schedule calendar spec in the
 * cadence's zone does, so the admin console's preview and the validation of lead times agree with what
 * the schedule will actually do:
 *
 * - every given field must match: with both daysOfWeek and daysOfMonth, a day must be in both (Temporal
 *   does not implement cron's "either" special case); an empty list matches everything;
 * - a day of the month that a month does not have (the 31st in April) simply does not match that month;
 * - the wall-clock time stays put across DST changes; a time that does not exist on a spring-forward day
 *   does not fire at all (as in Temporal), and a time that exists twice on a fall-back day is reported
 *   once, at its first occurrence (Temporal fires twice; the schedule's SKIP overlap policy drops the
 *   second start because the first run is still open);
 * - everyNWeeks is not something a calendar spec can say: the schedule fires every matching week and the
 *   workflow asks isScheduledWeek (through an activity) whether to run or skip. nextRuns applies the same
 *   filter, so it lists the runs that really happen.
 */

/** How far ahead nextRuns searches: long enough for any calendar combination (e.g. Friday the 13th in a given month) to recur. */
const SEARCH_HORIZON_DAYS = 366 * 8;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export function nextRuns(cadence: Cadence, from: Date, count: number): Date[] {
  const runs: Date[] = [];
  if (count <= 0) return runs;
  const zone = IANAZone.create(cadence.timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone ${cadence.timeZone}`);
  const after = from.getTime();
  // Day by day from the local day of `from`. Calendar dates do not depend on the zone, so they are walked on
  // a UTC calendar (cheap, and month lengths and leap years come right); the zone only resolves the time.
  const start = DateTime.fromMillis(after, { zone: cadence.timeZone });
  for (let scanned = 0, date = Date.UTC(start.year, start.month - 1, start.day); scanned < SEARCH_HORIZON_DAYS && runs.length < count; scanned++, date += DAY_MS) {
    const day = new Date(date);
    const isoWeekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
    if (!dayMatches(cadence, day.getUTCMonth() + 1, day.getUTCDate(), isoWeekday)) continue;
    const at = firstInstantOfWallClock(zone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), cadence.hour, cadence.minute);
    if (at === undefined || at <= after) continue;
    if (!isScheduledWeek(cadence, new Date(at))) continue;
    runs.push(new Date(at));
  }
  return runs;
}

/**
 * For cadences with everyNWeeks > 1: whether the ISO week (Monday to Sunday, in the cadence's zone) that
 * contains `at` is one of the scheduled weeks, counted from the week of anchorDate (week 0). Weeks before
 * the anchor follow the same rhythm. Always true for weekly cadences.
 */
export function isScheduledWeek(cadence: Pick<Cadence, 'timeZone' | 'everyNWeeks' | 'anchorDate'>, at: Date): boolean {
  const every = cadence.everyNWeeks ?? 1;
  if (every <= 1 || !cadence.anchorDate) return true;
  const local = DateTime.fromJSDate(at, { zone: cadence.timeZone });
  const anchor = DateTime.fromISO(cadence.anchorDate, { zone: 'utc' });
  // Count in whole calendar days between the Mondays of both weeks, on a UTC calendar so DST cannot shave an hour off.
  const mondayOf = (year: number, month: number, dayOfMonth: number, weekday: number) => Date.UTC(year, month - 1, dayOfMonth) - (weekday - 1) * DAY_MS;
  const weeks = Math.round((mondayOf(local.year, local.month, local.day, local.weekday) - mondayOf(anchor.year, anchor.month, anchor.day, anchor.weekday)) / (7 * DAY_MS));
  return ((weeks % every) + every) % every === 0;
}

/**
 * The shortest time between two consecutive runs over roughly the next year, which is what lead times
 * and answer windows must fit into. Undefined when the cadence runs fewer than twice in the search horizon.
 */
export function shortestGap(cadence: Cadence, from: Date): { gapMs: number; between: [Date, Date] } | undefined {
  const runs = nextRuns(cadence, from, 60);
  const first = runs[0];
  if (!first) return undefined;
  const horizon = first.getTime() + 400 * DAY_MS;
  let best: { gapMs: number; between: [Date, Date] } | undefined;
  for (let index = 1; index < runs.length; index++) {
    const previous = runs[index - 1]!;
    const current = runs[index]!;
    if (current.getTime() > horizon && best) break;
    const gapMs = current.getTime() - previous.getTime();
    if (!best || gapMs < best.gapMs) best = { gapMs, between: [previous, current] };
  }
  return best;
}

function dayMatches(cadence: Cadence, month: number, dayOfMonth: number, weekday: number): boolean {
  if (cadence.months.length > 0 && !cadence.months.includes(month)) return false;
  if (cadence.daysOfMonth.length > 0 && !cadence.daysOfMonth.includes(dayOfMonth)) return false;
  return cadence.daysOfWeek.length === 0 || cadence.daysOfWeek.includes(weekday);
}

/**
 * The earliest instant at which the zone's clock reads the given wall-clock time, or undefined when the
 * time does not exist that day (skipped by a spring-forward change).
 */
function firstInstantOfWallClock(zone: IANAZone, year: number, month: number, dayOfMonth: number, hour: number, minute: number): number | undefined {
  const naive = Date.UTC(year, month - 1, dayOfMonth, hour, minute);
  // Offsets in force around that day: at most two differ across any DST change.
  const offsets = new Set([zone.offset(naive - DAY_MS), zone.offset(naive), zone.offset(naive + DAY_MS)]);
  const candidates = [...offsets]
    .map((offsetMinutes) => naive - offsetMinutes * MINUTE_MS)
    .filter((instant) => zone.offset(instant) * MINUTE_MS === naive - instant)
    .sort((a, b) => a - b);
  return candidates[0];
}
