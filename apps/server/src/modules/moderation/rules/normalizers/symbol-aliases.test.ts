import { describe, expect, test } from 'vitest';
import { replaceSymbolAliases } from './symbol-aliases.ts';

describe('replaceSymbolAliases', () => {
  test.each([
    ['卫星 abc123', '微信 abc123'],
    ['🛰️ abc123', '微信 abc123'],
    ['徵信同号', '微信同号'],
    ['🐧 12345678', 'qq 12345678'],
    ['企鹅：12345678', 'qq：12345678'],
    ['➕ zhang_san88', '加 zhang_san88'],
    ['+ abc12345', '加 abc12345'],
    ['价💰私', '价钱私'],
    ['📞13800138000', '电话13800138000'],
  ])('%s → %s', (input, expected) => {
    expect(replaceSymbolAliases(input)).toBe(expected);
  });

  test.each([['3+2盒'], ['布洛芬+退热贴'], ['企鹅玩偶'], ['💊💊 谢谢'], ['ya +o8888'], ['abc➕123456']])(
    'leaves %s alone',
    (input) => {
      expect(replaceSymbolAliases(input)).toBe(input);
    },
  );
});
