import { FEED_MAX_RADIUS_KM, FeedQuery, KINDS, VULNERABLE_FLAGS } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOUR, MINUTE } from '../../../platform/clock.ts';
import { selectRows } from '../../../platform/db/index.ts';
import { type Client, type TestApp, testApp } from '../../../testing/test-app.ts';
import { type FeedFilter, queryFeed } from '../posts.feed.ts';
import type { IndexedPost } from './grid.ts';
import { Interner, squareIndexRepo } from './repo.ts';
import { createSquareIndex, type SquareIndex } from './square-index.ts';

// Around 深圳 (Shenzhen): posts up to ~17 km out, a few spots shared by several posts (distance ties),
// and bursts at one clock reading (time ties), so that every tie-break is exercised.
const CENTRE = { lat: 22.55, lng: 114.05 };
const SPOTS = [CENTRE, { lat: 22.5329, lng: 113.9305 }, { lat: 22.6, lng: 114.1 }];
const MEDICINES = ['ibuprofen-tablet', 'acetaminophen-tablet', 'antigen-test-single', 'ibuprofen-drops'];
const CATEGORIES = ['antipyretic', 'antigen', 'pediatric'];

type Op =
  | {
      op: 'create';
      who: number;
      kind: 'need' | 'offer';
      medicines: number[];
      spot: number;
      dLat: number;
      dLng: number;
      flags: (typeof VULNERABLE_FLAGS)[number][];
    }
  | { op: 'tick'; ms: number }
  | { op: 'resolve' | 'delete' | 'renew'; pick: number }
  | { op: 'expire'; hours: number; sweep: boolean }
  /** The clock to a post's expiry, a millisecond either side (forward only). */
  | { op: 'edge'; pick: number; delta: -1 | 0 | 1 };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      who: fc.nat(2),
      kind: fc.constantFrom('need' as const, 'offer' as const),
      medicines: fc.uniqueArray(fc.nat(MEDICINES.length - 1), { minLength: 1, maxLength: 2 }),
      spot: fc.nat(SPOTS.length + 1),
      dLat: fc.double({ min: -0.15, max: 0.15, noNaN: true }),
      dLng: fc.double({ min: -0.15, max: 0.15, noNaN: true }),
      flags: fc.subarray([...VULNERABLE_FLAGS]),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.constantFrom(0, 1, 1000, MINUTE) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('resolve' as const, 'delete' as const, 'renew' as const),
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('expire' as const),
      hours: fc.constantFrom(1, 24, 71, 72, 73, 167, 168),
      sweep: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('edge' as const),
      pick: fc.nat(),
      delta: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    }),
  },
);

const filterArb = fc.record(
  {
    kind: fc.constantFrom(...KINDS),
    medicineId: fc.constantFrom(...MEDICINES),
    category: fc.constantFrom(...CATEGORIES),
    region: fc.record({
      level: fc.constantFrom('province' as const, 'city' as const, 'district' as const),
      pick: fc.nat(),
    }),
    near: fc.record({
      lat: fc.double({ min: CENTRE.lat - 0.2, max: CENTRE.lat + 0.2, noNaN: true }),
      lng: fc.double({ min: CENTRE.lng - 0.2, max: CENTRE.lng + 0.2, noNaN: true }),
    }),
    radiusKm: fc.constantFrom(0.5, 1, 2, 3, 5, 10, 20, FEED_MAX_RADIUS_KM),
    flags: fc.subarray([...VULNERABLE_FLAGS], { minLength: 1 }),
  },
  { requiredKeys: [] },
);
const queryArb = fc.record({ f: filterArb, distance: fc.boolean(), limit: fc.integer({ min: 1, max: 6 }) });

let t: TestApp;
let residents: Client[];
let index: SquareIndex;
const mine: { id: string; phone: string; expiresAt: string }[] = [];
// Sessions end as the clock runs on: a resident logs in again when theirs is gone.
const sessions = new Map<string, { client: Client; at: number }>();
async function as(phone: string): Promise<Client> {
  const now = t.clock.now().getTime();
  const s = sessions.get(phone);
  if (s && now - s.at < 30 * MINUTE) return s.client;
  const client = await t.as.resident({ phone, verified: false });
  sessions.set(phone, { client, at: now });
  return client;
}

beforeAll(async () => {
  t = await testApp();
  // Another process's index: it learns of changes only through the outbox, like a second server.
  index = createSquareIndex({ db: t.store.db });
  await index.build();
});
afterAll(() => t.close());

