// The synthetic world of the feed benchmark: where people post, what they ask for, and when.
// Shared by the generator (which writes it) and the benchmarks (which query it from the same
// distributions), so "a random query" lands where the posts are, as real traffic does.
import { readFileSync } from 'node:fs';
import { cellOf } from '../../apps/server/src/platform/geo.ts';

/** sfc32: small, fast, seedable; Math.random cannot be replayed. */
export function rng(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
export type Rand = () => number;

export const gaussian = (r: Rand): number => {
  const u = 1 - r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
};

/** Picks an index with probability proportional to its weight (binary search on the running sum). */
export function weighted<T>(items: readonly T[], weights: readonly number[]): (r: Rand) => T {
  const cum: number[] = [];
  let sum = 0;
  for (const w of weights) cum.push((sum += w));
  return (r) => {
    const x = r() * sum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
/** A version-4-shaped uuid from the seeded generator, so a run with the same seed is the same data. */
export function uuid(r: Rand): string {
  const a = hex(r() * 2 ** 32);
  const b = hex(r() * 2 ** 32);
  const c = hex(r() * 2 ** 32);
  const d = hex(r() * 2 ** 32);
  const variant = ((Number.parseInt(c[0] as string, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

// ---------------------------------------------------------------------------------------------
// Places. Cities are weighted after the seed article (Dec 2022, top-5 asking: Shenzhen, Hangzhou,
// Shanghai, Guangzhou, Dongguan; top-5 offering: Shenzhen, Beijing, Shanghai, Hangzhou, Guangzhou)
// and then roughly by population. 80% of posts fall in these cities, 20% anywhere in China.

type Level = 'province' | 'city' | 'district';
type RegionRow = [string, string, string | null, Level, number, number, number];

const CITIES: [code: string, need: number, offer: number][] = [
  ['440300', 14, 14], // 深圳
  ['330100', 9, 7], // 杭州
  ['310100', 8.5, 8.5], // 上海
  ['440100', 8, 7], // 广州
  ['441900', 6, 4], // 东莞
  ['110100', 6, 9], // 北京
  ['510100', 4, 4], // 成都
  ['500100', 3, 3], // 重庆
  ['420100', 3, 3], // 武汉
  ['610100', 2.5, 2.5], // 西安
  ['120100', 2.5, 2.5], // 天津
  ['320500', 2.5, 2.5], // 苏州
  ['320100', 2, 2], // 南京
  ['440600', 2, 2], // 佛山
  ['430100', 2, 2], // 长沙
  ['410100', 2, 2], // 郑州
  ...[
    '370200', // 青岛
    '340100', // 合肥
    '370100', // 济南
    '210100', // 沈阳
    '530100', // 昆明
    '230100', // 哈尔滨
    '210200', // 大连
    '330200', // 宁波
    '350200', // 厦门
    '350100', // 福州
    '130100', // 石家庄
    '220100', // 长春
    '450100', // 南宁
    '520100', // 贵阳
    '360100', // 南昌
    '140100', // 太原
    '620100', // 兰州
    '650100', // 乌鲁木齐
    '320200', // 无锡
    '330300', // 温州
  ].map((code): [string, number, number] => [code, 1, 1]),
];
export const CITY_SHARE = 0.8;
const DISTRICT_SIGMA_KM = 3; // a post's distance from its district's centre, per axis
const LEAF_CITY_SIGMA_KM = 10; // cities without districts (东莞, 中山 …) are one wide blob

export interface Leaf {
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  lat: number;
  lng: number;
  sigmaKm: number;
}

export interface Place extends Leaf {
  /** the district centre the post was drawn around; lat/lng are the post's own point */
  centre: { lat: number; lng: number };
}

export interface Places {
  /** a point where someone posts (or browses from) a post of this kind */
  draw(kind: 'need' | 'offer', r: Rand): Place;
  /** city codes by weight, for "newest in a city" queries */
  drawCity(r: Rand): string;
}

const km = (lat1: number, lng1: number, lat2: number, lng2: number) => {
  const dy = (lat2 - lat1) * 111.195;
  const dx = (lng2 - lng1) * 111.195 * Math.cos((lat1 * Math.PI) / 180);
  return Math.hypot(dx, dy);
};

export function loadPlaces(): Places {
  const file = new URL('../../apps/server/data/regions.v1.json', import.meta.url);
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows: RegionRow[] }).rows;
  const byCode = new Map(rows.map((r) => [r[0], r]));
  const children = new Map<string, RegionRow[]>();
  for (const r of rows) {
    if (!r[2]) continue;
    const list = children.get(r[2]) ?? [];
    list.push(r);
    children.set(r[2], list);
  }
  const leafOf = (r: RegionRow): Leaf => {
    const city = r[3] === 'district' && r[2] ? (byCode.get(r[2]) as RegionRow) : r;
    const province = city[2] ? (byCode.get(city[2]) as RegionRow) : city;
    return {
      provinceCode: province[0],
      cityCode: city[0],
      districtCode: r[0],
      lat: r[4],
      lng: r[5],
      sigmaKm: r[3] === 'district' ? DISTRICT_SIGMA_KM : LEAF_CITY_SIGMA_KM,
    };
  };
  // Leaves as the server resolves them: districts, and cities that have no districts.
  const leaves = rows
    .filter((r) => r[3] === 'district' || (r[3] === 'city' && !children.get(r[0])?.length))
    .map(leafOf);
  // Inside a big city, people cluster in the central districts: weight by distance from the centre.
  const cityLeaf = new Map<string, (r: Rand) => Leaf>();
  for (const [code] of CITIES) {
    const city = byCode.get(code);
    if (!city) throw new Error(`bench: city ${code} is not in regions.v1.json`);
    const kids = children.get(code) ?? [];
    const list = kids.length ? kids.map(leafOf) : [leafOf(city)];
    cityLeaf.set(
      code,
      weighted(
        list,
        list.map((l) => Math.exp(-km(city[4], city[5], l.lat, l.lng) / 15)),
      ),
    );
  }
  const codes = CITIES.map((c) => c[0]);
  const cityFor = {
    need: weighted(
      codes,
      CITIES.map((c) => c[1]),
    ),
    offer: weighted(
      codes,
      CITIES.map((c) => c[2]),
    ),
  };
  const anyLeaf = weighted(
    leaves,
    leaves.map(() => 1),
  );
  return {
    draw(kind, r) {
      const leaf = r() < CITY_SHARE ? (cityLeaf.get(cityFor[kind](r)) as (r: Rand) => Leaf)(r) : anyLeaf(r);
      const dy = gaussian(r) * leaf.sigmaKm;
      const dx = gaussian(r) * leaf.sigmaKm;
      const lat = leaf.lat + dy / 111.195;
      const lng = leaf.lng + dx / (111.195 * Math.cos((leaf.lat * Math.PI) / 180));
      return { ...leaf, lat, lng, centre: { lat: leaf.lat, lng: leaf.lng } };
    },
    drawCity: cityFor.need,
  };
}

// ---------------------------------------------------------------------------------------------
// Medicines. Zipf-like popularity (weight 1/rank): antigen tests, ibuprofen and acetaminophen on top,
// as the seed reports for December 2022; the rest of the catalogue in file order behind them.

export interface Medicine {
  id: string;
  category: string;
  caps: { need: number; offer: number };
}

const TOP = [
  'antigen-test-single',
  'ibuprofen-tablet',
  'acetaminophen-tablet',
  'antigen-test-5pack',
  'ibuprofen-sr-capsule',
  'ibuprofen-suspension',
  'acetaminophen-drops',
  'n95-mask',
  'pulse-oximeter',
  'electronic-thermometer',
  'ibuprofen-granule',
  'acetaminophen-suspension',
  'ambroxol-tablet',
];
export const ZIPF_EXPONENT = 1;

export interface Medicines {
  all: Medicine[];
  /** medicine by popularity; offers are a little flatter than needs (people give what they have) */
  draw(kind: 'need' | 'offer', r: Rand): Medicine;
  share(id: string, kind: 'need' | 'offer'): number;
}

export function loadMedicines(): Medicines {
  const file = new URL('../../apps/server/data/catalog.v1.json', import.meta.url);
  const all = (JSON.parse(readFileSync(file, 'utf8')) as { medicines: Medicine[] }).medicines.map(
    ({ id, category, caps }) => ({ id, category, caps }),
  );
  const ranked = [
    ...TOP.flatMap((id) => all.filter((m) => m.id === id)),
    ...all.filter((m) => !TOP.includes(m.id)),
  ];
  const weights = {
    need: ranked.map((_, i) => 1 / (i + 1) ** ZIPF_EXPONENT),
    offer: ranked.map((_, i) => 1 / (i + 1) ** (ZIPF_EXPONENT * 0.8)),
  };
  const total = { need: sum(weights.need), offer: sum(weights.offer) };
  const pick = { need: weighted(ranked, weights.need), offer: weighted(ranked, weights.offer) };
  return {
    all: ranked,
    draw: (kind, r) => pick[kind](r),
    share: (id, kind) => (weights[kind][ranked.findIndex((m) => m.id === id)] ?? 0) / total[kind],
  };
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------
// Posts.

export const HOUR_MS = 3_600_000;
export const TTL_MS = { need: 72 * HOUR_MS, offer: 7 * 24 * HOUR_MS } as const;
export const SPAN_MS = 7 * 24 * HOUR_MS;
export const NEED_SHARE = 0.6;
export const FLAGGED_SHARE = 0.15;
export const RESOLVED_SHARE = 0.15;
export const RENEWED_SHARE = 0.2;
const FLAG_BITS = { elderly: 1, infant: 2, pregnant: 4, chronic: 8 };
const flagMask = weighted(
  [FLAG_BITS.elderly, FLAG_BITS.infant, FLAG_BITS.chronic, FLAG_BITS.pregnant, 1 | 8, 2 | 4],
  [45, 25, 15, 7, 6, 2],
);
const itemCount = weighted([1, 2, 3], [50, 30, 20]);
const forWhom = weighted(['self', 'family', 'other'] as const, [55, 40, 5]);
const NOTES = [
  '家里老人发烧，急需',
  '孩子高烧，求儿童退烧药',
  '可自取，也可跑腿',
  '全新未拆封，免费送',
  '送给有需要的邻居',
  null,
  null,
  null,
];

export interface PostRow {
  id: string;
  kind: 'need' | 'offer';
  status: 'open' | 'resolved' | 'expired';
  lat: number;
  lng: number;
  cell: number;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  forWhom: 'self' | 'family' | 'other';
  flags: number;
  note: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  categories: string[];
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  closedAt: number | null;
  renewCount: number;
  items: ItemRow[];
}

export interface ItemRow {
  medicineId: string;
  position: number;
  quantity: number;
  expiresOn: string | null;
  unopened: boolean | null;
  category: string;
}

/**
 * One post as the service would have written it. Creation times lean towards `now` (the surge was
 * growing), needs live 72 h and offers 7 days; older needs expired unless renewed; some were resolved.
 */
export function makePost(now: number, places: Places, medicines: Medicines, r: Rand): PostRow {
  const kind = r() < NEED_SHARE ? 'need' : 'offer';
  const place = places.draw(kind, r);
  const createdAt = Math.round(now - SPAN_MS * r() ** 2.5);
  let expiresAt = createdAt + TTL_MS[kind];
  let renewCount = 0;
  if (expiresAt <= now && r() < RENEWED_SHARE) {
    renewCount = 1;
    expiresAt = createdAt + Math.round(TTL_MS[kind] * (1 + r())) + TTL_MS[kind];
  }
  let status: PostRow['status'] = expiresAt <= now ? 'expired' : 'open';
  let closedAt: number | null = status === 'expired' ? expiresAt : null;
  if (r() < RESOLVED_SHARE) {
    status = 'resolved';
    closedAt = createdAt + Math.round((Math.min(now, expiresAt) - createdAt) * r());
  }
  const n = itemCount(r);
  const items: ItemRow[] = [];
  while (items.length < n) {
    const m = medicines.draw(kind, r);
    if (items.some((i) => i.medicineId === m.id)) continue;
    items.push({
      medicineId: m.id,
      position: items.length,
      quantity: 1 + Math.floor(r() * m.caps[kind]),
      expiresOn:
        kind === 'offer' ? new Date(now + (60 + r() * 700) * 24 * HOUR_MS).toISOString().slice(0, 10) : null,
      unopened: kind === 'offer' ? r() < 0.7 : null,
      category: m.category,
    });
  }
  const open = status === 'open';
  return {
    id: uuid(r),
    kind,
    status,
    lat: place.lat,
    lng: place.lng,
    cell: cellOf(place.lat, place.lng),
    provinceCode: place.provinceCode,
    cityCode: place.cityCode,
    districtCode: place.districtCode,
    forWhom: forWhom(r),
    flags: r() < FLAGGED_SHARE ? flagMask(r) : 0,
    note: NOTES[Math.floor(r() * NOTES.length)] ?? null,
    // Contact data is purged when a post closes (DESIGN.md); a fixed dummy stands in for ciphertext.
    phoneEnc: open ? 'bench:0' : null,
    phoneMasked: open ? '138****0000' : null,
    categories: [...new Set(items.map((i) => i.category))],
    createdAt,
    updatedAt: closedAt ?? createdAt,
    expiresAt,
    closedAt,
    renewCount,
    items,
  };
}
