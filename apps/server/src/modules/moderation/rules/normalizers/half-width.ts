/**
 * Full-width ASCII (Ａ-Ｚ, ０-９, ＋, ￥…) and the ideographic space to their half-width forms.
 * NFKC does most of this later, but the alias and pinyin normalisers run before it and look for
 * Latin words and "+" signs, so they must see "ｊｉａｇｅ" as "jiage" first.
 */
const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/g;
const FULL_WIDTH_SIGNS: Record<string, string> = { '\u3000': ' ', '￥': '¥', '＄': '$', '￠': '¢' };

export function toHalfWidth(text: string): string {
  return text
    .replace(FULL_WIDTH_ASCII, (ch) => String.fromCharCode((ch.codePointAt(0) ?? 0) - 0xfee0))
    .replace(/[\u3000￥＄￠]/g, (ch) => FULL_WIDTH_SIGNS[ch] ?? ch);
}
