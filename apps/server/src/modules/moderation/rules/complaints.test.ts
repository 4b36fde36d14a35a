import { describe, expect, test } from 'vitest';
import { evaluate } from './engine.ts';
import { loadDefaultRules } from './rules.ts';

const rules = loadDefaultRules();
const outcome = (kind: 'need' | 'offer', text: string) => evaluate({ text, kind }, rules).outcome;

// Issue 18: whose price it is and whether a deal is offered decide, not whether a number is there.
describe('a need that quotes the market price is a complaint, and publishes', () => {
  test.each([
    '药店要卖80一瓶，实在买不起，求好心人帮忙',
    '以前一盒才十几块，现在药店要六十',
    '布洛芬药店卖到45元了，家里老人发烧，有多的能匀一盒吗',
    '网上抗原炒到99一盒，太离谱了，谁家有多的救急',
    '以前美林一盒50，现在翻了几倍，老人吃不起，求分享',
    '诊所开的布洛芬混悬液一瓶45，买不起，有剩的能给点吗',
    '平时感冒灵才30块一盒，现在涨到200，家里没存货，谁能匀两片',
    '医院门口有人卖布洛芬100一盒，不敢买，求正规的',
    '孕妇要去医院产检，想要几个N95口罩',
  ])('%s', (text) => {
    expect(outcome('need', text)).toBe('allowed');
  });
});

describe('an offer or a bid with a price stays out of the square', () => {
  test.each([
    ['offer', '50元一瓶出', 'blocked'],
    ['offer', '45元转', 'blocked'],
    ['offer', '药店要卖80一瓶，我这50出', 'blocked'],
    ['offer', '药店卖80一盒，我这儿60一盒', 'review'],
    ['need', '药店卖80一盒，我出60收', 'review'],
    ['need', '以前一盒30，求布洛芬，我出60', 'review'],
    ['need', '高价收布洛芬，药店要80我给100', 'blocked'],
    // The quote's gap may not swallow a bid or a contact.
    ['need', '医院开的太贵，高价求布洛芬50一盒', 'blocked'],
    ['need', '药店没货，求购布洛芬30一盒', 'blocked'],
    ['need', '网上买不到，急求抗原，20元一个，加v abc123', 'blocked'],
  ] as const)('[%s] %s → %s', (kind, text, expected) => {
    expect(outcome(kind, text)).toBe(expected);
  });
});
