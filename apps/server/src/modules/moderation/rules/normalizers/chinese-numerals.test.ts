import { describe, expect, test } from 'vitest';
import { chineseNumberValue, chineseNumeralsToDigits } from './chinese-numerals.ts';

describe('chineseNumberValue', () => {
  test.each([
    ['六十', 60],
    ['十五', 15],
    ['八十八', 88],
    ['一百二', 120],
    ['一百二十', 120],
    ['一百零五', 105],
    ['两百五', 250],
    ['三千五', 3500],
    ['肆拾伍', 45],
    ['拾伍', 15],
    ['壹佰贰拾', 120],
    ['一千零八十', 1080],
  ])('%s = %d', (run, value) => {
    expect(chineseNumberValue(run)).toBe(value);
  });

  test.each([['三四'], ['十百'], ['百十百'], ['一二三十']])('%s is not one number', (run) => {
    expect(chineseNumberValue(run)).toBeNull();
  });
});

describe('chineseNumeralsToDigits', () => {
  test.each([
    ['肆拾伍元出', '45元出'],
    ['拾伍圆', '15圆'],
    ['一百二出', '120出'],
    ['八十八不刀', '88不刀'],
    ['现在药店要六十', '现在药店要60'],
    ['三块钱', '3块钱'],
    ['叁元', '3元'],
    ['拾元', '10元'],
    ['二十盒', '20盒'],
    ['烧到三十九度', '烧到39度'],
    ['伍拾一盒', '50一盒'],
    ['四十五一盒', '45一盒'],
  ])('%s → %s', (input, expected) => {
    expect(chineseNumeralsToDigits(input)).toBe(expected);
  });

  test.each([
    ['十分难受'],
    ['日夜百服宁'],
    ['千万别去'],
    ['十几块'],
    ['几十块'],
    ['二十几块钱'],
    ['我们一块去'],
    ['一两盒'],
    ['一两块'],
    ['三四天'],
    ['30一盒'],
    ['收拾家里'],
  ])('leaves %s alone', (input) => {
    expect(chineseNumeralsToDigits(input)).toBe(input);
  });
});
