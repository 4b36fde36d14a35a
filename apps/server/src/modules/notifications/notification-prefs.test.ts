import { describe, expect, test } from 'vitest';
import { channelsFor, DEFAULT_PREFS, deliverAt, withDefaults } from './notification-prefs.ts';

// 2026-01-15 23:30 in China is 15:30 UTC.
const chinaTime = (hhmm: string, day = '2026-01-15') => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2026, 0, Number(day.slice(8)), (h ?? 0) - 8, m ?? 0));
};

describe('quiet hours (China time)', () => {
  test('outside the quiet hours a notification goes now', () => {
    const now = chinaTime('12:00');
    expect(deliverAt(DEFAULT_PREFS, now, false)).toEqual(now);
  });
  test('at 23:30 it waits until 07:00 the next morning', () => {
    expect(deliverAt(DEFAULT_PREFS, chinaTime('23:30'), false)).toEqual(chinaTime('07:00', '2026-01-16'));
  });
  test('at 06:10 it waits until 07:00 the same morning', () => {
    expect(deliverAt(DEFAULT_PREFS, chinaTime('06:10'), false)).toEqual(chinaTime('07:00'));
  });
  test('an urgent one rings through only if the person allowed it', () => {
    const night = chinaTime('02:00');
    expect(deliverAt(DEFAULT_PREFS, night, true)).toEqual(chinaTime('07:00'));
    expect(deliverAt({ ...DEFAULT_PREFS, urgentThroughQuiet: true }, night, true)).toEqual(night);
  });
  test('a daytime quiet period that does not cross midnight', () => {
    const prefs = { ...DEFAULT_PREFS, quietHours: { start: '13:00', end: '14:30' } };
    expect(deliverAt(prefs, chinaTime('13:15'), false)).toEqual(chinaTime('14:30'));
    expect(deliverAt(prefs, chinaTime('14:30'), false)).toEqual(chinaTime('14:30'));
  });
  test('no quiet hours: always now', () => {
    const now = chinaTime('03:00');
    expect(deliverAt({ ...DEFAULT_PREFS, quietHours: null }, now, false)).toEqual(now);
  });
});

describe('channels', () => {
  test('SMS carries only a match on my need, and only when chosen', () => {
    const prefs = withDefaults({ channels: { match: ['push', 'sms'], alert: ['sms'] } });
    expect(channelsFor(prefs, 'match', { myPostIsNeed: true })).toEqual(['push', 'sms']);
    expect(channelsFor(prefs, 'match', { myPostIsNeed: false })).toEqual(['push']);
    expect(channelsFor(prefs, 'alert', {})).toEqual([]);
    expect(channelsFor(DEFAULT_PREFS, 'match', { myPostIsNeed: true })).toEqual(['push']);
  });
});
