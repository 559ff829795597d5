import { nextTimeOutsideQuietHours, quietHoursStatus } from '../../core/rules/quiet-hours';

const bedtime = [{ start: '18:30', end: '21:00', days: [] }];
const overnight = [{ start: '19:00', end: '07:30', days: [] }];

describe('a contact’s quiet hours', () => {
  it('tells the contact’s local time in their own zone', () => {
    const status = quietHoursStatus([], 'America/Chicago', new Date('2026-11-28T15:00:00Z'));
    expect(status.localTime).toBe('2026-11-28T09:00:00.000-06:00');
    expect(status.inQuietHours).toBe(false);
  });

  it('answers the same for every instant of a minute, and tells the time to the minute', () => {
    const zones = ['America/Chicago', 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns'];
    const windows = [{ start: '18:29', end: '21:01', days: [] }, ...overnight];
    for (const zone of zones) {
      // Around DST changes and window edges alike: every second of an hour on both spring-forward days.
      for (const base of [Date.UTC(2026, 2, 8, 7, 0), Date.UTC(2026, 2, 29, 0, 30), Date.UTC(2026, 9, 4, 15, 0), Date.UTC(2026, 10, 29, 0, 0)]) {
        for (let second = 0; second < 3600; second += 7) {
          const at = base + second * 1000;
          const minuteStart = Math.floor(at / 60_000) * 60_000;
          expect(quietHoursStatus(windows, zone, new Date(at))).toEqual(quietHoursStatus(windows, zone, new Date(minuteStart)));
        }
      }
    }
    expect(quietHoursStatus([], 'America/Chicago', new Date('2026-11-28T15:00:42.123Z')).localTime).toBe('2026-11-28T09:00:00.000-06:00');
  });

  it('is inside the bedtime window at 19:00 local and says when it ends', () => {
    const status = quietHoursStatus(bedtime, 'America/Chicago', new Date('2026-11-29T01:00:00Z'));
    expect(status.inQuietHours).toBe(true);
    expect(status.endsAt).toBe('2026-11-29T03:00:00.000Z');
  });

  it('is outside the window exactly when it ends (21:00 local)', () => {
    expect(quietHoursStatus(bedtime, 'America/Chicago', new Date('2026-11-29T03:00:00Z')).inQuietHours).toBe(false);
  });

  it('handles a window that crosses midnight, on both sides of midnight', () => {
    expect(quietHoursStatus(overnight, 'Europe/Berlin', new Date('2026-11-28T22:30:00Z')).inQuietHours).toBe(true); // 23:30 Berlin
    const early = quietHoursStatus(overnight, 'Europe/Berlin', new Date('2026-11-29T05:00:00Z')); // 06:00 Berlin
    expect(early.inQuietHours).toBe(true);
    expect(early.endsAt).toBe('2026-11-29T06:30:00.000Z');
    expect(quietHoursStatus(overnight, 'Europe/Berlin', new Date('2026-11-29T07:00:00Z')).inQuietHours).toBe(false); // 08:00
  });

  it('keeps the local wall-clock window across a DST change', () => {
    // US DST starts 2026-03-08: 18:30 Chicago is 00:30Z the day before, 23:30Z the day after.
    expect(quietHoursStatus(bedtime, 'America/Chicago', new Date('2026-03-08T00:45:00Z')).inQuietHours).toBe(true); // 18:45 CST, Mar 7
    expect(quietHoursStatus(bedtime, 'America/Chicago', new Date('2026-03-08T23:45:00Z')).inQuietHours).toBe(true); // 18:45 CDT, Mar 8
    expect(quietHoursStatus(bedtime, 'America/Chicago', new Date('2026-03-09T00:45:00Z')).inQuietHours).toBe(true); // 19:45 CDT
    expect(quietHoursStatus(bedtime, 'America/Chicago', new Date('2026-03-09T02:15:00Z')).inQuietHours).toBe(false); // 21:15 CDT
  });

  it('applies a window only on its days', () => {
    const weekdays = [{ start: '18:30', end: '21:00', days: [1, 2, 3, 4, 5] }];
    expect(quietHoursStatus(weekdays, 'America/Chicago', new Date('2026-11-27T01:00:00Z')).inQuietHours).toBe(true); // Thu 19:00
    expect(quietHoursStatus(weekdays, 'America/Chicago', new Date('2026-11-29T01:00:00Z')).inQuietHours).toBe(false); // Sat 19:00
  });

  it('finds the next moment a prompt may be sent, across chained windows', () => {
    const chained = [
      { start: '22:00', end: '23:00', days: [] },
      { start: '23:00', end: '07:00', days: [] },
    ];
    expect(nextTimeOutsideQuietHours(chained, 'UTC', new Date('2026-11-28T22:30:00Z')).toISOString()).toBe('2026-11-29T07:00:00.000Z');
    const free = new Date('2026-11-28T12:00:00Z');
    expect(nextTimeOutsideQuietHours(chained, 'UTC', free)).toBe(free);
  });

  it('rejects an unknown time zone', () => {
    expect(() => quietHoursStatus(bedtime, 'Mars/Olympus_Mons', new Date())).toThrow(/time zone/);
  });
});
