// Fills `pinyin`, `initials` and `aliasInitials` of every medicine in the catalogue from its Chinese
// names, so search keys are computed rather than hand-typed (and a typo cannot hide an item).
// Run after editing names or aliases:  npx tsx scripts/catalog-pinyin.ts [path/to/catalog.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

// Latin letters and digits (N95, ORS, "III") are kept as lower-case tokens; punctuation is dropped.
function tokens(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Tone-less, lower-case, space-separated pinyin ("布洛芬片" → "bu luo fen pian"; ü is written v). */
export function pinyinOf(text: string): string {
  return tokens(pinyin(text, { toneType: 'none', nonZh: 'consecutive', v: true }));
}

/** First letters of each syllable, Latin runs kept whole ("芬必得" → "fbd", "N95口罩" → "n95kz"). */
export function initialsOf(text: string): string {
  return tokens(pinyin(text, { pattern: 'first', toneType: 'none', nonZh: 'consecutive', v: true })).replace(
    / /g,
    '',
  );
}

/** Initials of each alias that has Chinese characters, de-duplicated, in alias order. */
export function aliasInitialsOf(aliases: readonly string[]): string[] {
  return [...new Set(aliases.filter((alias) => HAN.test(alias)).map(initialsOf))];
}

interface Medicine {
  name: { zh: string };
  aliases: string[];
  [key: string]: unknown;
}

// Rebuilds each entry so the three computed keys sit right after `aliases`, keeping the file diffable.
export function withPinyin<T extends Medicine>(medicine: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(medicine)) {
    if (key === 'pinyin' || key === 'initials' || key === 'aliasInitials') continue;
    out[key] = value;
    if (key === 'aliases') {
      out.pinyin = pinyinOf(medicine.name.zh);
      out.initials = initialsOf(medicine.name.zh);
      out.aliasInitials = aliasInitialsOf(medicine.aliases);
    }
  }
  return out as T;
}

function main(): void {
  const file =
    process.argv[2] ?? fileURLToPath(new URL('../apps/server/data/catalog.v1.json', import.meta.url));
  const catalog = JSON.parse(readFileSync(file, 'utf8')) as { medicines: Medicine[] };
  catalog.medicines = catalog.medicines.map(withPinyin);
  writeFileSync(file, `${JSON.stringify(catalog, null, 2)}\n`);
  console.log(`catalog-pinyin: ${catalog.medicines.length} medicines updated in ${file}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
