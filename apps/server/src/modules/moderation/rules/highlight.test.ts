import { describe, expect, test } from 'vitest';
import { highlight } from './highlight.ts';
import { loadDefaultRules } from './rules.ts';

const rules = loadDefaultRules();
const marked = (text: string, kind: 'need' | 'offer' = 'offer') => {
  const { normalized, spans } = highlight({ text, kind }, rules);
  return spans.map(([start, end]) => normalized.slice(start, end));
};

describe('highlight', () => {
  test('marks what the trade patterns matched, in the normalised text', () => {
    expect(
      highlight({ text: '布洛芬 ｊｉａｇｅ 好商量，卫星 abc123', kind: 'offer' }, rules).normalized,
    ).toBe('布洛芬价格好商量微信abc123');
    expect(marked('布洛芬 ｊｉａｇｅ 好商量，卫星 abc123')).toEqual(['价格好商量微信abc123']);
  });

  test('merges overlapping and touching matches into one mark', () => {
    expect(marked('抗原现货 30元一支 包邮')).toEqual(['现货30元一支包邮']);
  });

  test('leaves exempt text and red flags unmarked', () => {
    expect(marked('药店要卖80一瓶，实在买不起，求好心人帮忙', 'need')).toEqual([]);
    expect(marked('老人呼吸困难，求布洛芬', 'need')).toEqual([]);
  });
});
