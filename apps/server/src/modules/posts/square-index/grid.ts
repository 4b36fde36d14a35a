import { FEED_DEFAULT_RADIUS_KM, type Kind } from '@medrelay/contracts';
import { CELL_DEG, cellsCovering } from '../../../platform/geo.ts';
import {
  type Cursor,
  distanceKey,
  type FeedFilter,
  feedDistanceKm,
  type Hit,
  type IndexedView,
  MM_PER_KM,
  ringsKm,
} from '../posts.feed.ts';
import { flagsToMask } from '../posts.view.ts';

/** What the square filters and sorts on, for one open post. */
export interface IndexedPost extends IndexedView {
  id: string;
  kind: Kind;
  cell: number;
  /** Creation and expiry time, ms. */
  created: number;
  expires: number;
  flags: number;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  /** The post's categories (the square without a medicine filters on these). */
  categories: readonly string[];
  items: readonly { medicineId: string; category: string }[];
}

/** A row of `posts` (category null: match any of the post's) or of `post_items` (the item's own). */
interface Row {
  p: IndexedPost;
  category: string | null;
}

// Rows are kept in (created, id) order, ascending: the newest are appended at the end.
const isBefore = (a: IndexedPost, created: number, id: string) =>
  a.created < created || (a.created === created && a.id < id);

