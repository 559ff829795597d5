import { DateTime } from 'luxon';

/** Today (in that zone) at a wall-clock time, e.g. 19:15 in Chicago: inside Sarah Lindqvist's 18:30-21:00 quiet hours. */
export function todayAt(timeZone: string, time: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.now().setZone(timeZone).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}
