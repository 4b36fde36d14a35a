import { createHash } from 'node:crypto';
import type { Kind, VulnerableFlag } from '@medrelay/contracts';
import { FEED_DEFAULT_RADIUS_KM, FEED_MAX_RADIUS_KM, KINDS } from '@medrelay/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { DAY } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { boxCovering, cellsCovering } from '../../platform/geo.ts';
import { openPostSql } from './posts.lifecycle.ts';
import { flagsToMask } from './posts.view.ts';

export interface FeedFilter {
  kind?: Kind;
  medicineId?: string;
  category?: string;
  region?: { level: 'province' | 'city' | 'district'; code: string };
  near?: { lat: number; lng: number };
  radiusKm?: number;
  sort: 'time' | 'distance';
  flags?: VulnerableFlag[];
  limit: number;
  cursor?: string;
}

export interface FeedPage {
  ids: string[];
  /** The page's rows with their sort keys (distance in mm when sorted by distance). */
  hits: Hit[];
  nextCursor: string | null;
}

/** One row of a page: the post id and its sort key (creation time in ms, or distance in mm). */
export interface Hit {
  id: string;
  key: number;
  /** From the square's index: its record of the post, which also holds the serialised view. */
  post?: IndexedView;
}

/**
 * What the square's index holds for a post besides its filters (square-index/grid.ts#IndexedPost):
 * the version of its public view and, once serialised, the view itself. Kept on the record, not in a
 * map beside it, so that a cached page costs no look-up per post (square-bodies.ts).
 */
export interface IndexedView {
  /** The number of the last event about the post that the index applied (square-index.ts#versionOf). */
  version: number;
  lat: number;
  lng: number;
  /** The serialised public view, and the version it was made from (square-bodies.ts). */
  cached?: CachedView;
}

export interface CachedView {
  version: number;
  /**
   * JSON.stringify(presentPost(post)) without a distance and without its closing brace, as UTF-8
   * bytes (square-bodies.ts says why).
   */
  body: Buffer;
  lat: number;
  lng: number;
}

export interface Cursor {
  f: string; // fingerprint of the filters the cursor belongs to
  k: number;
  id: string;
}

/**
 * Something that can answer the square's query for one kind from memory, with exactly the rows
 * `queryOneKind` would return (square-index/). `undefined`: not able to (still building, or the
 * filters would scan too much), so the SQL answers.
 */
export interface FeedIndex {
  hits(f: FeedFilter, kind: Kind, now: Date, cursor?: Cursor): Hit[] | undefined;
}

const fingerprint = (f: FeedFilter) =>
  createHash('sha256')
    .update(JSON.stringify([f.kind, f.medicineId, f.category, f.region, f.near, f.radiusKm, f.sort, f.flags]))
    .digest('base64url')
    .slice(0, 10);

// A cursor comes back from the client, so its sort key is checked against what the key can really be:
// a creation time (whole ms, after the service began and not in the future) or a distance key within
// the largest radius. Anything else is forged or stale; a huge number used to reach `new Date()` and
// answer 500 (issue 17).
const EARLIEST_POST_MS = Date.UTC(2020, 0, 1);
const keyInRange = (k: unknown, sort: FeedFilter['sort'], now: Date): k is number =>
  typeof k === 'number' &&
  (sort === 'time'
    ? Number.isSafeInteger(k) && k >= EARLIEST_POST_MS && k <= now.getTime() + DAY
    : Number.isSafeInteger(k) && k >= 0 && k <= FEED_MAX_RADIUS_KM * MM_PER_KM);

function decodeCursor(raw: string, expectedFingerprint: string, sort: FeedFilter['sort'], now: Date): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    if (
      c?.f === expectedFingerprint &&
      keyInRange(c.k, sort, now) &&
      typeof c.id === 'string' &&
      uuid.test(c.id)
    )
      return c;
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad_cursor', 400, { field: 'cursor' });
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

// Haversine on the same sphere as geo.ts#distanceKm, in plain SQL so it runs on PostgreSQL and PGlite
// without extensions.
const distanceSql = (lat: number, lng: number) => sql`(2 * 6371.0088 * asin(least(1, sqrt(
  power(sin(radians(t.lat - ${lat}::float8) / 2), 2) +
  cos(radians(${lat}::float8)) * cos(radians(t.lat)) * power(sin(radians(t.lng - ${lng}::float8) / 2), 2)))))`;

