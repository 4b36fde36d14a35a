import { describe, expect, test } from 'vitest';
import { letterDigitsToDigits } from './letter-digits.ts';

describe('letterDigitsToDigits', () => {
  test.each([
    ['3o元', '30元'],
    ['l5块', '15块'],
    ['¥2o', '¥20'],
    ['售价4o', '售价40'],
    ['5o出', '50出'],
    ['2i一盒', '21一盒'],
  ])('%s → %s', (input, expected) => {
    expect(letterDigitsToDigits(input)).toBe(expected);
  });

  test.each([['微信abc10l'], ['3号楼'], ['oo元'], ['vo5元'], ['lol'], ['30元']])(
    'leaves %s alone',
    (input) => {
      expect(letterDigitsToDigits(input)).toBe(input);
    },
  );
});
