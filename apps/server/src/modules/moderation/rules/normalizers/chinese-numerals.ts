/**
 * Chinese numbers written with place values (六十, 一百二, 肆拾伍, 两百五) to digits, where they are
 * clearly numbers, so that "八十八 不刀", "一百二 出" and "肆拾伍元" meet the price rules as 88, 120
 * and 45元. Runs on normalised text (lower case, separators gone).
 *
 * A run is converted when it holds a place value (十百千拾佰仟) and at least one other numeral,
 * or when money follows it (元, 圆, 块, 块钱: "三元", "拾元"). Not converted, because they are words:
 * a lone 十/百/千 (十分, 百服宁, 千万), 十几/几十 (the 几 is no number), 一块 (together; one piece),
 * 一两 (one or two). Digit-by-digit numbers (一三八…) are the job of normalize's numeral runs.
 */
// biome-ignore format: a lookup table reads best compact
const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 幺: 1, 二: 2, 贰: 2, 貳: 2, 两: 2, 三: 3, 叁: 3, 參: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 陸: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
// biome-ignore format: a lookup table reads best compact
const PLACE: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

const RUN = /[零〇一壹幺二贰貳两三叁參四肆五伍六陆陸七柒八捌九玖十拾百佰千仟]+/gu;
const MONEY_AFTER = /^(?:元|圆|块钱|块)/u;
// 一 before a unit reads "per": 伍拾一盒 is 50 a box, 四十五一盒 is 45 a box.
const UNIT_AFTER = /^[盒支瓶板袋包片粒颗个份只条管贴罐]/u;

/** The value of a run of Chinese numerals with place values, or null when it is not one number. */
export function chineseNumberValue(run: string): number | null {
  const chars = [...run];
  let total = 0;
  let digit: number | null = null;
  let lastPlace = Number.POSITIVE_INFINITY;
  let sawZero = false;
  for (const ch of chars) {
    const d = DIGIT[ch];
    if (d !== undefined) {
      if (d === 0) {
        if (digit !== null) return null;
        sawZero = true;
        continue;
      }
      if (digit !== null) return null; // two digits in a row: "三四" is a range, not a number
      digit = d;
      continue;
    }
    const place = PLACE[ch];
    if (place === undefined || place >= lastPlace) return null;
    total += (digit ?? (place === 10 && total === 0 ? 1 : Number.NaN)) * place;
    if (Number.isNaN(total)) return null;
    lastPlace = place;
    digit = null;
    sawZero = false;
  }
  if (digit !== null) {
    // 一百二 = 120, 三千五 = 3500: a last digit right after a place counts one place lower.
    const short = !sawZero && lastPlace >= 100 && lastPlace !== Number.POSITIVE_INFINITY;
    total += short ? (digit * lastPlace) / 10 : digit;
  }
  return total;
}

const hasPlace = (run: string) => [...run].some((ch) => PLACE[ch] !== undefined);

function convert(run: string, offset: number, text: string): string {
  const after = text.slice(offset + run.length, offset + run.length + 2);
  const money = MONEY_AFTER.test(after);
  const chars = [...run];
  // 二十几, 几十: keep an approximate number as words.
  if (after.startsWith('几') || text[offset - 1] === '几') return run;
  if (!money && (!hasPlace(run) || chars.length < 2)) return run;
  if (money && run === '一' && after.startsWith('块') && !after.startsWith('块钱')) return run;
  if (money && !hasPlace(run) && chars.length > 1) return run; // 一两块, 三五元: a range
  const value = hasPlace(run) ? chineseNumberValue(run) : (DIGIT[run] ?? null);
  return value === null ? run : String(value);
}

function convertRun(run: string, offset: number, text: string): string {
  const chars = [...run];
  const per =
    chars.length > 2 &&
    chars.at(-1) === '一' &&
    UNIT_AFTER.test(text.slice(offset + run.length, offset + run.length + 2));
  if (!per) return convert(run, offset, text);
  const head = chars.slice(0, -1).join('');
  return `${convert(head, offset, text)}一`;
}

export function chineseNumeralsToDigits(text: string): string {
  return text.replace(RUN, (run, offset: number) => convertRun(run, offset, text));
}
