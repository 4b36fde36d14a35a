import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY, HOUR } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const countPosts = async () =>
  Number((await selectRows<{ n: number }>(t.store.db, sql`SELECT count(*)::int AS n FROM posts`))[0]?.n);
const future = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString().slice(0, 10);

describe('publishing', () => {
  test('a resident posts a need; it gets district, city and province from the location', async () => {
    const alice = await t.as.resident();
    const res = await alice.post('/api/v1/posts', {
      kind: 'need',
      items: [
        { medicineId: 'ibuprofen-tablet', quantity: 4 },
        { medicineId: 'antigen-test-single', quantity: 2 },
      ],
      location: NANSHAN,
      consent: true,
      forWhom: 'family',
      flags: ['elderly'],
      note: '家里老人发烧',
    });
    expect(res.statusCode).toBe(201);
    const post = res.json();
    expect(post).toMatchObject({
      kind: 'need',
      status: 'open',
      forWhom: 'family',
      flags: ['elderly'],
      region: { provinceCode: '440000', cityCode: '440300', districtCode: '440305', district: '南山区' },
    });
    expect(post.items.map((i: { medicineId: string }) => i.medicineId)).toEqual([
      'ibuprofen-tablet',
      'antigen-test-single',
    ]);
    expect(post.contactPhoneMasked).toBe(`${alice.phone.slice(0, 3)}****${alice.phone.slice(-4)}`);
    expect(res.body).not.toContain(alice.phone);
    // Needs stay 72 hours unless renewed.
    expect(new Date(post.expiresAt).getTime() - new Date(post.createdAt).getTime()).toBe(72 * HOUR);
  });

  test('the public location is rounded to about 100 m', async () => {
    const alice = await t.as.resident();
    const post = await alice.createNeed({ at: { lat: 22.532917, lng: 113.930544 } });
    expect(post.location).toEqual({ lat: 22.533, lng: 113.931 });
  });

  test('an offer states expiry per item and lasts 7 days', async () => {
    const bob = await t.as.resident();
    const res = await bob.post('/api/v1/posts', {
      kind: 'offer',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 8, expiresOn: future(200), unopened: false }],
      location: NANSHAN,
      consent: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().items[0]).toMatchObject({ expiresOn: future(200), unopened: false });
    const p = res.json();
    expect(new Date(p.expiresAt).getTime() - new Date(p.createdAt).getTime()).toBe(7 * DAY);
  });

  test('GCJ-02 input is stored as WGS-84', async () => {
    const alice = await t.as.resident();
    // The same spot in GCJ-02 is shifted by a few hundred metres from WGS-84.
    const post = await alice.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: { lat: 22.529871, lng: 113.935394, coordSystem: 'gcj02' },
    });
    expect(Math.abs(post.location.lat - NANSHAN.lat)).toBeLessThan(0.002);
    expect(Math.abs(post.location.lng - NANSHAN.lng)).toBeLessThan(0.002);
  });

  test('a province-level regionCode resolves to the nearest district inside it', async () => {
    const alice = await t.as.resident();
    const post = await alice.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: { lat: 39.9087, lng: 116.3975 },
      regionCode: '110000',
    });
    expect(post.region).toMatchObject({ provinceCode: '110000', cityCode: '110100' });
    expect(post.region.districtCode.startsWith('1101')).toBe(true);
  });

  test('posting needs a login', async () => {
    const res = await t.as.anonymous().post('/api/v1/posts', {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 }],
      location: NANSHAN,
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('bad input gets a stable code and the offending field, and writes nothing', () => {
  const need = (over: Record<string, unknown>) => ({
    kind: 'need',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
    location: NANSHAN,
    consent: true,
    ...over,
  });
  const offer = (item: Record<string, unknown>) => ({
    kind: 'offer',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 2, ...item }],
    location: NANSHAN,
    consent: true,
  });
  const cases: [string, () => unknown, string, string][] = [
    [
      'unknown medicine',
      () => need({ items: [{ medicineId: 'no-such-pill', quantity: 1 }] }),
      'unknown_medicine',
      'items[0].medicineId',
    ],
    [
      'quantity above cap',
      () => need({ items: [{ medicineId: 'ibuprofen-tablet', quantity: 9999 }] }),
      'quantity_over_cap',
      'items[0].quantity',
    ],
    [
      'quantity zero',
      () => need({ items: [{ medicineId: 'ibuprofen-tablet', quantity: 0 }] }),
      'validation_failed',
      'items[0].quantity',
    ],
    [
      'negative quantity',
      () => need({ items: [{ medicineId: 'ibuprofen-tablet', quantity: -3 }] }),
      'validation_failed',
      'items[0].quantity',
    ],
    [
      'fractional quantity',
      () => need({ items: [{ medicineId: 'ibuprofen-tablet', quantity: 1.5 }] }),
      'validation_failed',
      'items[0].quantity',
    ],
    [
      'same item twice',
      () =>
        need({
          items: [
            { medicineId: 'ibuprofen-tablet', quantity: 1 },
            { medicineId: 'ibuprofen-tablet', quantity: 1 },
          ],
        }),
      'duplicate_item',
      'items[1].medicineId',
    ],
    ['no items', () => need({ items: [] }), 'validation_failed', 'items'],
    [
      'latitude out of range',
      () => need({ location: { lat: 95, lng: 113.9 } }),
      'validation_failed',
      'location.lat',
    ],
    [
      'longitude out of range',
      () => need({ location: { lat: 22.5, lng: 190 } }),
      'validation_failed',
      'location.lng',
    ],
    [
      'outside China (Tokyo)',
      () => need({ location: { lat: 35.68, lng: 139.76 } }),
      'location_outside_china',
      'location',
    ],
    [
      'outside China (Pacific)',
      () => need({ location: { lat: 25, lng: 130 } }),
      'location_outside_china',
      'location',
    ],
    ['unknown region code', () => need({ regionCode: '999999' }), 'unknown_region', 'regionCode'],
    ['malformed region code', () => need({ regionCode: '44' }), 'validation_failed', 'regionCode'],
    ['oversized note', () => need({ note: '药'.repeat(201) }), 'validation_failed', 'note'],
    ['wrong kind', () => need({ kind: 'sell' }), 'validation_failed', 'kind'],
    ['unknown field', () => need({ price: 30 }), 'validation_failed', 'price'],
    [
      'unknown field inside an item',
      () => need({ items: [{ medicineId: 'ibuprofen-tablet', quantity: 1, price: 5 }] }),
      'validation_failed',
      'items[0].price',
    ],
    [
      'bad coordinate system',
      () => need({ location: { ...NANSHAN, coordSystem: 'utm' } }),
      'validation_failed',
      'location.coordSystem',
    ],
    ['bad flag', () => need({ flags: ['vip'] }), 'validation_failed', 'flags[0]'],
    ['bad contact phone', () => need({ contactPhone: '110' }), 'validation_failed', 'contactPhone'],
    ['offer without expiry', () => offer({}), 'expiry_required', 'items[0].expiresOn'],
    ['offer past expiry', () => offer({ expiresOn: '2020-01-01' }), 'expiry_in_past', 'items[0].expiresOn'],
    [
      'offer with a malformed date',
      () => offer({ expiresOn: '2027-13-45' }),
      'validation_failed',
      'items[0].expiresOn',
    ],
  ];
  test.each(cases)('%s', async (_name, body, code, field) => {
    const alice = await t.as.resident();
    const before = await countPosts();
    const res = await alice.post('/api/v1/posts', body());
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.details.field).toBe(field);
    expect(await countPosts()).toBe(before);
  });

  test('malformed JSON is a 400', async () => {
    const alice = await t.as.resident();
    const res = await alice.post('/api/v1/posts', '{"kind": "need",', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });
});