/** The first position whose row is not before (created, id). */
function lowerBound(rows: Row[], created: number, id: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore((rows[mid] as Row).p, created, id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(rows: Row[], row: Row) {
  const last = rows.at(-1);
  if (!last || isBefore(last.p, row.p.created, row.p.id)) rows.push(row);
  else rows.splice(lowerBound(rows, row.p.created, row.p.id), 0, row);
}

function removeSorted(rows: Row[], p: IndexedPost) {
  const i = lowerBound(rows, p.created, p.id);
  if (rows[i]?.p === p) rows.splice(i, 1);
}

const isSouthOf = (a: IndexedPost, b: IndexedPost) => a.lat < b.lat || (a.lat === b.lat && a.id < b.id);

/** The first position whose row is not south of `p` (by latitude, then id). */
function lowerBoundLat(rows: Row[], p: Pick<IndexedPost, 'lat' | 'id'>): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isSouthOf((rows[mid] as Row).p, p as IndexedPost)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A cell's rows by latitude, for nearest first: walking out from the asker's latitude, a row whose
 * latitude alone is farther than the page's last row ends that direction. Rows are appended as they
 * come and sorted when next asked for: the start-up read appends tens of thousands in time order,
 * sorted once; a later post makes the array sorted but for one row, which V8's TimSort merges in
 * one pass. Each row's latitude and longitude are also kept in arrays of numbers beside the rows:
 * the walk and its binary search then read memory in order, and reach a row's post only when it is
 * near enough to enter the page (a post is two objects away, and at a million posts each hop is a
 * cache and TLB miss: they were most of a page's time).
 */
class ByLatitude {
  private readonly rows: Row[] = [];
  // Made by the first walk through the cell, at their exact size, and dropped when a row comes or
  // goes: most cells are never asked for between two changes, and a million cells with arrays of
  // their own cost ~150 MB of heap before anyone asked (docs/benchmarks.md).
  private coords: { lats: number[]; lngs: number[] } | undefined;
  private sorted = true;

  add(row: Row) {
    const last = this.rows.at(-1);
    if (last && isSouthOf(row.p, last.p)) this.sorted = false;
    this.rows.push(row);
    this.coords = undefined;
  }

  remove(p: IndexedPost): number {
    const i = this.sorted ? lowerBoundLat(this.rows, p) : this.rows.findIndex((r) => r.p === p);
    if (i >= 0 && this.rows[i]?.p === p) {
      this.rows.splice(i, 1);
      this.coords = undefined;
    }
    return this.rows.length;
  }

  get(): { rows: Row[]; lats: number[]; lngs: number[] } {
    if (!this.sorted) {
      this.rows.sort((a, b) => (isSouthOf(a.p, b.p) ? -1 : 1));
      this.sorted = true;
    }
    this.coords ??= { lats: this.rows.map((r) => r.p.lat), lngs: this.rows.map((r) => r.p.lng) };
    return { rows: this.rows, ...this.coords };
  }
}

/** The first position whose latitude is not below `lat`. */
function lowerBoundOf(lats: number[], lat: number): number {
  let lo = 0;
  let hi = lats.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lats[mid] as number) < lat) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows of one (kind) or one (kind, medicine): all of them by time, and per grid cell by time and by latitude. */
class Bucket {
  readonly all: Row[] = [];
  readonly cells = new Map<number, Row[]>();
  readonly latitudes = new Map<number, ByLatitude>();

  add(row: Row) {
    let cell = this.cells.get(row.p.cell);
    if (!cell) this.cells.set(row.p.cell, (cell = []));
    insertSorted(this.all, row);
    insertSorted(cell, row);
    let byLat = this.latitudes.get(row.p.cell);
    if (!byLat) this.latitudes.set(row.p.cell, (byLat = new ByLatitude()));
    byLat.add(row);
  }

  remove(p: IndexedPost) {
    removeSorted(this.all, p);
    const cell = this.cells.get(p.cell);
    if (!cell) return;
    removeSorted(cell, p);
    if (cell.length === 0) this.cells.delete(p.cell);
    if (this.latitudes.get(p.cell)?.remove(p) === 0) this.latitudes.delete(p.cell);
  }
}

/** A page that would read more rows than this from memory is left to the SQL and its indexes. */
export const SCAN_BUDGET = 20_000;

/**
 * The open posts of the square in memory, answering `queryOneKind` (posts.feed.ts) row for row:
 * the same filters, the same rings for nearest-first, the same sort keys and keyset conditions.
 * Expiry is checked at query time like `openPostSql`; status changes arrive as upserts and removals.
 */
export class SquareGrid {
  private readonly posts = new Map<string, IndexedPost>();
  private readonly byKind = new Map<string, Bucket>();
  private readonly byMedicine = new Map<string, Bucket>();

  get size() {
    return this.posts.size;
  }

  get(id: string): IndexedPost | undefined {
    return this.posts.get(id);
  }

  /** Adds or replaces an open post (in time order, as the start-up read brings them, is fastest). */
  upsert(p: IndexedPost) {
    this.remove(p.id);
    this.posts.set(p.id, p);
    bucketOf(this.byKind, p.kind).add({ p, category: null });
    for (const item of p.items) {
      bucketOf(this.byMedicine, medicineKey(p.kind, item.medicineId)).add({ p, category: item.category });
    }
  }

  remove(id: string) {
    const p = this.posts.get(id);
    if (!p) return;
    this.posts.delete(id);
    this.byKind.get(p.kind)?.remove(p);
    for (const item of p.items) this.byMedicine.get(medicineKey(p.kind, item.medicineId))?.remove(p);
  }

  /** Every post, newest first (needs and offers merged by creation time). */
  *newest(): Generator<IndexedPost> {
    const lists = [...this.byKind.values()].map((b) => b.all);
    const at = lists.map((rows) => rows.length - 1);
    for (;;) {
      let best = -1;
      for (let l = 0; l < lists.length; l++) {
        const i = at[l] as number;
        if (i < 0) continue;
        const p = ((lists[l] as Row[])[i] as Row).p;
        if (best < 0) best = l;
        else {
          const q = ((lists[best] as Row[])[at[best] as number] as Row).p;
          if (isBefore(q, p.created, p.id)) best = l;
        }
      }
      if (best < 0) return;
      yield ((lists[best] as Row[])[at[best] as number] as Row).p;
      at[best] = (at[best] as number) - 1;
    }
  }

  /** `queryOneKind` (after `nearestRingsFirst`) from memory; undefined when it would scan too much. */
  hits(f: FeedFilter, kind: Kind, now: Date, cursor?: Cursor): Hit[] | undefined {
    const byItem = f.medicineId !== undefined;
    const bucket = byItem
      ? this.byMedicine.get(medicineKey(kind, f.medicineId as string))
      : this.byKind.get(kind);
    if (!bucket) return [];
    const accept = acceptor(f, byItem, now.getTime());
    if (!f.near) return newestFirst([bucket.all], f.limit, accept, cursor);
    const { lat, lng } = f.near;
    const radius = f.radiusKm ?? FEED_DEFAULT_RADIUS_KM;
    const within = (r: Row, km: number) => feedDistanceKm(lat, lng, r.p.lat, r.p.lng) <= km;
    if (f.sort === 'time') {
      const lists = cellLists(bucket, lat, lng, radius);
      return newestFirst(lists, f.limit, (r) => accept(r) && within(r, radius), cursor);
    }
    const rings = ringsKm(f).filter((ring) => ring < radius && !(cursor && ring * MM_PER_KM <= cursor.k));
    // One walk of the whole circle: its nearest rows are the SQL's smaller rings' answer too, unless
    // a row lies beyond a ring in the very millimetre of the ring's edge (ringAgrees), when the rings
    // are walked one by one as the SQL reads them.
    const walk = nearestFirst(bucket, f, radius, accept, cursor);
    if (walk === undefined) return undefined;
    const size = f.limit + 1;
    if (rings.every((ring) => ringAgrees(walk, ring, size))) return walk.hits;
    for (const ring of rings) {
      const hits = nearestFirst(bucket, f, ring, accept, cursor);
      if (hits === undefined) return undefined;
      if (hits.hits.length > f.limit) return hits.hits;
    }
    return walk.hits;
  }
}

const medicineKey = (kind: Kind, medicineId: string) => `${kind}\u0000${medicineId}`;

function bucketOf(map: Map<string, Bucket>, key: string): Bucket {
  let b = map.get(key);
  if (!b) map.set(key, (b = new Bucket()));
  return b;
}

/** The WHERE of `queryOneKind` other than kind, medicine and location. */
function acceptor(f: FeedFilter, byItem: boolean, nowMs: number): (r: Row) => boolean {
  const mask = f.flags?.length ? flagsToMask(f.flags) : 0;
  const { category, region } = f;
  const regionOf = region
    ? (p: IndexedPost) =>
        region.level === 'province' ? p.provinceCode : region.level === 'city' ? p.cityCode : p.districtCode
    : undefined;
  return (r) =>
    r.p.expires > nowMs &&
    (!category || (byItem ? r.category === category : r.p.categories.includes(category))) &&
    (!regionOf || regionOf(r.p) === region?.code) &&
    (mask === 0 || (r.p.flags & mask) !== 0);
}

function cellLists(bucket: Bucket, lat: number, lng: number, radiusKm: number): Row[][] {
  const lists: Row[][] = [];
  for (const cell of cellsCovering(lat, lng, radiusKm)) {
    const rows = bucket.cells.get(cell);
    if (rows) lists.push(rows);
  }
  return lists;
}

/**
 * Newest first across several (created, id)-ordered lists: a merge from their ends, strictly before
 * the cursor, until limit + 1 rows pass `accept`.
 */
function newestFirst(
  lists: Row[][],
  limit: number,
  accept: (r: Row) => boolean,
  cursor?: Cursor,
): Hit[] | undefined {
  const at = lists.map((rows) => (cursor ? lowerBound(rows, cursor.k, cursor.id) : rows.length) - 1);
  const hits: Hit[] = [];
  let scanned = 0;
  while (hits.length <= limit) {
    let best = -1;
    let bestRow: Row | undefined;
    for (let l = 0; l < lists.length; l++) {
      const i = at[l] as number;
      if (i < 0) continue;
      const row = (lists[l] as Row[])[i] as Row;
      if (!bestRow || isBefore(bestRow.p, row.p.created, row.p.id)) {
        best = l;
        bestRow = row;
      }
    }
    if (!bestRow) break;
    at[best] = (at[best] as number) - 1;
    if (++scanned > SCAN_BUDGET) return undefined;
    if (accept(bestRow)) hits.push({ id: bestRow.p.id, key: bestRow.p.created, post: bestRow.p });
  }
  return hits;
}

/**
 * Every row within `radiusKm` after the cursor, nearest first, the first limit + 1: the cells of the
 * SQL's cover, nearest cell first, until a cell cannot hold anything nearer than the page's last row.
 */
function nearestFirst(
  bucket: Bucket,
  f: FeedFilter,
  radiusKm: number,
  accept: (r: Row) => boolean,
  cursor?: Cursor,
): Walk | undefined {
  const { lat, lng } = f.near as { lat: number; lng: number };
  const cells: { byLat: ByLatitude; floor: number }[] = [];
  for (const cell of cellsCovering(lat, lng, radiusKm)) {
    const byLat = bucket.latitudes.get(cell);
    if (byLat) cells.push({ byLat, floor: cellFloorKey(cell, lat, lng) });
  }
  cells.sort((a, b) => a.floor - b.floor);
  // The page so far, nearest first, at most limit + 1 rows; `worst` is its last key once full. Until
  // it is full, the circle bounds the walk: a ring that holds fewer than a page reads only its own
  // band of latitudes, not the whole cells of its cover.
  const hits: Hit[] = [];
  // The exact distance of each hit, in the same order (ringAgrees).
  const kms: number[] = [];
  const size = f.limit + 1;
  const radiusMm = radiusKm * MM_PER_KM;
  let worst = Number.POSITIVE_INFINITY;
  let scanned = 0;
  for (const { byLat, floor } of cells) {
    if (floor > worst || floor > radiusMm + 2) break;
    const { rows, lats, lngs } = byLat.get();
    // Out from the asker's latitude, the nearer latitude first: the latitude difference alone bounds
    // the distance from below (a meridian arc), so once it exceeds the page's last row, nothing
    // further that way can enter the page.
    let north = lowerBoundOf(lats, lat);
    let south = north - 1;
    for (;;) {
      const up = north < lats.length ? (lats[north] as number) - lat : Number.POSITIVE_INFINITY;
      const down = south >= 0 ? lat - (lats[south] as number) : Number.POSITIVE_INFINITY;
      const dLat = up <= down ? up : down;
      if (
        dLat === Number.POSITIVE_INFINITY ||
        dLat * KM_PER_DEG_BELOW * MM_PER_KM > Math.min(worst + 1, radiusMm)
      )
        break;
      const at = up <= down ? north++ : south--;
      if (++scanned > SCAN_BUDGET * 5) return undefined;
      const km = feedDistanceKm(lat, lng, lats[at] as number, lngs[at] as number);
      if (km > radiusKm) continue;
      const key = distanceKey(km);
      if (key > worst) continue;
      const r = rows[at] as Row;
      if (!accept(r) || (cursor && (key < cursor.k || (key === cursor.k && r.p.id <= cursor.id)))) continue;
      let i = hits.length;
      while (i > 0 && isFarther(hits[i - 1] as Hit, key, r.p.id)) i--;
      if (i >= size) continue;
      hits.splice(i, 0, { id: r.p.id, key, post: r.p });
      kms.splice(i, 0, km);
      if (hits.length > size) {
        hits.pop();
        kms.pop();
      }
      if (hits.length === size) worst = (hits[size - 1] as Hit).key;
    }
  }
  return { hits, farthestKm: kms.length ? Math.max(...kms) : 0 };
}

/** The nearest rows within a circle, and how far the farthest of them is. */
interface Walk {
  hits: Hit[];
  farthestKm: number;
}

/**
 * Whether the SQL's smaller circle `ringKm` (posts.feed.ts#nearestRingsFirst) reaches the same page as
 * the walk of the whole circle. The SQL takes the first ring holding a whole page, its nearest rows.
 * If the walk's page lies within the ring, those are the ring's nearest rows too. If not, the ring
 * holds fewer than a page, unless a row within it sorts after the walk's last row: that takes the
 * same millimetre key as a row of the page beyond the ring, the ring's edge key. Only then do they
 * disagree.
 */
function ringAgrees(walk: Walk, ringKm: number, size: number): boolean {
  const last = walk.hits.at(-1);
  return !(walk.hits.length === size && last && last.key <= distanceKey(ringKm) && walk.farthestKm > ringKm);
}

const isFarther = (h: Hit, key: number, id: string) => h.key > key || (h.key === key && h.id > id);
// Kilometres per degree of latitude on the haversine's sphere, a hair low for rounding.
const KM_PER_DEG_BELOW = ((6371.0088 * Math.PI) / 180) * (1 - 1e-9);

const DEG = Math.PI / 180;
const LNG_CELLS = Math.round(360 / CELL_DEG);
// Points sit in their cell up to the rounding of cellOf's division; the box is taken a little larger.
const CELL_MARGIN_DEG = 1e-9;

/**
 * A distance key no row of the cell can be below: the haversine with the latitude and longitude
 * differences at their smallest over the cell and the cell's pole-ward cosine, less a millimetre for
 * rounding (a lower bound: each term of the haversine only grows with them).
 */
function cellFloorKey(cell: number, lat: number, lng: number): number {
  const row = Math.floor(cell / LNG_CELLS);
  const col = cell - row * LNG_CELLS;
  const lat0 = row * CELL_DEG - 90 - CELL_MARGIN_DEG;
  const lat1 = (row + 1) * CELL_DEG - 90 + CELL_MARGIN_DEG;
  const lng0 = col * CELL_DEG - 180 - CELL_MARGIN_DEG;
  const lng1 = (col + 1) * CELL_DEG - 180 + CELL_MARGIN_DEG;
  const dLat = lat < lat0 ? lat0 - lat : lat > lat1 ? lat - lat1 : 0;
  const dLng = lng < lng0 ? lng0 - lng : lng > lng1 ? lng - lng1 : 0;
  const cosMin = Math.max(0, Math.min(Math.cos(lat0 * DEG), Math.cos(lat1 * DEG)));
  const a = Math.sin((dLat * DEG) / 2) ** 2 + Math.cos(lat * DEG) * cosMin * Math.sin((dLng * DEG) / 2) ** 2;
  const km = 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  return Math.max(0, distanceKey(km) - 2);
}
