import { describe, expect, test } from 'vitest';
import { draw, splitPool, tierReached } from './quiz.rules.ts';

const TIERS = [
  { participants: 100, pool: 200 },
  { participants: 500, pool: 666 },
  { participants: 1000, pool: 1000 },
];

describe('quiz rules', () => {
  test('the pool is the highest tier reached, edges included', () => {
    const pool = (n: number) => tierReached(TIERS, n)?.pool ?? 0;
    expect([0, 99, 100, 101, 499, 500, 501, 999, 1000, 5000].map(pool)).toEqual([
      0, 0, 200, 200, 200, 666, 666, 666, 1000, 1000,
    ]);
  });

  test('each winner gets floor(pool / winners); the remainder goes one each to the earliest', () => {
    expect(splitPool(666, 4)).toEqual({ share: 166, remainder: 2, amounts: [167, 167, 166, 166] });
    expect(splitPool(200, 3)).toEqual({ share: 66, remainder: 2, amounts: [67, 67, 66] });
    expect(splitPool(1000, 1000).amounts.every((a) => a === 1)).toBe(true);
    const many = splitPool(200, 333);
    expect([many.share, many.remainder]).toEqual([0, 200]);
    expect(many.amounts.filter((a) => a === 1)).toHaveLength(200);
    expect(many.amounts.slice(0, 200).every((a) => a === 1)).toBe(true);
    for (const [pool, winners] of [
      [666, 7],
      [1000, 999],
      [200, 1],
      [10, 3],
    ] as const) {
      const s = splitPool(pool, winners);
      expect(s.amounts.reduce((a, b) => a + b, 0)).toBe(pool);
      expect(s.amounts.every((a) => Number.isInteger(a))).toBe(true);
    }
    expect(splitPool(200, 0)).toEqual({ share: 0, remainder: 0, amounts: [] });
  });

  test('a draw takes distinct items', () => {
    const ids = Array.from({ length: 20 }, (_, i) => i);
    const got = draw(ids, 10);
    expect(new Set(got).size).toBe(10);
    expect(got.every((x) => ids.includes(x))).toBe(true);
  });
});
