import { expect, test } from 'vitest';
import { chinaDate, secondsUntilChinaMidnight } from './clock.ts';

test('China dates and the next China midnight, on both sides of 16:00 UTC', () => {
  expect(chinaDate(new Date('2026-01-15T15:59:59Z'))).toBe('2026-01-15');
  expect(chinaDate(new Date('2026-01-15T16:00:00Z'))).toBe('2026-01-16');
  expect(secondsUntilChinaMidnight(new Date('2026-01-15T08:00:00Z'))).toBe(8 * 3600);
  expect(secondsUntilChinaMidnight(new Date('2026-01-15T16:00:00Z'))).toBe(24 * 3600);
  expect(secondsUntilChinaMidnight(new Date('2026-01-15T23:00:00Z'))).toBe(17 * 3600);
});
