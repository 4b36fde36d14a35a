import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cellOf, cellsCovering } from '../../../platform/geo.ts';
import { type Cursor, distanceKey, type FeedFilter, feedDistanceKm, type Hit } from '../posts.feed.ts';
import { type IndexedPost, SquareGrid } from './grid.ts';

// The grid alone against a brute-force reading of the SQL's definition (cells of the cover, exact
// distance within the radius, whole millimetres, id on ties), with hundreds of posts so that the
// nearest-cell-first search really stops early. The SQL itself is compared in square-index.test.ts.
const CENTRE = { lat: 31.23, lng: 121.47 };
const NOW = Date.UTC(2026, 5, 1);

// Positions from a seeded generator: fast-check's own doubles lean to their bounds and to zero, which
// would pile the posts onto a few cells.
function scatter(seed: number, n: number) {
  let s = seed || 1;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return Array.from({ length: n }, () => ({
    dLat: (rnd() - 0.5) * 0.24,
    dLng: (rnd() - 0.5) * 0.24,
    spot: Math.floor(rnd() * 30),
    medicine: rnd() < 0.5 ? 'a' : 'b',
    age: Math.floor(rnd() * 1000),
  }));
}

function indexed(p: ReturnType<typeof scatter>[number], i: number): IndexedPost {
  // A sixth of them share one of five spots: equal distances, broken by id.
  const lat = p.spot < 5 ? CENTRE.lat + p.spot * 0.013 : CENTRE.lat + p.dLat;
  const lng = p.spot < 5 ? CENTRE.lng - p.spot * 0.007 : CENTRE.lng + p.dLng;
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    kind: 'need',
    lat,
    lng,
    cell: cellOf(lat, lng),
    created: NOW - p.age * 1000,
    expires: NOW + 1000,
    flags: 0,
    provinceCode: '310000',
    cityCode: '310100',
    districtCode: '310101',
    categories: ['x'],
    items: [{ medicineId: p.medicine, category: 'x' }],
    version: 1,
  };
}

function bruteForce(posts: IndexedPost[], f: FeedFilter, radius: number, cursor?: Cursor): Hit[] {
  const near = f.near as { lat: number; lng: number };
  const cells = new Set(cellsCovering(near.lat, near.lng, radius));
  return posts
    .filter(
      (p) => cells.has(p.cell) && (f.medicineId === undefined || p.items[0]?.medicineId === f.medicineId),
    )
    .map((p) => ({ p, km: feedDistanceKm(near.lat, near.lng, p.lat, p.lng) }))
    .filter(({ km }) => km <= radius)
    .map(({ p, km }) => ({ id: p.id, key: distanceKey(km), post: p }))
    .filter((h) => !cursor || h.key > cursor.k || (h.key === cursor.k && h.id > cursor.id))
    .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1))
    .slice(0, f.limit + 1);
}

