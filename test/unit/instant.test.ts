import { Instant } from '../../core/domain/common';

describe('an instant', () => {
  it('is kept in UTC with milliseconds, whatever offset it was given with', () => {
    expect(Instant.parse('2026-11-28T09:30:00-06:00')).toBe('2026-11-28T15:30:00.000Z');
    expect(Instant.parse('2026-11-28T16:30:00+02:00')).toBe('2026-11-28T14:30:00.000Z');
    expect(Instant.parse('2026-12-31T23:30:00-05:00')).toBe('2027-01-01T04:30:00.000Z');
    expect(Instant.parse('2026-11-28T15:00:00Z')).toBe('2026-11-28T15:00:00.000Z');
    expect(Instant.parse('2026-11-28T15:00:00.1+05:30')).toBe('2026-11-28T09:30:00.100Z');
  });

  it('drops digits past the millisecond', () => {
    expect(Instant.parse('2026-11-28T15:00:00.123456Z')).toBe('2026-11-28T15:00:00.123Z');
  });

  it('leaves an instant already in that form as it is', () => {
    expect(Instant.parse('2026-11-28T15:00:00.250Z')).toBe('2026-11-28T15:00:00.250Z');
  });

  it('sorts as text in time order once kept', () => {
    const written = ['2026-11-28T09:30:00-06:00', '2026-11-28T16:30:00+02:00', '2026-11-28T15:00:00Z'];
    const kept = written.map((value) => Instant.parse(value));
    expect([...kept].sort()).toEqual([...kept].sort((a, b) => Date.parse(a) - Date.parse(b)));
    expect([...kept].sort()).toEqual(['2026-11-28T14:30:00.000Z', '2026-11-28T15:00:00.000Z', '2026-11-28T15:30:00.000Z']);
  });

  it('refuses what is not an instant with an offset', () => {
    for (const value of ['2026-11-28T15:00:00', '2026-11-28', 'yesterday', '2026-13-01T00:00:00Z', '2026-11-28T15:00:00+0100']) {
      expect(Instant.safeParse(value).success).toBe(false);
    }
  });
});
