import { chineseNumeralsToDigits } from './normalizers/chinese-numerals.ts';
import { toHalfWidth } from './normalizers/half-width.ts';
import { letterDigitsToDigits } from './normalizers/letter-digits.ts';
import { canonicalPlatformNames } from './normalizers/platform-names.ts';
import { replaceSymbolAliases } from './normalizers/symbol-aliases.ts';
import { replaceTradePinyin } from './normalizers/trade-pinyin.ts';

/**
 * Folds a post's text into the one form the rule patterns are written against, so that the cheap
 * evasions seen on the December 2022 squares ("加 V：abc123", "v❤x", "微 信", "1 3 8 0 0 …",
 * "壹叁捌…", "＋ｖ", "kou kou", full-width letters, Cyrillic look-alikes) all reach the same string.
 *
 * Decisions worth knowing when writing a pattern:
 * - Every space, punctuation mark, symbol, emoji, control/zero-width/format character and combining
 *   mark is removed, so numbers separated only by those merge ("38.9" → "389", "2025.06" → "202506")
 *   and patterns never see word boundaries. Kept: letters, digits, ¥ and $.
 * - "/" between a number or 元/块 and a unit is read as "per" ("25/支" → "25每支"), because that is
 *   how per-item prices are written; any other "/" goes.
 * - Chinese numerals become digits where they are clearly a number: written digit by digit (three or
 *   more Chinese digits, "一三八", "壹叁捌零…", "二〇二二", or a run of seven or more characters mixing
 *   digits and Chinese digits, "1三800138000"), or with place values (六十, 一百二 → 120, 肆拾伍 → 45;
 *   normalizers/chinese-numerals.ts), or before money (三元, 叁块钱). "三四天", "一两盒", "一盒",
 *   "30一盒", "十分", "十几块" and "百服宁" keep their meaning.
 * - Before separators go (they need word edges and emoji): full-width → half-width, symbol aliases
 *   (卫星/🛰/徵信 → 微信, 🐧 → qq, ➕ → 加, 💰 → 钱), pinyin of the trade vocabulary (jiage → 价格,
 *   sj → 售价, bao you → 包邮, san kuai → 三块), altered platform names (拼夕夕 → 拼多多).
 * - After: letters for digits in a number (3o元 → 30元), see normalizers/letter-digits.ts.
 * - Contact-app spellings become canonical tokens: WeChat → 微信 (vx, v信, wx, weixin, wechat, 微x,
 *   薇信, 威信, 维信, 绿泡泡, 卫星号, 加v, 薇 before an id); QQ → qq (扣扣, kou kou, 企鹅号, 加q).
 * - Letters and digits are never swapped for each other (o/0, l/1): ids legitimately mix them.
 * - Accents and other combining marks go (NFKD, then marks are removed; the result is NFKC).
 *
 * normalize is idempotent: it repeats its single pass until nothing changes (in practice one pass;
 * the second catches rare text, like split Hangul jamo, that composes only once separators go).
 * The property tests in normalize.test.ts check both idempotence and that separators inserted into
 * a blocked post change nothing.
 */

// biome-ignore format: a lookup table reads best compact
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic (after lower-casing) that renders as Latin.
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ѵ: 'v', ү: 'y',
  // Greek.
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't',
  υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j',
  // Latin oddities and symbols used as letters.
  ı: 'i', ȷ: 'j', ɡ: 'g', ɑ: 'a', '√': 'v', '✓': 'v', '✔': 'v',
  // Zero look-alikes used in numbers.
  〇: '0', '○': '0', '◯': '0', '⭕': '0',
};

// biome-ignore format: a lookup table reads best compact
const CHINESE_DIGITS: Record<string, string> = {
  零: '0', 〇: '0', 一: '1', 壹: '1', 幺: '1', 二: '2', 贰: '2', 貳: '2', 三: '3', 叁: '3', 參: '3',
  四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 陸: '6', 七: '7', 柒: '7', 八: '8', 捌: '8',
  九: '9', 玖: '9',
};

