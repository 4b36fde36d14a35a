import { pinyin } from 'pinyin-pro';
import { describe, expect, test } from 'vitest';
import { replaceTradePinyin, TRADE_INITIALS, TRADE_WORDS } from './trade-pinyin.ts';

describe('replaceTradePinyin', () => {
  test.each([
    ['布洛芬 jiage 好商量', '布洛芬 价格 好商量'],
    ['jia ge 私聊', '价格 私聊'],
    ['sj 25', '售价 25'],
    ['bao you', '包邮'],
    ['baoyou', '包邮'],
    ['san kuai', '三块'],
    ['wu shi yuan 一盒', '五十元 一盒'],
    ['25kuai', '25块'],
    ['shou 布洛芬', '收 布洛芬'],
    ['qiu gou 抗原', '求购 抗原'],
    ['cs 抗原', '出售 抗原'],
    ['dddd', '懂的都懂'],
    ['药店 mai bu dao', '药店 买不到'],
    ['JIAGE'.toLowerCase(), '价格'],
  ])('%s → %s', (input, expected) => {
    expect(replaceTradePinyin(input)).toBe(expected);
  });

  test.each([['xu yao bu luo fen'], ['vxjiage88'], ['abcsj123'], ['kuai dian lai'], ['docs'], ['yao shi']])(
    'leaves %s alone (not trade vocabulary, or not a whole word)',
    (input) => {
      expect(replaceTradePinyin(input)).toBe(input);
    },
  );

  test('every word is spelt as pinyin-pro spells it', () => {
    for (const [word, syllables] of TRADE_WORDS) {
      // 不 changes tone, never spelling; pinyin-pro reads 懂的都懂 with de and 买不到 with bu.
      expect(pinyin(word, { toneType: 'none' }), word).toBe(syllables);
    }
  });

  test('every initialism is the initials of its word', () => {
    for (const [initials, word] of TRADE_INITIALS) {
      expect(pinyin(word, { pattern: 'first', toneType: 'none', separator: '' }), word).toBe(initials);
    }
  });
});
