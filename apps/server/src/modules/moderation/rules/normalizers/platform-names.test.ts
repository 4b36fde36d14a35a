import { describe, expect, test } from 'vitest';
import { canonicalPlatformNames } from './platform-names.ts';

describe('canonicalPlatformNames', () => {
  test.each([
    ['拼夕夕搜 某某大药房', '拼多多搜 某某大药房'],
    ['pdd 搜店', '拼多多 搜店'],
    ['某宝有链接', '淘宝有链接'],
    ['tb同款', '淘宝同款'],
    ['狗东自营', '京东自营'],
    ['闲🐟上有', '闲鱼上有'],
    ['小红薯私我', '小红书私我'],
    ['dy直播间', '抖音直播间'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalPlatformNames(input)).toBe(expected);
  });

  test.each([['vx abcjd123'], ['京东买不到'], ['tbc 病毒']])('leaves %s alone', (input) => {
    expect(canonicalPlatformNames(input)).toBe(input);
  });
});
