import { Cadence } from '../../core/domain/process-config';
import { isScheduledWeek, nextRuns, shortestGap } from '../../core/rules/cadence';

const cadence = (input: Record<string, unknown>) => Cadence.parse(input);
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the runs of a cadence', () => {
  describe('every second Thursday at 09:00 in London', () => {
    const fortnightly = cadence({ timeZone: 'Europe/London', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2025-03-13' });

    it('keeps 09:00 on the wall clock across the March DST change', () => {
      // British Summer Time starts on 2025-03-30: 09:00 is 09:00Z before and 08:00Z after.
      expect(iso(nextRuns(fortnightly, new Date('2025-03-01T00:00:00Z'), 4))).toEqual([
        '2025-03-13T09:00:00.000Z',
        '2025-03-27T09:00:00.000Z',
        '2025-04-10T08:00:00.000Z',
        '2025-04-24T08:00:00.000Z',
      ]);
    });

    it('counts weeks from the anchor’s week, before the anchor too', () => {
      expect(isScheduledWeek(fortnightly, new Date('2025-03-13T09:00:00Z'))).toBe(true);
      expect(isScheduledWeek(fortnightly, new Date('2025-03-20T09:00:00Z'))).toBe(false);
      expect(isScheduledWeek(fortnightly, new Date('2025-04-10T08:00:00Z'))).toBe(true);
      expect(isScheduledWeek(fortnightly, new Date('2025-02-27T09:00:00Z'))).toBe(true);
      expect(isScheduledWeek(fortnightly, new Date('2025-03-06T09:00:00Z'))).toBe(false);
    });

    it('judges the week in the cadence’s zone, Monday to Sunday', () => {
      // Sunday 23:30 in London on the anchor week's Sunday is still the anchor week, though it is Monday in Tokyo.
      expect(isScheduledWeek(fortnightly, new Date('2025-03-16T23:30:00Z'))).toBe(true);
      // Monday 00:30 BST (Sunday 23:30Z) is already the following ISO week in London.
      expect(isScheduledWeek(fortnightly, new Date('2025-04-06T23:30:00Z'))).toBe(true);
      expect(isScheduledWeek(fortnightly, new Date('2025-04-06T22:30:00Z'))).toBe(false);
    });

    it('has a shortest gap of two weeks less the hour the clocks go forward', () => {
      expect(shortestGap(fortnightly, new Date('2025-03-01T00:00:00Z'))?.gapMs).toBe(14 * DAY - HOUR);
    });

    it('treats a weekly cadence as scheduled every week', () => {
      expect(isScheduledWeek(cadence({ timeZone: 'Europe/London', hour: 9, daysOfWeek: [4] }), new Date('2025-03-20T09:00:00Z'))).toBe(true);
    });
  });

  it('runs quarterly on the 1st at 08:00 New York time', () => {
    const quarterly = cadence({ timeZone: 'America/New_York', hour: 8, daysOfMonth: [1], months: [1, 4, 7, 10] });
    expect(iso(nextRuns(quarterly, new Date('2025-01-15T00:00:00Z'), 4))).toEqual([
      '2025-04-01T12:00:00.000Z',
      '2025-07-01T12:00:00.000Z',
      '2025-10-01T12:00:00.000Z',
      '2026-01-01T13:00:00.000Z',
    ]);
    const gap = shortestGap(quarterly, new Date('2025-01-15T00:00:00Z'));
    // The shortest quarter: January to April 2026, 90 days less the hour the clocks go forward.
    expect(gap!.gapMs).toBe(90 * DAY - HOUR);
    expect(iso(gap!.between)).toEqual(['2026-01-01T13:00:00.000Z', '2026-04-01T12:00:00.000Z']);
  });

  it('runs on weekdays only, skipping the weekend', () => {
    const weekdays = cadence({ timeZone: 'Europe/Berlin', hour: 7, minute: 30, daysOfWeek: [1, 2, 3, 4, 5] });
    // Friday 08:00 in Berlin: today's 07:30 has passed.
    expect(iso(nextRuns(weekdays, new Date('2025-06-13T06:00:00Z'), 5))).toEqual([
      '2025-06-16T05:30:00.000Z',
      '2025-06-17T05:30:00.000Z',
      '2025-06-18T05:30:00.000Z',
      '2025-06-19T05:30:00.000Z',
      '2025-06-20T05:30:00.000Z',
    ]);
    expect(shortestGap(weekdays, new Date('2025-06-13T06:00:00Z'))?.gapMs).toBe(DAY);
  });

  it('skips the months that have no 31st', () => {
    const lastDay = cadence({ timeZone: 'UTC', hour: 10, daysOfMonth: [31] });
    expect(iso(nextRuns(lastDay, new Date('2025-01-01T00:00:00Z'), 5))).toEqual([
      '2025-01-31T10:00:00.000Z',
      '2025-03-31T10:00:00.000Z',
      '2025-05-31T10:00:00.000Z',
      '2025-07-31T10:00:00.000Z',
      '2025-08-31T10:00:00.000Z',
    ]);
  });

  it('never runs on a day that does not exist in its only month', () => {
    expect(nextRuns(cadence({ timeZone: 'UTC', hour: 10, daysOfMonth: [30], months: [2] }), new Date('2025-01-01T00:00:00Z'), 3)).toEqual([]);
    expect(shortestGap(cadence({ timeZone: 'UTC', hour: 10, daysOfMonth: [30], months: [2] }), new Date('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('needs both the weekday and the day of the month when both are given, like a Temporal calendar spec', () => {
    const fridayThe13th = cadence({ timeZone: 'UTC', hour: 12, daysOfWeek: [5], daysOfMonth: [13] });
    expect(iso(nextRuns(fridayThe13th, new Date('2025-01-01T00:00:00Z'), 3))).toEqual(['2025-06-13T12:00:00.000Z', '2026-02-13T12:00:00.000Z', '2026-03-13T12:00:00.000Z']);
  });

  it('lists only runs strictly after `from`', () => {
    const daily = cadence({ timeZone: 'UTC', hour: 9, daysOfWeek: [1, 2, 3, 4, 5, 6, 7] });
    expect(iso(nextRuns(daily, new Date('2025-05-01T09:00:00Z'), 1))).toEqual(['2025-05-02T09:00:00.000Z']);
  });

  it('does not fire at a time the spring-forward change skips, and fires once at a time the fall-back change repeats', () => {
    const nightly = cadence({ timeZone: 'Europe/London', hour: 1, minute: 30, daysOfWeek: [1, 2, 3, 4, 5, 6, 7] });
    expect(iso(nextRuns(nightly, new Date('2025-03-29T00:00:00Z'), 3))).toEqual([
      '2025-03-29T01:30:00.000Z', // GMT
      // 2025-03-30 01:30 does not exist in London
      '2025-03-31T00:30:00.000Z', // BST
      '2025-04-01T00:30:00.000Z',
    ]);
    expect(iso(nextRuns(nightly, new Date('2025-10-25T12:00:00Z'), 2))).toEqual([
      '2025-10-26T00:30:00.000Z', // the first 01:30 (BST); the second, at 01:30Z, is not repeated
      '2025-10-27T01:30:00.000Z',
    ]);
  });
});
