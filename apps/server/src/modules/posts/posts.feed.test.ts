import type { PostView } from '@medrelay/contracts';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../platform/db/index.ts';
import { boxCovering, cellsCovering, distanceKm } from '../../platform/geo.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { type FeedFilter, queryFeed } from './posts.feed.ts';

let t: TestApp;
let alice: Client;
let bob: Client;
beforeAll(async () => {
  t = await testApp();
  [alice, bob] = [await t.as.resident(), await t.as.resident()];
});
afterAll(() => t.close());

const TIANANMEN = { lat: 39.9087, lng: 116.3975 };
const north = (km: number, from = TIANANMEN) => ({ lat: from.lat + km / 111.195, lng: from.lng });
const feed = async (query: string) => {
  const res = await t.as.anonymous().get(`/api/v1/posts?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: PostView[]; nextCursor: string | null };
};

describe('the square, nearest first', () => {
  test('sorted by distance from me, with distanceKm, and nothing beyond the radius', async () => {
    const far = await alice.createNeed({ at: north(12) });
    const mid = await alice.createNeed({ at: north(3) });
    const near = await bob.createNeed({ at: north(0.5) });
    const page = await feed(`sort=distance&near=${TIANANMEN.lat},${TIANANMEN.lng}&radiusKm=10&kind=need`);
    const ids = page.items.map((p) => p.id);
    expect(ids).toEqual([near.id, mid.id]);
    expect(ids).not.toContain(far.id);
    expect(page.items.map((p) => p.distanceKm)).toEqual([0.5, 3]);
    const wider = await feed(`sort=distance&near=${TIANANMEN.lat},${TIANANMEN.lng}&radiusKm=20&kind=need`);
    expect(wider.items.map((p) => p.id)).toEqual([near.id, mid.id, far.id]);
  });

  test('sorting by distance needs a location', async () => {
    const res = await t.as.anonymous().get('/api/v1/posts?sort=distance');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'near_required', details: { field: 'near' } });
  });

  test('matches a brute-force scan of random posts (cell cover plus exact distance recheck)', async () => {
    // Around 成都 (Chengdu): 60 posts scattered up to 30 km out, 2 medicines.
    const centre = { lat: 30.6586, lng: 104.0647 };
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const made: { id: string; lat: number; lng: number; medicineId: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const at = { lat: centre.lat + (rnd() - 0.5) * 0.55, lng: centre.lng + (rnd() - 0.5) * 0.62 };
      const medicineId = i % 3 === 0 ? 'acetaminophen-tablet' : 'ibuprofen-tablet';
      const p = await (i % 2 ? alice : bob).createNeed({ medicineId, at });
      made.push({ id: p.id, ...at, medicineId });
    }
    for (const radiusKm of [2, 5, 10, 17.5]) {
      const me = { lat: centre.lat + 0.03, lng: centre.lng - 0.02 };
      const expected = made
        .filter((p) => p.medicineId === 'ibuprofen-tablet')
        .map((p) => ({ id: p.id, d: distanceKm(me.lat, me.lng, p.lat, p.lng) }))
        .filter((p) => p.d <= radiusKm)
        .sort((a, b) => a.d - b.d)
        .map((p) => p.id);
      const got: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await feed(
          `sort=distance&near=${me.lat},${me.lng}&radiusKm=${radiusKm}&medicineId=ibuprofen-tablet&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        );
        got.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(got).toEqual(expected);
    }
  });

  test('without a medicine (small circles tried first) pages match a brute-force scan too', async () => {
    // Around 武汉 (Wuhan): a dense core of 30 posts within 1.5 km and 30 more up to 15 km out, needs
    // and offers, so that the 1 km and 2.5 km circles fill a page on some pages and not on others.
    // Its own database: other tests here count every post.
    const own = await testApp();
    const [carol, dave] = [await own.as.resident(), await own.as.resident()];
    const ownFeed = async (query: string) => {
      const res = await own.as.anonymous().get(`/api/v1/posts?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: PostView[]; nextCursor: string | null };
    };
    const centre = { lat: 30.5928, lng: 114.3055 };
    let seed = 11;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const made: { id: string; kind: string; lat: number; lng: number }[] = [];
    for (let i = 0; i < 60; i++) {
      const spread = i < 30 ? 0.027 : 0.27;
      const at = { lat: centre.lat + (rnd() - 0.5) * spread, lng: centre.lng + (rnd() - 0.5) * spread };
      const client = i % 2 ? carol : dave;
      const p = await (i % 3 === 0 ? client.createOffer({ at }) : client.createNeed({ at }));
      made.push({ id: p.id, kind: i % 3 === 0 ? 'offer' : 'need', ...at });
    }
    for (const [radiusKm, limit, kind] of [
      [2, 3, 'need'],
      [5, 4, 'need'],
      [10, 7, undefined],
      [17.5, 5, 'offer'],
      [20, 20, undefined],
    ] as const) {
      const expected = made
        .filter((p) => kind === undefined || p.kind === kind)
        .map((p) => ({ id: p.id, d: distanceKm(centre.lat, centre.lng, p.lat, p.lng) }))
        .filter((p) => p.d <= radiusKm)
        .sort((a, b) => a.d - b.d)
        .map((p) => p.id);
      const got: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await ownFeed(
          `sort=distance&near=${centre.lat},${centre.lng}&radiusKm=${radiusKm}&limit=${limit}${kind ? `&kind=${kind}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        got.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(got, `radius ${radiusKm}, limit ${limit}, kind ${kind}`).toEqual(expected);
    }
    await own.close();
  });
});

// What queryFeed sends: each statement rendered to text and parameters (and run as usual).
function spying(own: TestApp) {
  const dialect = new PgDialect();
  const sent: { text: string; params: unknown[] }[] = [];
  const db = new Proxy(own.store.db, {
    get(target, prop, receiver) {
      if (prop !== 'execute') return Reflect.get(target, prop, receiver);
      return (query: SQL) => {
        const q = dialect.sqlToQuery(query);
        sent.push({ text: q.sql, params: q.params });
        return target.execute(query);
      };
    },
  }) as Db;
  return { db, sent };
}

describe('the square at 10M posts: bounded reads with a medicine (issue 11)', () => {
  // Around 广州 (Guangzhou): a dense core of one medicine within 600 m, more posts of it up to 9 km out
  // in several cells, another medicine among them, and bursts at one clock reading (time ties).
  const centre = { lat: 23.1291, lng: 113.2644 };
  let own: TestApp;
  const made: { id: string; lat: number; lng: number; medicineId: string; created: number }[] = [];
  beforeAll(async () => {
    own = await testApp();
    const clients = [await own.as.resident(), await own.as.resident(), await own.as.resident()];
    let seed = 5;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 66; i++) {
      const spread = i < 30 ? 0.01 : 0.16;
      const at = { lat: centre.lat + (rnd() - 0.5) * spread, lng: centre.lng + (rnd() - 0.5) * spread };
      const medicineId = i % 5 === 4 ? 'acetaminophen-tablet' : 'ibuprofen-tablet';
      const p = await (clients[i % 3] as Client).createNeed({ medicineId, at });
      made.push({ id: p.id, ...at, medicineId, created: new Date(p.createdAt).getTime() });
      if (i % 4 === 0) own.clock.advance(1000);
    }
  });
  afterAll(() => own.close());

  const pages = async (db: Db, f: Omit<FeedFilter, 'cursor'>) => {
    const got: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryFeed(db, { ...f, cursor }, own.clock.now());
      got.push(...page.ids);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return got;
  };
  const ibuprofen = () =>
    made
      .filter((p) => p.medicineId === 'ibuprofen-tablet')
      .map((p) => ({ ...p, d: distanceKm(centre.lat, centre.lng, p.lat, p.lng) }));

  test('nearest first tries the 1 km circle first and stops there when it fills the page', async () => {
    const { db, sent } = spying(own);
    const f = {
      kind: 'need',
      medicineId: 'ibuprofen-tablet',
      near: centre,
      radiusKm: 10,
      sort: 'distance',
    } as const;
    const page = await queryFeed(db, { ...f, limit: 20 }, own.clock.now());
    expect(sent).toHaveLength(1);
    expect(sent[0]?.params).toContain(`{${cellsCovering(centre.lat, centre.lng, 1).join(',')}}`);
    expect(sent[0]?.params).not.toContain(`{${cellsCovering(centre.lat, centre.lng, 10).join(',')}}`);
    const expected = ibuprofen()
      .filter((p) => p.d <= 10)
      .sort((a, b) => a.d - b.d)
      .map((p) => p.id);
    expect(page.ids).toEqual(expected.slice(0, 20));
    for (const limit of [3, 7, 20]) expect(await pages(own.store.db, { ...f, limit })).toEqual(expected);
  });

  test('without a medicine, nearest first tries a 300 m circle first (its index reads a latitude strip)', async () => {
    const { db, sent } = spying(own);
    const f = { kind: 'need', near: centre, radiusKm: 10, sort: 'distance' } as const;
    const all = made
      .map((p) => ({ ...p, d: distanceKm(centre.lat, centre.lng, p.lat, p.lng) }))
      .filter((p) => p.d <= 10)
      .sort((a, b) => a.d - b.d)
      .map((p) => p.id);
    expect(
      made.filter((p) => distanceKm(centre.lat, centre.lng, p.lat, p.lng) <= 0.3).length,
    ).toBeGreaterThan(3);
    const page = await queryFeed(db, { ...f, limit: 3 }, own.clock.now());
    expect(page.ids).toEqual(all.slice(0, 3));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.params).toContain(boxCovering(centre.lat, centre.lng, 0.3).lat0);
    for (const limit of [2, 5, 30]) expect(await pages(own.store.db, { ...f, limit })).toEqual(all);
  });

  test('newest first reads each cell newest first, limit + 1 rows at most, and pages match a brute-force scan', async () => {
    const { db, sent } = spying(own);
    const f = {
      kind: 'need',
      medicineId: 'ibuprofen-tablet',
      near: centre,
      radiusKm: 8,
      sort: 'time',
    } as const;
    await queryFeed(db, { ...f, limit: 4 }, own.clock.now());
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toMatch(
      /unnest\(.*CROSS JOIN LATERAL \(.*ORDER BY t\.created_at DESC, t\.post_id DESC LIMIT \$\d+\)/s,
    );
    expect(sent[0]?.text).not.toContain('ANY(');
    const expected = ibuprofen()
      .filter((p) => p.d <= 8)
      .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1))
      .map((p) => p.id);
    expect(
      new Set(made.filter((p) => p.medicineId === 'ibuprofen-tablet').map((p) => p.created)).size,
    ).toBeLessThan(expected.length);
    for (const limit of [1, 4, 9, 50]) expect(await pages(own.store.db, { ...f, limit })).toEqual(expected);
  });
});

describe('filters', () => {
  test('by item, category, region at each level, kind and vulnerable flags', async () => {
    const guangzhou = { lat: 23.1291, lng: 113.2644 }; // 越秀区 440104
    const a = await alice.createPost({
      kind: 'need',
      location: guangzhou,
      items: [{ medicineId: 'ibuprofen-suspension', quantity: 1 }],
      flags: ['infant'],
    });
    const b = await bob.createOffer({ medicineId: 'ibuprofen-tablet', at: guangzhou });
    const ids = async (q: string) => (await feed(`${q}&limit=50`)).items.map((p) => p.id);

    expect(await ids('region=440104')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids('region=440100')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids('region=440000')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids('region=110000')).not.toContain(a.id);
    expect(await ids('region=440100&kind=need')).toEqual([a.id]);
    expect(await ids('region=440100&kind=offer')).toEqual([b.id]);
    expect(await ids('region=440100&medicineId=ibuprofen-tablet')).toEqual([b.id]);
    expect(await ids('region=440100&category=pediatric')).toEqual([a.id]);
    expect(await ids('region=440100&medicineId=ibuprofen-suspension&category=pediatric')).toEqual([a.id]);
    expect(await ids('region=440100&flags=infant,elderly')).toEqual([a.id]);
    expect(await ids('region=440100&flags=pregnant')).toEqual([]);
  });

  test.each([
    ['radius above 50 km', 'near=22.5,113.9&radiusKm=80', 'validation_failed', 'radiusKm'],
    ['limit 0', 'limit=0', 'validation_failed', 'limit'],
    ['malformed near', 'near=abc', 'validation_failed', 'near'],
    ['unknown kind', 'kind=sale', 'validation_failed', 'kind'],
    ['unknown sort', 'sort=price', 'validation_failed', 'sort'],
    ['unknown region', 'region=990000', 'unknown_region', 'region'],
    ['unknown medicine', 'medicineId=no-such-pill', 'unknown_medicine', 'medicineId'],
    ['unknown category', 'category=weapons', 'unknown_category', 'category'],
    ['unknown flag', 'flags=vip', 'validation_failed', 'flags[0]'],
    ['garbage cursor', 'cursor=%%%', 'bad_cursor', 'cursor'],
  ])('%s is a 400', async (_name, query, code, field) => {
    const res = await t.as.anonymous().get(`/api/v1/posts?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.details.field).toBe(field);
  });

  test('a cursor from another query is refused', async () => {
    const hangzhou = { lat: 30.2741, lng: 120.1551 };
    for (let i = 0; i < 3; i++) await alice.createNeed({ at: hangzhou });
    const page = await feed('region=330100&limit=2');
    expect(page.nextCursor).not.toBeNull();
    const res = await t.as
      .anonymous()
      .get(`/api/v1/posts?region=330100&kind=offer&limit=2&cursor=${page.nextCursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_cursor');
  });
});

describe('keyset pagination', () => {
  test('pages by time neither repeat nor skip while new posts arrive', async () => {
    const wuhan = { lat: 30.5928, lng: 114.3055 };
    const original: string[] = [];
    for (let i = 0; i < 13; i++) {
      original.push((await alice.createNeed({ at: wuhan })).id);
      if (i % 4 === 0) t.clock.advance(1000); // several posts share a timestamp: the id breaks ties
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await feed(`region=420100&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
      t.clock.advance(10);
      await bob.createNeed({ at: wuhan }); // arrives mid-scroll, newer than every page
    } while (cursor);
    expect(seen.length).toBe(13);
    expect(new Set(seen)).toEqual(new Set(original));
  });

  test('with both kinds, newest first across needs and offers', async () => {
    const xian = { lat: 34.3416, lng: 108.9398 };
    const n1 = await alice.createNeed({ at: xian });
    t.clock.advance(1000);
    const o1 = await bob.createOffer({ at: xian });
    t.clock.advance(1000);
    const n2 = await alice.createNeed({ at: xian, medicineId: 'acetaminophen-tablet' });
    const items = (await feed('region=610100')).items;
    expect(items.map((p) => p.id)).toEqual([n2.id, o1.id, n1.id]);
  });
});

describe('personal data in lists', () => {
  test('list items carry a masked phone and a rounded location only', async () => {
    const nanjing = { lat: 32.060255, lng: 118.796877 };
    await alice.createNeed({ at: nanjing });
    const res = await t.as.anonymous().get('/api/v1/posts?region=320100');
    expect(res.body).not.toContain(alice.phone);
    expect(res.body).not.toContain('32.060255');
    const item = res.json().items[0] as PostView;
    expect(item.contactPhoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(item.location).toEqual({ lat: 32.06, lng: 118.797 });
    expect(Object.keys(item)).not.toContain('userId');
  });
});
