/**
 * Emoji, symbols and homophones that stand for a contact channel or for money, turned into the
 * words the rules look for. Runs before separators are stripped, because emoji are separators:
 * "🛰 abc123" would otherwise reach the rules as a harmless "abc123".
 *
 * Seen on the squares: 卫星 and 🛰 ("satellite", wei xing ≈ wei xin) and 徵信 for 微信, 🐧 (the QQ
 * penguin) before a number, ➕ before an id ("➕ abc123" = add me), 💰 for 钱 in "价💰私".
 * Input is lower-cased, half-width text.
 */
const ALIASES: [pattern: RegExp, replacement: string][] = [
  [/🛰\ufe0f?|📡|卫星|徵信|衛星|微星(?=号)/gu, '微信'],
  [/🐧|企鹅(?=[\s:：]*\d)/gu, 'qq'],
  // ➕ and ✚ are not arithmetic in a post; "+" is, unless it stands before an id. Never inside an
  // id ("ya+o8888" is yao8888 with a separator thrown in, and must stay one id).
  [/(?<![a-z0-9_][\p{Z}\p{P}\p{S}\p{C}\p{M}]{0,24})(?:[➕✚]|\+(?=\s*[a-z0-9_]{5,}))/gu, '加'],
  [/💰|💴|💵|💸|🧧/gu, '钱'],
  [/📞|☎\ufe0f?|📱/gu, '电话'],
];

export function replaceSymbolAliases(text: string): string {
  let s = text;
  for (const [pattern, replacement] of ALIASES) s = s.replace(pattern, replacement);
  return s;
}
