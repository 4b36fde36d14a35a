import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BLOCKED } from './corpus.test-data.ts';
import { evaluate } from './engine.ts';
import { normalize } from './normalize.ts';
import { loadDefaultRules } from './rules.ts';

const rules = loadDefaultRules();

// What an evader puts between characters: spaces of every width, ASCII and CJK punctuation, symbols,
// emoji, zero-width and format characters, combining marks, CJK strokes used as dots.
// biome-ignore format: a character list reads best compact
const SEPARATORS = [
  ' ', '\u3000', '\u00a0', '\t', '\n', '.', ',', '，', '。', '、', '·', '•', '-', '—', '_', '*', '~', '|',
  '/', '\\', '!', '！', '?', '？', '…', '"', '“', '”', "'", '(', ')', '（', '）', '【', '】', '《', '》', ':',
  '：', ';', '+', '＋', '=', '#', '@', '&', '^', '%', '<', '>', '❤', '♥', '★', '☆', '✨', '❀', '😀', '🙏',
  '💊', '👉', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u0301', '\u20e3',
  '\ufe0f', '丶', '丨',
];
const separator = fc.string({ unit: fc.constantFrom(...SEPARATORS), minLength: 1, maxLength: 4 });

// Characters that interact with the mappings: contact spellings, Chinese digits, look-alikes, units.
// biome-ignore format: a character list reads best compact
const TRICKY = [
  ...'vxwqkou加微薇威维信扣企鹅号卫星绿泡一二三四五六七八九零壹叁捌幺〇○0123456789元块盒支/¥$+'.split(''),
  'Ｖ', 'ｘ', 'в', 'х', 'ν', 'ⓥ', '🅥', '❶', '√', 'é', 'e', '\u0301', 'ᄀ', 'ᅡ', '가', 'ß', 'ﬁ', 'İ',
  ...SEPARATORS,
];

const toFullWidth = (text: string): string =>
  text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replaceAll(' ', '\u3000');

function insertAt(text: string, inserts: [number, string][]): string {
  const chars = Array.from(text);
  const sorted = [...inserts].sort((a, b) => b[0] - a[0]);
  for (const [position, sep] of sorted) chars.splice(position % (chars.length + 1), 0, sep);
  return chars.join('');
}

describe('normalize', () => {
  test.each([
    ['加 V：abc123', '加vabc123'],
    ['v❤x', '微信'],
    ['微 信', '微信'],
    ['Ｖ Ｘ', '微信'],
    ['薇信', '微信'],
    ['薇：abc123', '微信abc123'],
    ['威信号', '微信号'],
    ['WeChat', '微信'],
    ['wei xin', '微信'],
    ['加V', '加微信'],
    ['加√', '加微信'],
    ['kou kou', 'qq'],
    ['扣扣', 'qq'],
    ['Q Q 12345678', 'qq12345678'],
    ['企鹅号', 'qq号'],
    ['1 3 8 0 0 1 3 8 0 0 0', '13800138000'],
    ['壹叁捌零零壹叁捌零零零', '13800138000'],
    ['幺三八〇〇一三八〇〇〇', '13800138000'],
    ['❶❸❽', '138'],
    ['１３８', '138'],
    ['抗原 25/支', '抗原25每支'],
    ['t.cn/A6xYz', 'tcna6xyz'],
    ['ＰＡＸＬＯＶＩＤ', 'paxlovid'],
    ['\u0440\u0430xl\u043evid', 'paxlovid'],
    ['🅥🅧', '微信'],
    ['抗\u200b原\u200d现\ufeff货', '抗原现货'],
    ['wéchat', '微信'],
    ['￥30', '¥30'],
    ['ｊｉａｇｅ 好商量', '价格好商量'],
    ['sj 25', '售价25'],
    ['bao you', '包邮'],
    ['san kuai', '3块'],
    ['肆拾伍元', '45元'],
    ['一百二 出', '120出'],
    ['3O元', '30元'],
    ['卫星 abc123', '微信abc123'],
    ['🛰️ abc123', '微信abc123'],
    ['🐧 12345678', 'qq12345678'],
    ['➕ abc123', '加abc123'],
    ['拼夕夕搜', '拼多多搜'],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  test.each([
    ['三四天', '三四天'],
    ['一两盒', '一两盒'],
    ['30一盒', '30一盒'],
    ['一盒30', '一盒30'],
    ['孩子38.9度', '孩子389度'],
    ['3号楼2单元', '3号楼2单元'],
    ['维C泡腾片', '维c泡腾片'],
    ['二〇二二年十二月', '2022年12月'],
    ['十分难受', '十分难受'],
    ['日夜百服宁', '日夜百服宁'],
    ['十几块', '十几块'],
    ['叁拾，五栋', '30五栋'],
  ])('keeps the meaning of ordinary numbers and words: %s → %s', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  test('is idempotent on text built from the characters the mappings touch', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 40 }), (text) => {
        const once = normalize(text);
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 5000 },
    );
  });

  test('is idempotent on arbitrary Unicode', () => {
    const anyText = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalize(text);
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  test('full-width text normalizes like its half-width form', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        expect(normalize(toFullWidth(text))).toBe(normalize(text));
      }),
    );
  });
});

describe('obfuscating a blocked post', () => {
  const entry = fc.constantFrom(...BLOCKED);

  test('separators inserted anywhere between its characters leave it blocked', () => {
    const inserts = fc.array(fc.tuple(fc.nat(), separator), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(entry, inserts, ({ text, kind }, where) => {
        const obfuscated = insertAt(text, where);
        const verdict = evaluate({ text: obfuscated, kind }, rules);
        expect(verdict.outcome, obfuscated).toBe('blocked');
      }),
      { numRuns: 3000 },
    );
  });

  test('a separator between every pair of characters leaves it blocked', () => {
    fc.assert(
      fc.property(entry, separator, ({ text, kind }, sep) => {
        const obfuscated = Array.from(text).join(sep);
        expect(evaluate({ text: obfuscated, kind }, rules).outcome, obfuscated).toBe('blocked');
      }),
      { numRuns: 1000 },
    );
  });

  test.each(BLOCKED.map((e) => [e.text, e]))('full-width %s stays blocked', (_, { text, kind }) => {
    expect(evaluate({ text: toFullWidth(text), kind }, rules).outcome).toBe('blocked');
  });
});
