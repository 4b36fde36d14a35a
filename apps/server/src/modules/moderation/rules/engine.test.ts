import { describe, expect, test } from 'vitest';
import { evaluate, MAX_EVALUATED_LENGTH, type PostText } from './engine.ts';
import { loadDefaultRules, parseRuleSet } from './rules.ts';

const rules = loadDefaultRules();
const need = (text: string) => evaluate({ text, kind: 'need' }, rules);
const offer = (text: string) => evaluate({ text, kind: 'offer' }, rules);

describe('medical red flags in a need', () => {
  test.each([
    ['老人呼吸困难，急需血氧仪', 'breathing'],
    ['妈妈喘不上气，求抗原', 'breathing'],
    ['爸爸胸痛，需要退烧药', 'chest_pain'],
    ['发烧后一直胸闷', 'chest_pain'],
    ['高烧三天不退，求布洛芬', 'persistent_high_fever'],
    ['持续高热，吃药也不管用', 'persistent_high_fever'],
    ['发烧第4天了还是39度', 'persistent_high_fever'],
    ['孩子烧到40.2度了', 'very_high_fever'],
    ['宝宝才2个月，发烧38度', 'infant_fever'],
    ['两个月大的宝宝发烧了', 'infant_fever'],
    ['40天的宝宝发热', 'infant_fever'],
    ['新生儿发烧，需要体温计', 'infant_fever'],
    ['3个月以下婴儿发烧怎么办，不到3个月', 'infant_fever'],
    ['血氧90，需要指夹血氧仪', 'low_oxygen'],
    ['血氧饱和度只有 88%', 'low_oxygen'],
    ['老人意识模糊，叫不醒', 'confusion'],
    ['孩子高烧抽搐了', 'seizure'],
    ['怀孕30周，发烧后肚子疼', 'pregnancy_warning'],
  ])('%s → %s, and the need still publishes', (text, flag) => {
    const verdict = need(text);
    expect(verdict.redFlags).toContain(flag);
    expect(verdict.outcome).toBe('allowed');
  });

  test('several flags are all reported, in the rule set order', () => {
    expect(need('呼吸困难，胸闷，血氧92，高烧三天不退').redFlags).toEqual([
      'breathing',
      'chest_pain',
      'persistent_high_fever',
      'low_oxygen',
    ]);
  });

  test('ordinary fevers and denials raise no flag', () => {
    for (const text of [
      '孩子38.9度，急需美林',
      '老人发烧两天了',
      '宝宝9个月，需要美林滴剂',
      '没有胸闷，就是咳嗽',
      '血氧95，还好',
      '需要血氧仪1个',
      '有效期还有3个月',
    ]) {
      expect(need(text).redFlags, text).toEqual([]);
    }
  });

  test('red flags are read in needs only', () => {
    expect(offer('呼吸困难的老人优先，布洛芬4颗').redFlags).toEqual([]);
  });

  test('a red flag never softens a trade signal', () => {
    const verdict = need('呼吸困难，高价收布洛芬');
    expect(verdict.outcome).toBe('blocked');
    expect(verdict.redFlags).toEqual(['breathing']);
  });
});

