import { describe, expect, test } from 'vitest';
import { chinaDay, dueOccurrences, nextOccurrence } from './reminder-schedule.ts';

const s = { times: ['08:00', '20:30'], startsOn: '2026-01-12', endsOn: '2026-01-13' };

describe('a reminder rings at its China wall-clock times within its course', () => {
  test('the next occurrence is the next time in Asia/Shanghai, not UTC', () => {
    // 2026-01-12 07:00 China time is 2026-01-11 23:00 UTC.
    expect(nextOccurrence(s, new Date('2026-01-11T23:00:00Z'))?.toISOString()).toBe(
      '2026-01-12T00:00:00.000Z',
    );
    expect(nextOccurrence(s, new Date('2026-01-12T00:00:00Z'))?.toISOString()).toBe(
      '2026-01-12T12:30:00.000Z',
    );
  });
  test('nothing before the course starts or after it ends', () => {
    expect(nextOccurrence(s, new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-01-12T00:00:00.000Z',
    );
    expect(nextOccurrence(s, new Date('2026-01-13T12:30:00Z'))).toBeNull();
  });
  test('after a long outage every occurrence up to now is listed, oldest first', () => {
    const due = dueOccurrences(s, new Date('2026-01-12T00:00:00Z'), new Date('2026-01-13T01:00:00Z'));
    expect(due.map((d) => d.toISOString())).toEqual([
      '2026-01-12T00:00:00.000Z',
      '2026-01-12T12:30:00.000Z',
      '2026-01-13T00:00:00.000Z',
    ]);
  });
  test('the China day of an instant', () => {
    expect(chinaDay(new Date('2026-01-12T16:30:00Z'))).toBe('2026-01-13');
  });
});

test('a run-wide memo of croner answers gives the same occurrences', () => {
  const memo = new Map();
  const from = new Date('2026-01-11T23:00:00Z');
  const other = { ...s, endsOn: '2026-01-12' };
  expect(nextOccurrence(s, from, memo)).toEqual(nextOccurrence(s, from));
  // Shared by a reminder with another course: the course's own end still applies.
  expect(nextOccurrence(other, new Date('2026-01-12T12:30:00Z'), memo)).toBeNull();
  expect(nextOccurrence(s, new Date('2026-01-12T12:30:00Z'), memo)?.toISOString()).toBe(
    '2026-01-13T00:00:00.000Z',
  );
  expect(memo.size).toBeGreaterThan(0);
});