// The same expression in JavaScript, operation for operation (PostgreSQL's radians() multiplies by
// this constant; (x * PI) / 180 rounds differently). Their last bits still differ now and then (the C
// library's sin and cos are not V8's: about 2 % of distances on PostgreSQL, 0.4 % on PGlite), so the
// square sorts by whole millimetres, which both sides compute alike unless a distance lies within
// 1e-12 mm of a millimetre boundary.
const RADIANS_PER_DEGREE = 0.0174532925199432957692;
const radians = (deg: number) => deg * RADIANS_PER_DEGREE;
export function feedDistanceKm(lat: number, lng: number, toLat: number, toLng: number): number {
  const a =
    Math.sin(radians(toLat - lat) / 2) ** 2 +
    Math.cos(radians(lat)) * Math.cos(radians(toLat)) * Math.sin(radians(toLng - lng) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}
/** The distance sort key (and cursor key): whole millimetres. */
export const MM_PER_KM = 1e6;
export const distanceKey = (km: number) => Math.floor(km * MM_PER_KM);

/**
 * The square's query. With a medicine it reads `post_items` (one row per item, filter columns beside
 * the location, so "nearest open needs for X" is one index range per cell); without one it reads
 * `posts`. Keyset pagination on (sort key, id): rows inserted meanwhile never repeat or shift a page.
 */
export async function queryFeed(db: Db, f: FeedFilter, now: Date, index?: FeedIndex): Promise<FeedPage> {
  if (f.sort === 'distance' && !f.near) throw new AppError('near_required', 400, { field: 'near' });
  const print = fingerprint(f);
  const cursor = f.cursor ? decodeCursor(f.cursor, print, f.sort, now) : undefined;
  // Each kind has its own index order; with no kind, read both and merge, which keeps both index-driven.
  const kinds: Kind[] = f.kind ? [f.kind] : [...KINDS];
  const perKind = await Promise.all(
    kinds.map((kind) => index?.hits(f, kind, now, cursor) ?? nearestRingsFirst(db, f, kind, now, cursor)),
  );
  const desc = f.sort === 'time';
  const merged = perKind
    .flat()
    .sort((a, b) =>
      a.key === b.key ? cmp(a.id, b.id) * (desc ? -1 : 1) : (a.key - b.key) * (desc ? -1 : 1),
    );
  const page = merged.slice(0, f.limit);
  const last = page.at(-1);
  return {
    ids: page.map((h) => h.id),
    hits: page,
    nextCursor: merged.length > f.limit && last ? encodeCursor({ f: print, k: last.key, id: last.id }) : null,
  };
}

// Nearest-first reads every open row in the circle to sort them; in a big city that is thousands of
// rows for a page of 20 (tens of thousands at 10M posts). A smaller circle that already yields
// limit + 1 rows holds exactly the first limit + 1 rows of the whole circle (everything not fetched
// lies farther out, and the keyset condition applies alike), so the page and its cursor are the same.
// Without a medicine the index has latitude in its key, so a 300 m circle reads a thin strip of its
// cells; with one, each circle reads its cells whole (that index is ordered by time within a cell for
// newest-first), so the smallest is 1 km (docs/benchmarks.md, "10M posts"). The index
// (square-index/) takes the same rings in the same cases, so that a distance tie across a ring's edge
// breaks the same way on both paths.
const RINGS_KM = [0.3, 1, 2.5, 5];
const ITEM_RINGS_KM = [1, 2.5, 5];
/** The smaller circles nearest-first tries before the query's own, smallest first. */
export const ringsKm = (f: FeedFilter): readonly number[] =>
  f.sort !== 'distance' || f.near === undefined ? [] : f.medicineId === undefined ? RINGS_KM : ITEM_RINGS_KM;

async function nearestRingsFirst(db: Db, f: FeedFilter, kind: Kind, now: Date, cursor?: Cursor) {
  const radius = f.radiusKm ?? FEED_DEFAULT_RADIUS_KM;
  for (const ring of ringsKm(f)) {
    if (ring >= radius || (cursor && ring * MM_PER_KM <= cursor.k)) continue;
    const hits = await queryOneKind(db, { ...f, radiusKm: ring }, kind, now, cursor);
    if (hits.length > f.limit) return hits;
  }
  return queryOneKind(db, f, kind, now, cursor);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function queryOneKind(db: Db, f: FeedFilter, kind: Kind, now: Date, cursor?: Cursor): Promise<Hit[]> {
  const byItem = f.medicineId !== undefined;
  const table = byItem ? sql`post_items` : sql`posts`;
  const id = byItem ? sql`t.post_id` : sql`t.id`;
  const where: SQL[] = [openPostSql(now, 't'), sql`t.kind = ${kind}`];
  if (byItem) where.push(sql`t.medicine_id = ${f.medicineId}`);
  if (f.category)
    where.push(byItem ? sql`t.category = ${f.category}` : sql`${f.category} = ANY(t.categories)`);
  if (f.region) {
    const column = sql.raw(`t.${f.region.level}_code`);
    where.push(sql`${column} = ${f.region.code}`);
  }
  if (f.flags?.length) where.push(sql`(t.flags & ${flagsToMask(f.flags)}::smallint) <> 0`);

  let dist = sql`NULL::float8`;
  let radius: number | undefined;
  if (f.near) {
    radius = f.radiusKm ?? FEED_DEFAULT_RADIUS_KM;
    // The box the cells cover, checked on the index's own lat and lng before the haversine: a small
    // ring reads whole 0.05° cells, most of whose rows lie outside it.
    const box = boxCovering(f.near.lat, f.near.lng, radius);
    where.push(sql`t.lat BETWEEN ${box.lat0}::float8 AND ${box.lat1}::float8`);
    if (box.lngExact) where.push(sql`t.lng BETWEEN ${box.lng0}::float8 AND ${box.lng1}::float8`);
    dist = distanceSql(f.near.lat, f.near.lng);
    const cells = `{${cellsCovering(f.near.lat, f.near.lng, radius).join(',')}}`;
    if (byItem && f.sort === 'time') return newestInCells(db, f, where, cells, dist, radius, cursor);
    where.push(sql`t.cell = ANY(${cells}::int[])`);
  }

  const inner = sql`SELECT ${id} AS id, t.created_at, ${dist} AS dist FROM ${table} t WHERE ${sql.join(where, sql` AND `)}`;
  const outer: SQL[] = [];
  if (radius !== undefined) outer.push(sql`s.dist <= ${radius}::float8`);
  const key = sql`floor(s.dist * ${MM_PER_KM}::float8)`;
  let order: SQL;
  if (f.sort === 'distance') {
    if (cursor) outer.push(sql`(${key}, s.id) > (${cursor.k}::float8, ${cursor.id}::uuid)`);
    order = sql`${key}, s.id`;
  } else {
    if (cursor) {
      outer.push(
        sql`(s.created_at, s.id) < (${new Date(cursor.k).toISOString()}::timestamptz, ${cursor.id}::uuid)`,
      );
    }
    order = sql`s.created_at DESC, s.id DESC`;
  }
  const query = sql`SELECT s.id, s.created_at, ${key} AS dkey FROM (${inner}) s
    ${outer.length ? sql`WHERE ${sql.join(outer, sql` AND `)}` : sql``}
    ORDER BY ${order} LIMIT ${f.limit + 1}`;
  const rows = await selectRows<{ id: string; created_at: string | Date; dkey: number | null }>(db, query);
  return rows.map((r) => ({
    id: r.id,
    key: f.sort === 'distance' ? Number(r.dkey) : new Date(r.created_at).getTime(),
  }));
}

/**
 * Newest first for one medicine within a circle: the newest limit + 1 rows of each cell of the cover
 * (one walk of `post_items_open_near_idx`, ordered by time within a cell, that stops at limit + 1
 * rows inside the circle), then the newest limit + 1 of those. Every row lies in one cell, so these
 * are the rows `queryOneKind` would sort out of the whole cover, which reads every row of every cell.
 */
async function newestInCells(
  db: Db,
  f: FeedFilter,
  where: SQL[],
  cells: string,
  dist: SQL,
  radius: number,
  cursor?: Cursor,
): Promise<Hit[]> {
  const inCell = [...where, sql`t.cell = c.cell`, sql`${dist} <= ${radius}::float8`];
  if (cursor) {
    inCell.push(
      sql`(t.created_at, t.post_id) < (${new Date(cursor.k).toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  const query = sql`SELECT s.id, s.created_at FROM unnest(${cells}::int[]) AS c(cell)
    CROSS JOIN LATERAL (SELECT t.post_id AS id, t.created_at FROM post_items t
      WHERE ${sql.join(inCell, sql` AND `)}
      ORDER BY t.created_at DESC, t.post_id DESC LIMIT ${f.limit + 1}) s
    ORDER BY s.created_at DESC, s.id DESC LIMIT ${f.limit + 1}`;
  const rows = await selectRows<{ id: string; created_at: string | Date }>(db, query);
  return rows.map((r) => ({ id: r.id, key: new Date(r.created_at).getTime() }));
}