describe('reason codes', () => {
  test.each([
    ['offer', '抗原现货 30元一支', 'blocked', 'trade'],
    ['offer', '布洛芬 25元一盒 加微信 abc12345', 'blocked', 'trade'],
    ['offer', '出布洛芬，电话 13800138000', 'blocked', 'trade'],
    ['offer', '有需要的扫收款码', 'blocked', 'trade'],
    ['need', '高价收布洛芬', 'blocked', 'trade'],
    ['offer', '整箱批发抗原', 'blocked', 'bulk'],
    ['offer', '50盒布洛芬，一盒20元', 'blocked', 'bulk'],
    ['offer', '连花清瘟两盒，送人', 'blocked', 'banned_medicine'],
    ['need', '高价求奥司他韦', 'blocked', 'banned_medicine'],
    ['offer', '加微信 abc12345，详情 t.cn/abcde', 'blocked', 'off_platform_contact'],
    ['offer', '美林一瓶60', 'review', 'price'],
    ['offer', '抗原 ¥', 'review', 'price'],
    ['offer', '现货', 'review', 'trade'],
    ['offer', '有20盒布洛芬', 'review', 'bulk'],
    ['offer', '整箱的口罩', 'review', 'bulk'],
    ['need', '需要布洛芬 微信 abc12345', 'review', 'off_platform_contact'],
    ['need', '电话 1 3 8 0 0 1 3 8 0 0 0', 'review', 'off_platform_contact'],
    ['offer', '看这里 https://example.com', 'review', 'off_platform_contact'],
    ['need', '家里有连花清瘟吗', 'review', 'banned_medicine'],
  ] as const)('[%s] %s → %s with %s', (kind, text, outcome, reason) => {
    const verdict = evaluate({ text, kind }, rules);
    expect(verdict.outcome).toBe(outcome);
    expect(verdict.reasons).toContain(reason);
  });

  test('an allowed post has no reasons', () => {
    expect(need('我需要布洛芬4颗、抗原2支')).toEqual({
      outcome: 'allowed',
      reasons: [],
      signals: [],
      redFlags: [],
      normalized: '我需要布洛芬4颗抗原2支',
    });
  });

  test('signals name the rules and combinations that fired, for moderators', () => {
    const { signals } = offer('抗原现货 30元一支');
    expect(signals).toContainEqual({ id: 'price.amount', category: 'price' });
    expect(signals).toContainEqual({ id: 'sale.words', category: 'sale' });
    expect(signals).toContainEqual({ id: 'trade.price_and_sale', category: 'combination' });
  });
});

describe('explicitly free wording', () => {
  test.each(['不要钱', '免费送', '不收费', '不收钱，不要红包', '拒绝倒卖，不加价', '免费转让'])(
    '%s is not a price or sale signal',
    (free) => {
      const verdict = offer(`${free}，布洛芬4颗，小区门口自取`);
      expect(verdict.outcome).toBe('allowed');
      expect(verdict.signals.every((signal) => signal.category === 'exempt')).toBe(true);
    },
  );

  test('free wording does not launder a price elsewhere in the text', () => {
    expect(offer('免费送，运费30元，加微信 abc12345').outcome).toBe('blocked');
    expect(offer('不卖高价，30元一盒出').outcome).toBe('blocked');
  });
});

describe('the catalogue', () => {
  test('medicine ids do not change the v1 verdict', () => {
    const input: PostText = { text: '需要布洛芬4颗', kind: 'need', medicineIds: ['ibuprofen-tablet'] };
    expect(evaluate(input, rules).outcome).toBe('allowed');
  });
});

describe('rule data drives the outcome', () => {
  const minimal = {
    version: 't1',
    reasons: {
      price: 'price',
      money: 'price',
      sale: 'trade',
      bulk: 'bulk',
      contact: 'off_platform_contact',
      link: 'off_platform_contact',
      banned_medicine: 'banned_medicine',
    },
    patterns: [
      { id: 'sale.only_offers', category: 'sale', pattern: '现货', kinds: ['offer'], note: 'test' },
      {
        id: 'price.strong',
        category: 'price',
        pattern: '元',
        weight: 'strong',
        reason: 'priced',
        note: 'test',
      },
    ],
  };

  test('a pattern limited to offers does not fire in a need', () => {
    const set = parseRuleSet(minimal);
    expect(evaluate({ text: '现货', kind: 'need' }, set).outcome).toBe('allowed');
    expect(evaluate({ text: '现货', kind: 'offer' }, set).outcome).toBe('review');
  });

  test('a strong pattern blocks alone, with its own reason code', () => {
    const verdict = evaluate({ text: '5元', kind: 'need' }, parseRuleSet(minimal));
    expect(verdict).toMatchObject({ outcome: 'blocked', reasons: ['priced'] });
  });

  test('a review combination queues a post that no single rule would', () => {
    const set = parseRuleSet({
      ...minimal,
      patterns: [{ id: 'sale.x', category: 'sale', pattern: 'zzz', note: 'test' }],
      combinations: [{ id: 'c.review', all: [['sale']], outcome: 'review', reason: 'look', note: 'test' }],
    });
    expect(evaluate({ text: 'zzz', kind: 'need' }, set)).toMatchObject({
      outcome: 'review',
      reasons: ['look', 'trade'],
    });
  });

  test('text beyond the evaluated length is ignored, so a huge note cannot stall the server', () => {
    const padding = '需要布洛芬'.repeat(MAX_EVALUATED_LENGTH);
    const started = performance.now();
    expect(need(`${padding}高价收`).outcome).toBe('allowed');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