async function apply(op: Op) {
  if (op.op === 'tick') return t.clock.advance(op.ms);
  if (op.op === 'expire') {
    t.clock.advance(op.hours * HOUR);
    if (op.sweep) await t.posts.expireDue();
    return;
  }
  if (op.op === 'create') {
    const base = SPOTS[op.spot];
    const at = base ?? { lat: CENTRE.lat + op.dLat, lng: CENTRE.lng + op.dLng };
    const offer = op.kind === 'offer';
    const expiresOn = new Date(t.clock.now().getTime() + 300 * 86_400_000).toISOString().slice(0, 10);
    const post = await (await as((residents[op.who] as Client).phone)).createPost({
      kind: op.kind,
      location: at,
      flags: op.flags,
      items: op.medicines.map((m) => ({
        medicineId: MEDICINES[m] as string,
        quantity: 1,
        ...(offer ? { expiresOn, unopened: true } : {}),
      })),
    });
    mine.push({ id: post.id, phone: (residents[op.who] as Client).phone, expiresAt: post.expiresAt });
    return;
  }
  const target = mine[op.pick % Math.max(1, mine.length)];
  if (!target) return;
  if (op.op === 'edge') {
    const at = new Date(target.expiresAt).getTime() + op.delta;
    if (at > t.clock.now().getTime()) t.clock.set(new Date(at));
    return;
  }
  const owner = await as(target.phone);
  // Some of these are refused (already closed, deleted): refusals change nothing, which is the point.
  if (op.op === 'delete') await owner.del(`/api/v1/posts/${target.id}`);
  else await owner.post(`/api/v1/posts/${target.id}/${op.op}`, {});
}

async function regionOf(level: 'province' | 'city' | 'district', pick: number) {
  const rows = await selectRows<{ code: string }>(
    t.store.db,
    sql`SELECT DISTINCT ${sql.raw(`${level}_code`)} AS code FROM posts ORDER BY 1`,
  );
  return rows.length ? { level, code: (rows[pick % rows.length] as { code: string }).code } : undefined;
}

/** Every page of both paths, compared: ids, order and cursors. */
async function comparePages(q: typeof queryArb extends fc.Arbitrary<infer T> ? T : never, from = index) {
  const { region, ...rest } = q.f;
  const f: FeedFilter = {
    ...rest,
    region: region && (await regionOf(region.level, region.pick)),
    sort: q.distance && q.f.near ? 'distance' : 'time',
    limit: q.limit,
  };
  const now = t.clock.now();
  let cursor: string | undefined;
  for (let page = 0; page < 8; page++) {
    const bySql = await queryFeed(t.store.db, { ...f, cursor }, now);
    const byIndex = await queryFeed(t.store.db, { ...f, cursor }, now, from);
    // The index's rows also carry its record of each post, with the version of its public view (for
    // the body cache).
    for (const h of byIndex.hits) {
      expect(h.post).toBe(from.recordOf(h.id));
      expect(h.post?.version).toBe(from.versionOf(h.id));
    }
    const hits = byIndex.hits.map(({ id, key }) => ({ id, key }));
    expect({ ...byIndex, hits }, JSON.stringify({ f, page })).toEqual(bySql);
    if (!bySql.nextCursor) return;
    cursor = bySql.nextCursor;
  }
}