describe('idempotency', () => {
  test('the same key and body return the same post, never a second one', async () => {
    const alice = await t.as.resident();
    const body = {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 3 }],
      location: NANSHAN,
      consent: true,
    };
    const before = await countPosts();
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const [a, b] = await Promise.all([
      alice.post('/api/v1/posts', body, headers),
      alice.post('/api/v1/posts', body, headers),
    ]);
    const c = await alice.post('/api/v1/posts', body, headers);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([a.json().id, b.json().id, c.json().id]).size).toBe(1);
    expect(await countPosts()).toBe(before + 1);
  });

  test('the same key with another body is refused', async () => {
    const alice = await t.as.resident();
    const headers = { 'idempotency-key': 'retry-key-0002' };
    const body = {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 3 }],
      location: NANSHAN,
      consent: true,
    };
    expect((await alice.post('/api/v1/posts', body, headers)).statusCode).toBe(201);
    const other = await alice.post('/api/v1/posts', { ...body, note: 'changed' }, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
  });

  test("keys are per account: another resident's same key makes their own post", async () => {
    const [alice, bob] = [await t.as.resident(), await t.as.resident()];
    const headers = { 'idempotency-key': 'shared-key-0003' };
    const body = {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 3 }],
      location: NANSHAN,
      consent: true,
    };
    const a = await alice.post('/api/v1/posts', body, headers);
    const b = await bob.post('/api/v1/posts', body, headers);
    expect(a.json().id).not.toBe(b.json().id);
  });
});

