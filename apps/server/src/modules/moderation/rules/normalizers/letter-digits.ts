/**
 * Letters typed for digits inside a number (3O元 → 30元, l5块 → 15块, ¥2O → ¥20): o for 0, l and i
 * (I once lower-cased) for 1. Only where the run is clearly a number — it holds a real digit and
 * money or a sale word follows, or a currency sign or price word comes before — because ids mix
 * letters and digits legitimately (abc10l is an id, not a price). Runs on normalised text.
 */
const MIXED = /(?<![a-z0-9])(?=[0-9oli]*[0-9])(?=[0-9oli]*[oli])[0-9oli]+(?![a-z0-9])/gu;
const NUMBER_AFTER = /^(?:元|圆|块|rmb|每|一[盒支瓶板袋包]|出|转|收|包邮|不刀)/u;
const NUMBER_BEFORE = /(?:[¥$]|价|售|卖)$/u;
const AS_DIGIT: Record<string, string> = { o: '0', l: '1', i: '1' };

export function letterDigitsToDigits(text: string): string {
  return text.replace(MIXED, (run, offset: number) => {
    const numberContext =
      NUMBER_AFTER.test(text.slice(offset + run.length, offset + run.length + 3)) ||
      NUMBER_BEFORE.test(text.slice(Math.max(0, offset - 1), offset));
    return numberContext ? run.replace(/[oli]/g, (ch) => AS_DIGIT[ch] ?? ch) : run;
  });
}