describe('the square from memory answers exactly as the SQL', () => {
  test('random writes, transitions and expiries, then random filters, page by page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.array(queryArb, { maxLength: 6 }),
        async (ops, queries) => {
          residents = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
          for (const r of residents) sessions.set(r.phone, { client: r, at: t.clock.now().getTime() });
          for (const op of ops) await apply(op);
          await index.catchUp();
          expect(index.state).toBe('ready');
          for (const q of queries) await comparePages(q);
        },
      ),
      { numRuns: 25 },
    );
    // The runs above really read from memory: the index holds what is open.
    const [open] = await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM posts WHERE status = 'open'`,
    );
    expect(index.size).toBe(open?.n);

    // A process starting now reads all of that at once (the start-up read: both kinds together, in
    // batches smaller than a kind's posts, on PostgreSQL through a cursor) and holds the same square.
    // The clock has run on past most of the posts above: some more that have not expired, with one
    // or two items each.
    for (let i = 0; i < 16; i++) {
      const medicines =
        i % 3 === 0 ? [i % MEDICINES.length] : [i % MEDICINES.length, (i + 1) % MEDICINES.length];
      const kind = i % 2 === 0 ? 'need' : 'offer';
      await apply({
        op: 'create',
        who: i % 3,
        kind,
        medicines,
        spot: i % 5,
        dLat: i / 200,
        dLng: -i / 300,
        flags: [],
      });
    }
    // The start-up read itself (the build's catch-up re-reads the last events' posts one by one, which
    // here is all of them): every open post of each kind, oldest first, as the catch-up reads it.
    const intern = new Interner();
    for (const kind of KINDS) {
      const read: IndexedPost[] = [];
      await squareIndexRepo.readOpen(t.store.db, kind, 3, intern, async (posts) => {
        read.push(...posts);
        return true;
      });
      const [ofKind] = await selectRows<{ n: number }>(
        t.store.db,
        sql`SELECT count(*)::int AS n FROM posts WHERE status = 'open' AND kind = ${kind}`,
      );
      expect(read.length).toBe(ofKind?.n);
      expect(read.some((p) => p.items.length === 2)).toBe(true);
      const one = new Map(
        (
          await squareIndexRepo.openPosts(
            t.store.db,
            read.map((p) => p.id),
            intern,
          )
        ).map((p) => [p.id, p]),
      );
      expect(read).toEqual(read.map((p) => one.get(p.id)));
      const order = read.map((p) => [p.created, p.id] as const);
      expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));
    }
    const fresh = createSquareIndex({ db: t.store.db, batch: 3, chunk: 2 });
    await fresh.build();
    expect(fresh.size).toBe((open?.n ?? 0) + 16);
    await fc.assert(
      fc.asyncProperty(queryArb, (q) => comparePages(q, fresh)),
      { numRuns: 60 },
    );
  }, 240_000);
});

describe('the square served from the index', () => {
  test('a poster sees their change at once; another process after its catch-up; SQL until built', async () => {
    const here = await testApp({ deps: { squareIndex: true } });
    try {
      const there = await here.anotherApp({ squareIndex: true });
      await there.squareIndex?.build();
      const unbuilt = await here.anotherApp({ squareIndex: true });
      const square = async (app: typeof there.app) => {
        const res = await app.inject({ method: 'GET', url: '/api/v1/posts?kind=need&sort=time' });
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as { items: { id: string }[] }).items.map((p) => p.id);
      };
      const alice = await here.as.resident();
      const need = await alice.createNeed();
      expect(await square(here.app)).toEqual([need.id]);
      expect(here.squareIndex?.size).toBe(1);
      // Another process learns of it from the outbox (bootstrap runs this every second).
      await there.squareIndex?.catchUp();
      expect(there.squareIndex?.size).toBe(1);
      expect(await square(there.app)).toEqual([need.id]);
      // A process whose index is not built yet answers from SQL.
      expect(unbuilt.squareIndex?.state).toBe('empty');
      expect(await square(unbuilt.app)).toEqual([need.id]);

      expect((await alice.post(`/api/v1/posts/${need.id}/resolve`, {})).statusCode).toBe(200);
      expect(await square(here.app)).toEqual([]);
      await there.squareIndex?.catchUp();
      expect(await square(there.app)).toEqual([]);
      await Promise.all([there.app.close(), unbuilt.app.close()]);
    } finally {
      await here.close();
    }
  });

  test('the start-up read goes on from the exact time of each batch, microseconds included', async () => {
    const here = await testApp();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await (await here.as.resident()).createNeed({ at: CENTRE })).id);
      // Posts written by now() carry microseconds. Batches of one end at 0.6 ms: a read going on
      // from the millisecond rounded up (1 ms) would skip the posts at 0.7 and 0.8 ms.
      for (const [i, id] of ids.entries()) {
        await here.store.db.execute(
          sql`UPDATE posts SET created_at = timestamptz '2026-11-30 12:00:00+00' + ${600 + 100 * i}::int * interval '1 microsecond' WHERE id = ${id}`,
        );
      }
      const read: IndexedPost[] = [];
      await squareIndexRepo.readOpen(here.store.db, 'need', 1, new Interner(), async (posts) => {
        read.push(...posts);
        return true;
      });
      expect(read.map((p) => p.id)).toEqual(ids);
      expect(read.map((p) => p.created)).toEqual([1, 1, 1, 1].map((ms) => Date.UTC(2026, 10, 30, 12) + ms));
    } finally {
      await here.close();
    }
  });

  test('the start-up read lets the event loop turn between chunks of posts (issue 17)', async () => {
    const here = await testApp();
    try {
      for (let i = 0; i < 4; i++) {
        const r = await here.as.resident();
        await r.createNeed({ at: SPOTS[i % SPOTS.length] });
        await r.createOffer({ at: SPOTS[i % SPOTS.length] });
      }
      // All eight posts come in one statement; they are indexed two at a time.
      const built = createSquareIndex({ db: here.store.db, chunk: 2 });
      const sizesSeen = new Set<number>();
      let watching = true;
      const watch = () => {
        sizesSeen.add(built.size);
        if (watching) setImmediate(watch);
      };
      setImmediate(watch);
      await built.build();
      watching = false;
      expect(built.size).toBe(8);
      // Other callbacks (requests) ran while the index was part-built: between chunks, not after 8.
      expect([...sizesSeen].filter((n) => n > 0 && n < 8).length).toBeGreaterThanOrEqual(3);
    } finally {
      await here.close();
    }
  });

  test('replies from cached bodies are the JSON of the uncached reply, and follow renewals', async () => {
    const here = await testApp({ deps: { squareIndex: true } });
    try {
      const alice = await here.as.resident();
      const posts = [
        await alice.createNeed({ at: SPOTS[0] }),
        await alice.createNeed({ at: SPOTS[1], medicineId: 'acetaminophen-tablet' }),
        await alice.createOffer({ at: SPOTS[2] }),
      ];
      const queries = [
        FeedQuery.parse({}),
        FeedQuery.parse({ near: `${CENTRE.lat},${CENTRE.lng}`, sort: 'distance', radiusKm: 50, limit: 2 }),
        FeedQuery.parse({
          near: `${CENTRE.lat},${CENTRE.lng}`,
          kind: 'need',
          medicineId: 'ibuprofen-tablet',
        }),
      ];
      const same = async () => {
        for (const q of queries) {
          const expected = JSON.stringify(await here.posts.feed(q));
          // Twice: the first reply fills the cache, the second is served from it.
          expect((await here.posts.feedJson(q)).toString()).toBe(expected);
          expect((await here.posts.feedJson(q)).toString()).toBe(expected);
        }
      };
      await same();
      // A renewal moves the expiry in the body: the cached one is not served any more.
      here.clock.advance(MINUTE);
      expect((await alice.post(`/api/v1/posts/${posts[0]?.id}/renew`, {})).statusCode).toBe(200);
      await same();
      const res = await here.as.anonymous().get('/api/v1/posts?sort=time');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toBe(JSON.stringify(await here.posts.feed(FeedQuery.parse({}))));
    } finally {
      await here.close();
    }
  });

  test('at start the body cache is filled newest first, up to its size, and pages are served from it', async () => {
    const here = await testApp({ deps: { squareIndex: true, squareBodyCache: 2 } });
    try {
      const alice = await here.as.resident();
      const posts = [];
      for (const at of SPOTS) {
        posts.push(await alice.createNeed({ at }));
        here.clock.advance(1000);
      }
      await here.squareIndex?.catchUp();
      expect(await here.posts.fillSquareBodies()).toBe(2);
      // Behind the application's back (no event, so no new version): the two newest bodies were
      // serialised before this and are served as they were; the oldest is read now.
      await here.store.db.execute(sql`UPDATE posts SET note = 'changed in the database'`);
      const page = (await here.posts.feed(FeedQuery.parse({ sort: 'time' }))).items.map((p) => p.id);
      expect(page).toEqual(posts.map((p) => p.id).reverse());
      const notes = JSON.parse(
        (await here.posts.feedJson(FeedQuery.parse({ sort: 'time' }))).toString(),
      ).items.map((p: { note: string | null }) => p.note);
      expect(notes[0]).not.toBe('changed in the database');
      expect(notes[1]).not.toBe('changed in the database');
      expect(notes[2]).toBe('changed in the database');
      // A stop asked for before the fill leaves the cache as it is.
      expect(await here.posts.fillSquareBodies({ stopped: () => true })).toBe(2);
    } finally {
      await here.close();
    }
  });

  test('filling the body cache lets the event loop turn between batches', async () => {
    // PGlite answers a statement without a turn of the event loop: a fill that never waited for one
    // held every request until it ended (45 s for 730,000 bodies).
    const here = await testApp({ deps: { squareIndex: true, squareBodyCache: 100 } });
    try {
      const alice = await here.as.resident();
      for (const at of SPOTS) {
        await alice.createNeed({ at });
        here.clock.advance(1000);
      }
      await here.squareIndex?.catchUp();
      let turns = 0;
      let counting = true;
      const count = () => {
        if (!counting) return;
        turns++;
        setImmediate(count);
      };
      setImmediate(count);
      expect(await here.posts.fillSquareBodies({ batch: 1 })).toBe(SPOTS.length);
      counting = false;
      expect(turns).toBeGreaterThanOrEqual(SPOTS.length - 1);
    } finally {
      await here.close();
    }
  });
});