describe('owner-only lifecycle', () => {
  test('another user cannot resolve, renew or delete my post', async () => {
    const [alice, bob] = [await t.as.resident(), await t.as.resident()];
    const post = await alice.createNeed();
    for (const res of [
      await bob.post(`/api/v1/posts/${post.id}/resolve`),
      await bob.post(`/api/v1/posts/${post.id}/renew`),
      await bob.del(`/api/v1/posts/${post.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await alice.get(`/api/v1/posts/${post.id}`)).json().status).toBe('open');
  });

  test('resolving takes the post off the square', async () => {
    const alice = await t.as.resident();
    const post = await alice.createNeed({ medicineId: 'acetaminophen-tablet' });
    const inSquare = async () =>
      (
        (await alice.get('/api/v1/posts?medicineId=acetaminophen-tablet&limit=50')).json().items as {
          id: string;
        }[]
      ).some((p) => p.id === post.id);
    expect(await inSquare()).toBe(true);
    const res = await alice.post(`/api/v1/posts/${post.id}/resolve`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'resolved' });
    expect(res.json().closedAt).not.toBeNull();
    expect(await inSquare()).toBe(false);
    const again = await alice.post(`/api/v1/posts/${post.id}/resolve`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_transition');
  });

  test('a post expires after 72 hours, leaves the square, and renewing brings it back', async () => {
    let alice = await t.as.resident();
    const post = await alice.createNeed();
    const ids = async () =>
      ((await t.as.anonymous().get('/api/v1/posts?kind=need&limit=50')).json().items as { id: string }[]).map(
        (p) => p.id,
      );
    expect(await ids()).toContain(post.id);
    t.clock.advance(72 * HOUR + 1000);
    expect(await ids()).not.toContain(post.id);
    expect(await t.posts.expireDue()).toBeGreaterThanOrEqual(1);
    alice = await t.as.resident({ phone: alice.phone, verified: false }); // three days idle: the old session has ended
    const mine = (await alice.get('/api/v1/me/posts')).json().items as { id: string; status: string }[];
    expect(mine.find((p) => p.id === post.id)?.status).toBe('expired');
    const renewed = await alice.post(`/api/v1/posts/${post.id}/renew`);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json()).toMatchObject({ status: 'open', renewCount: 1 });
    expect(await ids()).toContain(post.id);
  });

  test('a resolved post cannot be renewed', async () => {
    const alice = await t.as.resident();
    const post = await alice.createNeed();
    await alice.post(`/api/v1/posts/${post.id}/resolve`);
    const res = await alice.post(`/api/v1/posts/${post.id}/renew`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invalid_transition');
  });

  test('deleting hides the post everywhere', async () => {
    const alice = await t.as.resident();
    const post = await alice.createNeed();
    expect((await alice.del(`/api/v1/posts/${post.id}`)).statusCode).toBe(204);
    expect((await alice.get(`/api/v1/posts/${post.id}`)).statusCode).toBe(404);
    const mine = (await alice.get('/api/v1/me/posts')).json().items as { id: string }[];
    expect(mine.some((p) => p.id === post.id)).toBe(false);
  });

  test('my posts list only my own, newest first', async () => {
    const [alice, bob] = [await t.as.resident(), await t.as.resident()];
    const first = await alice.createNeed();
    t.clock.advance(1000);
    const second = await alice.createOffer();
    await bob.createNeed();
    const mine = (await alice.get('/api/v1/me/posts')).json().items as { id: string }[];
    expect(mine.map((p) => p.id)).toEqual([second.id, first.id]);
  });

  test('an unknown or malformed post id is 404 / 400', async () => {
    const anon = t.as.anonymous();
    expect((await anon.get('/api/v1/posts/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await anon.get('/api/v1/posts/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('id');
  });
});
