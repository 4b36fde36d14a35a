// The rule set comes back from a jsonb column, which stores object keys shortest first: the file's
// own order (version, reasons, patterns… with the long lexicon last) is lost, and a pattern reads
// "note" before "pattern". The editor puts the keys back in the order a person edits them in.
// Only the order changes: JSON.parse of the text gives the same rules.

const TOP = ['version', 'note', 'reasons', 'patterns', 'combinations', 'redFlags', 'lexicon'];
const RULE = [
  'id',
  'category',
  'pattern',
  'weight',
  'kinds',
  'all',
  'outcome',
  'reason',
  'flag',
  'label',
  'note',
];

function ordered(value: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const rank = (key: string) => {
    const i = order.indexOf(key);
    return i === -1 ? order.length : i;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The rules as the editor shows them: pretty-printed JSON in reading order. */
export function rulesText(rules: unknown): string {
  if (!isObject(rules)) return JSON.stringify(rules, null, 2);
  const top = ordered(rules, TOP);
  for (const list of ['patterns', 'combinations', 'redFlags']) {
    const rows = top[list];
    if (Array.isArray(rows)) top[list] = rows.map((r) => (isObject(r) ? ordered(r, RULE) : r));
  }
  return JSON.stringify(top, null, 2);
}
