import type { WeekHours } from '@medrelay/contracts';
import { describe, expect, test } from 'vitest';
import { isOpenAt } from './opening-hours.ts';

const day = [{ open: '08:30', close: '21:00' }];
// Monday to Saturday 08:30–21:00; Sunday closed.
const HOURS: WeekHours = [day, day, day, day, day, day, []];
// A night pharmacy: Friday 20:00 until Saturday 08:00 is two spans.
const NIGHT: WeekHours = [
  [],
  [],
  [],
  [],
  [{ open: '20:00', close: '24:00' }],
  [{ open: '00:00', close: '08:00' }],
  [],
];

describe('open now, in China time', () => {
  test('2026-01-12 is a Monday: open at 08:30 and until 20:59 Shanghai time', () => {
    expect(isOpenAt(HOURS, new Date('2026-01-12T00:29:00Z'))).toBe(false); // 08:29
    expect(isOpenAt(HOURS, new Date('2026-01-12T00:30:00Z'))).toBe(true); // 08:30
    expect(isOpenAt(HOURS, new Date('2026-01-12T12:59:00Z'))).toBe(true); // 20:59
    expect(isOpenAt(HOURS, new Date('2026-01-12T13:00:00Z'))).toBe(false); // 21:00
  });
  test('the weekday is the one in Shanghai, not in UTC', () => {
    // Sunday 2026-01-18 23:00 UTC is Monday 07:00 in Shanghai; Saturday 17:00 UTC is Sunday 01:00.
    expect(isOpenAt(HOURS, new Date('2026-01-18T01:00:00Z'))).toBe(false); // Sunday 09:00
    expect(isOpenAt(HOURS, new Date('2026-01-19T01:00:00Z'))).toBe(true); // Monday 09:00
  });
  test('a night shift spans two days', () => {
    expect(isOpenAt(NIGHT, new Date('2026-01-16T15:30:00Z'))).toBe(true); // Friday 23:30
    expect(isOpenAt(NIGHT, new Date('2026-01-16T19:00:00Z'))).toBe(true); // Saturday 03:00
    expect(isOpenAt(NIGHT, new Date('2026-01-17T01:00:00Z'))).toBe(false); // Saturday 09:00
  });
});
