import { describe, expect, test } from 'vitest';
import { toHalfWidth } from './half-width.ts';

describe('toHalfWidth', () => {
  test.each([
    ['ｊｉａｇｅ　２５', 'jiage 25'],
    ['３Ｏ元', '3O元'],
    ['＋ｖ', '+v'],
    ['￥３０', '¥30'],
    ['ＱＱ：１２３', 'QQ:123'],
  ])('%s → %s', (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected);
  });

  test('leaves Chinese, half-width text and CJK punctuation (、。) alone', () => {
    expect(toHalfWidth('布洛芬、两盒。abc 123')).toBe('布洛芬、两盒。abc 123');
  });
});
