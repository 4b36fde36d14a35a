/**
 * Pinyin and pinyin initials of the trade vocabulary, back to their Chinese words, so that
 * "jiage 好商量", "sj 25", "bao you", "qiu gou" and "cs" meet the same rules as 价格, 售价, 包邮,
 * 求购 and 出售. Only this vocabulary is converted: a resident who writes a whole need in pinyin
 * ("xu yao bu luo fen") keeps it, and the words are matched as whole Latin words (digits and
 * Chinese count as edges), so an id like "vxjiage88" is not a price.
 *
 * The syllables below are checked against pinyin-pro in trade-pinyin.test.ts; they are written out
 * here so the server needs no pinyin dictionary at run time.
 * Input is lower-cased, half-width text, before separators are stripped.
 */

/** [Chinese word, its toneless syllables]. Longer words win over their prefixes. */
// biome-ignore format: a vocabulary table reads best compact
export const TRADE_WORDS: [word: string, syllables: string][] = [
  ['买不到', 'mai bu dao'], ['买不起', 'mai bu qi'], ['懂的都懂', 'dong de dou dong'],
  ['多少钱', 'duo shao qian'], ['支付宝', 'zhi fu bao'],
  ['价格', 'jia ge'], ['价钱', 'jia qian'], ['售价', 'shou jia'], ['原价', 'yuan jia'],
  ['包邮', 'bao you'], ['出售', 'chu shou'], ['收购', 'shou gou'], ['求购', 'qiu gou'],
  ['转让', 'zhuan rang'], ['现货', 'xian huo'], ['批发', 'pi fa'], ['代购', 'dai gou'],
  ['红包', 'hong bao'], ['转账', 'zhuan zhang'], ['私聊', 'si liao'], ['私信', 'si xin'],
  ['面议', 'mian yi'], ['可刀', 'ke dao'], ['小刀', 'xiao dao'], ['不刀', 'bu dao'],
  ['回收', 'hui shou'], ['加价', 'jia jia'], ['回血', 'hui xue'], ['成本价', 'cheng ben jia'],
  ['卖', 'mai'], ['出', 'chu'], ['收', 'shou'],
];

/** Initials that traders use as words; each is checked to be the initials of its word. */
// biome-ignore format: a vocabulary table reads best compact
export const TRADE_INITIALS: [initials: string, word: string][] = [
  ['dddd', '懂的都懂'], ['zfb', '支付宝'], ['cbj', '成本价'],
  ['sj', '售价'], ['jg', '价格'], ['cs', '出售'], ['qg', '求购'], ['sg', '收购'], ['xh', '现货'],
  ['hb', '红包'], ['sl', '私聊'], ['dg', '代购'], ['zr', '转让'],
];

/** Pinyin numerals, read only before a money word: "san kuai", "wu shi yuan". */
// biome-ignore format: a lookup table reads best compact
const NUMERALS: Record<string, string> = {
  ling: '零', yi: '一', er: '二', liang: '两', san: '三', si: '四', wu: '五', liu: '六', qi: '七',
  ba: '八', jiu: '九', shi: '十', bai: '百', qian: '千',
};

const JOIN = "[\\s\\-_.·'’]*";
const EDGE_BEFORE = '(?<![a-z])';
const EDGE_AFTER = '(?![a-z])';

const spelled = (syllables: string) => syllables.split(' ').join(JOIN);
const entries: [source: string, word: string][] = [
  ...TRADE_WORDS.map(([word, syllables]): [string, string] => [spelled(syllables), word]),
  ...TRADE_INITIALS.map(([initials, word]): [string, string] => [initials, word]),
].sort((a, b) => b[0].length - a[0].length);
const WORDS = new RegExp(
  `${EDGE_BEFORE}(?:${entries.map(([source]) => `(${source})`).join('|')})${EDGE_AFTER}`,
  'gu',
);

const NUMERAL = Object.keys(NUMERALS).join('|');
// A money word after a number: pinyin numerals, Chinese numerals or digits, then kuai/yuan.
const MONEY = new RegExp(
  `${EDGE_BEFORE}((?:(?:${NUMERAL})${JOIN})+)(kuai|yuan)${EDGE_AFTER}|([0-9零一二两三四五六七八九十百千]\\s*)(kuai|yuan)${EDGE_AFTER}`,
  'gu',
);
const MONEY_WORD: Record<string, string> = { kuai: '块', yuan: '元' };

function money(whole: string, numerals?: string, unit?: string, digits?: string, unit2?: string): string {
  if (digits !== undefined && unit2 !== undefined) return `${digits}${MONEY_WORD[unit2]}`;
  if (numerals === undefined || unit === undefined) return whole;
  const chinese = numerals
    .split(/[^a-z]+/)
    .filter(Boolean)
    .map((syllable) => NUMERALS[syllable] ?? '');
  return `${chinese.join('')}${MONEY_WORD[unit]}`;
}

export function replaceTradePinyin(text: string): string {
  // Money first: "san kuai" must not lose "san" to a word below.
  const s = text.replace(MONEY, money);
  return s.replace(WORDS, (whole, ...groups: unknown[]) => {
    const index = groups.findIndex((group, i) => i < entries.length && typeof group === 'string');
    return entries[index]?.[1] ?? whole;
  });
}