// Squared, negative-circled and negative-squared Latin capitals, then regional indicators: 🅥🅧 → vx.
const LETTER_BLOCKS = [0x1f130, 0x1f150, 0x1f170, 0x1f1e6];
// Dingbat circled digits that NFKC leaves alone: ❶…❿, ➀…➉, ➊…➓.
const DIGIT_BLOCKS = [0x2776, 0x2780, 0x278a];

function foldChar(ch: string): string {
  const mapped = LOOK_ALIKES[ch];
  if (mapped !== undefined) return mapped;
  const cp = ch.codePointAt(0) ?? 0;
  for (const base of LETTER_BLOCKS) {
    if (cp >= base && cp < base + 26) return String.fromCharCode(97 + cp - base);
  }
  for (const base of DIGIT_BLOCKS) {
    if (cp >= base && cp < base + 10) return String(cp - base + 1);
  }
  return ch;
}

// Everything that is not a letter or a digit, plus CJK strokes (丶丨…) used as dots and bars.
const SEPARATOR = /[\p{Z}\p{P}\p{S}\p{C}\p{M}丶丿丨乀]/gu;
const KEPT_SYMBOLS = new Set(['¥', '$', '/']);
// Clause punctuation outlives the first strip so that Chinese numbers in two clauses stay apart
// ("叁拾，五栋" is 30 and building five, not 35).
const CLAUSE = new Set(['，', '。', '；', '！', '？', '、', ',', ';', '!', '?', '\n']);
const CLAUSE_MARKS = /[，。；！？、,;!?\n]/gu;
const PER_UNIT_SLASH = /([\d元块])\/+(?=[盒支板瓶颗粒片袋包个份只条管箱件贴罐人])/gu;
const NUMERAL_RUN = /[0-9零〇一壹幺二贰貳三叁參四肆五伍六陆陸七柒八捌九玖]+/gu;

function digitsOf(run: string): string {
  let chinese = 0;
  for (const ch of run) if (CHINESE_DIGITS[ch] !== undefined) chinese += 1;
  const spelled = chinese >= 3 || (chinese >= 1 && [...run].length >= 7);
  if (!spelled) return run;
  return [...run].map((ch) => CHINESE_DIGITS[ch] ?? ch).join('');
}

// Ordered: a longer spelling must come before its prefix. No capture groups inside a source.
const TOKENS: [source: string, canonical: string][] = [
  ['weixin|wechat|wei信|vxin|wxin|微xin|v信|w信|微x|vx|wx', '微信'],
  ['薇信|威信|维信|徽信|嶶信|绿泡泡|卫星(?=号)', '微信'],
  ['薇(?=[a-z0-9])', '微信'],
  ['加v(?![a-z0-9信])', '加微信'],
  ['加微(?=[a-z0-9])', '加微信'],
  ['koukou|扣扣|抠抠|蔻蔻|企鹅(?=号|[0-9])', 'qq'],
  ['加q(?![a-z0-9])', '加qq'],
];
const TOKEN_PATTERN = new RegExp(TOKENS.map(([source]) => `(${source})`).join('|'), 'gu');

function canonicalToken(match: string, ...groups: unknown[]): string {
  const index = groups.findIndex((group, i) => i < TOKENS.length && typeof group === 'string');
  return TOKENS[index]?.[1] ?? match;
}

function pass(text: string): string {
  // NFKD first so accents come apart from their letters (é → e + ◌́) and go with the other marks.
  let s = toHalfWidth(text).normalize('NFKD').toLowerCase();
  s = Array.from(s, foldChar).join('');
  // These read word edges and emoji, so they run while separators are still there.
  s = canonicalPlatformNames(replaceTradePinyin(replaceSymbolAliases(s)));
  s = s.replace(SEPARATOR, (ch) => (KEPT_SYMBOLS.has(ch) || CLAUSE.has(ch) ? ch : ''));
  s = chineseNumeralsToDigits(s).replace(CLAUSE_MARKS, '');
  s = s.replace(PER_UNIT_SLASH, '$1每').replaceAll('/', '');
  s = s.replace(NUMERAL_RUN, digitsOf);
  s = letterDigitsToDigits(s);
  s = s.replace(TOKEN_PATTERN, canonicalToken);
  return s.normalize('NFKC');
}

export function normalize(text: string): string {
  let current = pass(text);
  for (let i = 0; i < 3; i += 1) {
    const next = pass(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}