describe('the grid, nearest first', () => {
  test('the first limit + 1 rows after each cursor are those of a brute-force scan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2147483646 }),
        fc.integer({ min: 1, max: 400 }),
        fc.record({
          dLat: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
          dLng: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
          radius: fc.constantFrom(1, 3, 5, 10, 20),
          limit: fc.integer({ min: 1, max: 20 }),
          medicine: fc.constantFrom(undefined, 'a'),
        }),
        (seed, n, q) => {
          const posts = scatter(seed, n).map(indexed);
          const grid = new SquareGrid();
          for (const p of posts) grid.upsert(p);
          const f: FeedFilter = {
            kind: 'need',
            medicineId: q.medicine,
            near: { lat: CENTRE.lat + q.dLat, lng: CENTRE.lng + q.dLng },
            radiusKm: q.radius,
            sort: 'distance',
            limit: q.limit,
          };
          let cursor: Cursor | undefined;
          for (let page = 0; page < 5; page++) {
            const hits = grid.hits(f, 'need', new Date(NOW), cursor) as Hit[];
            // Without a medicine the square tries small circles first: when one holds a page, that
            // page is the whole circle's too.
            expect(hits).toEqual(bruteForce(posts, f, q.radius, cursor));
            const last = hits[q.limit - 1];
            if (hits.length <= q.limit || !last) return;
            cursor = { f: '', k: last.key, id: last.id };
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the grid, nearest first at a ring's edge", () => {
  // The SQL reads small circles first (posts.feed.ts#nearestRingsFirst) and takes the first that
  // holds a page. The grid walks the whole circle once; the two differ only when rows lie exactly on
  // a ring's edge and others just beyond it in the same millimetre, so that the ring holds a page
  // that sorts differently from the circle's. 0.00899320363724538° north of (0, 120) is 1 km exactly
  // on feedDistanceKm's sphere; 0.0089932037° is 1.0000000041 km (the same millimetre key).
  test('21 posts exactly 1 km away and one just beyond with a smaller id: the 1 km ring answers', () => {
    const at = (lat: number, i: number, id: string): IndexedPost => ({
      ...indexed({ dLat: 0, dLng: 0, spot: 9, medicine: 'a', age: i }, i),
      id,
      lat,
      lng: 120,
      cell: cellOf(lat, 120),
    });
    const EDGE = 0.00899320363724538;
    expect(feedDistanceKm(0, 120, EDGE, 120)).toBe(1);
    const beyond = at(0.0089932037, 0, '00000000-0000-4000-8000-000000000000');
    expect(distanceKey(feedDistanceKm(0, 120, beyond.lat, 120))).toBe(distanceKey(1));
    const onEdge = Array.from({ length: 21 }, (_, i) =>
      at(EDGE, i + 1, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`),
    );
    const grid = new SquareGrid();
    for (const p of [beyond, ...onEdge]) grid.upsert(p);
    const f: FeedFilter = {
      kind: 'need',
      medicineId: 'a',
      near: { lat: 0, lng: 120 },
      radiusKm: 10,
      sort: 'distance',
      limit: 20,
    };
    // The 1 km ring holds 21 rows, a page: the SQL answers with them, and the post beyond is left out.
    const hits = grid.hits(f, 'need', new Date(NOW)) as Hit[];
    expect(hits.map((h) => h.id)).toEqual(onEdge.map((p) => p.id));
    // The circle's own order puts the post beyond first (same key, smaller id): a page without it
    // comes from the ring alone.
    expect(beyond.id < (onEdge[0] as IndexedPost).id).toBe(true);
  });
});

describe('the grid, every post newest first', () => {
  test('needs and offers merged by (created, id), descending; a removed post is left out', () => {
    const posts = scatter(7, 60).map(
      (p, i) => ({ ...indexed(p, i), kind: i % 3 ? 'need' : 'offer' }) as const,
    );
    const grid = new SquareGrid();
    for (const p of posts) grid.upsert(p);
    const gone = posts[10] as IndexedPost;
    grid.remove(gone.id);
    const expected = posts
      .filter((p) => p !== gone)
      .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1))
      .map((p) => p.id);
    expect([...grid.newest()].map((p) => p.id)).toEqual(expected);
  });
});

describe('the grid, nearest first, as posts come and go', () => {
  test('pages after later posts and removals are those of a brute-force scan (cells re-sorted by latitude)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2147483646 }), fc.integer({ min: 20, max: 400 }), (seed, n) => {
        const posts = scatter(seed, n).map(indexed);
        const grid = new SquareGrid();
        const half = Math.floor(n / 2);
        for (const p of posts.slice(0, half)) grid.upsert(p);
        const f: FeedFilter = { kind: 'need', near: CENTRE, radiusKm: 10, sort: 'distance', limit: 10 };
        const now = new Date(NOW);
        expect(grid.hits(f, 'need', now)).toEqual(bruteForce(posts.slice(0, half), f, 10));
        // Later posts land anywhere in a cell's latitude order; every fifth post leaves.
        for (const p of posts.slice(half)) grid.upsert(p);
        const gone = new Set(posts.filter((_, i) => i % 5 === 0).map((p) => p.id));
        for (const id of gone) grid.remove(id);
        const left = posts.filter((p) => !gone.has(p.id));
        expect(grid.hits(f, 'need', now)).toEqual(bruteForce(left, f, 10));
        // A post upserted again with another latitude (its old row must leave its cell's order).
        const moved = left
          .slice(0, 3)
          .map((p) => ({ ...p, lat: p.lat + 0.004, cell: cellOf(p.lat + 0.004, p.lng) }));
        for (const p of moved) grid.upsert(p);
        const now3 = [...moved, ...left.slice(3)];
        expect(grid.hits(f, 'need', now)).toEqual(bruteForce(now3, f, 10));
      }),
      { numRuns: 200 },
    );
  });
});
