import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
let partnerId: string;
beforeAll(async () => {
  t = await testApp();
  [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  const applied = await owner.post('/api/v1/partners', {
    name: '南山区粤海街道办事处',
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000001',
    regionCodes: ['440305'],
    allowedOrigins: ['http://127.0.0.1:9'],
  });
  expect(applied.statusCode).toBe(201);
  expect(applied.json()).toMatchObject({
    status: 'pending',
    myRole: 'owner',
    contactPhoneMasked: '139****0001',
    contactNameMasked: '王**',
  });
  partnerId = applied.json().id;
});
afterAll(() => t.close());

const api = (key: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/partner/v1${url}`,
    headers: { authorization: `Bearer ${key}` },
    payload: payload as object,
  });
const createKey = async (scopes: string[], kind = 'secret') => {
  const res = await owner.post(`/api/v1/partners/${partnerId}/keys`, {
    name: `key ${scopes.join(' ')}`,
    kind,
    scopes,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; prefix: string };
};

describe('partner approval and keys', () => {
  test('a pending partner cannot create keys; an admin approves it', async () => {
    const early = await owner.post(`/api/v1/partners/${partnerId}/keys`, {
      name: 'early',
      scopes: ['posts:read'],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('partner_not_approved');
    expect(
      (await owner.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' })).statusCode,
    ).toBe(403);
    const ok = await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
    expect(ok.json().status).toBe('approved');
  });

  test('key lifecycle: shown once, stored as a hash, used, rotated, revoked → 401', async () => {
    const created = await createKey(['posts:read']);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created.prefix).toMatch(/^mr_sk_[0-9a-f]{8}$/);
    const stored = JSON.stringify(await t.store.db.execute(sql`SELECT * FROM api_keys`));
    expect(stored).not.toContain(created.key);
    expect((await api(created.key, 'GET', '/posts')).statusCode).toBe(200);
    const listed = (await owner.get(`/api/v1/partners/${partnerId}/keys`)).json().items;
    expect(listed.find((k: { id: string }) => k.id === created.id)).toMatchObject({
      usageToday: 1,
      usageTotal: 1,
    });
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const rotated = await owner.post(`/api/v1/partners/${partnerId}/keys/${created.id}/rotate`);
    expect(rotated.statusCode).toBe(201);
    const fresh = rotated.json().key as string;
    expect((await api(created.key, 'GET', '/posts')).json().error.code).toBe('api_key_revoked');
    expect((await api(fresh, 'GET', '/posts')).statusCode).toBe(200);
    expect((await owner.del(`/api/v1/partners/${partnerId}/keys/${rotated.json().id}`)).statusCode).toBe(204);
    const revoked = await api(fresh, 'GET', '/posts');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('api_key_revoked');
    expect((await api('mr_sk_nonsense', 'GET', '/posts')).json().error.code).toBe('api_key_invalid');
    expect((await t.app.inject({ method: 'GET', url: '/api/partner/v1/posts' })).json().error.code).toBe(
      'api_key_missing',
    );
  });

  test('scopes: a key is refused outside them with 403', async () => {
    const { key } = await createKey(['posts:read']);
    const res = await api(key, 'GET', '/stats');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'scope_missing', details: { scope: 'stats:read' } });
    const stats = await createKey(['stats:read']);
    expect((await api(stats.key, 'GET', '/stats')).statusCode).toBe(200);
    // A publishable key may only read, and only through the widget.
    const pub = await owner.post(`/api/v1/partners/${partnerId}/keys`, {
      name: 'w',
      kind: 'publishable',
      scopes: ['stats:read'],
    });
    expect(pub.json().error.code).toBe('scope_not_allowed');
  });

  test('daily quota per key: 429 with Retry-After', async () => {
    const { id, key } = await createKey(['posts:read']);
    await t.store.db.execute(sql`UPDATE api_keys SET per_day = 2 WHERE id = ${id}`);
    expect((await api(key, 'GET', '/posts')).statusCode).toBe(200);
    expect((await api(key, 'GET', '/posts')).statusCode).toBe(200);
    const third = await api(key, 'GET', '/posts');
    expect(third.statusCode).toBe(429);
    expect(third.json().error).toMatchObject({ code: 'daily_quota_exceeded', details: { limit: 2 } });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('members: viewers see, only owners add; strangers see nothing', async () => {
    const viewer = await t.as.resident();
    const stranger = await t.as.resident();
    expect((await stranger.get(`/api/v1/partners/${partnerId}`)).statusCode).toBe(404);
    expect(
      (await owner.post(`/api/v1/partners/${partnerId}/members`, { phone: viewer.phone, role: 'viewer' }))
        .statusCode,
    ).toBe(200);
    expect((await viewer.get(`/api/v1/partners/${partnerId}/keys`)).statusCode).toBe(200);
    const denied = await viewer.post(`/api/v1/partners/${partnerId}/keys`, {
      name: 'x',
      scopes: ['posts:read'],
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (await viewer.post(`/api/v1/partners/${partnerId}/members`, { phone: stranger.phone, role: 'owner' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('assisted posts', () => {
  const body = (at: { lat: number; lng: number }, phone: string) => ({
    resident: { phone },
    consent: { method: 'verbal', recordedBy: '社区工作者 李' },
    post: {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
      location: at,
      flags: ['elderly'],
    },
  });

  test('a community worker publishes for a resident inside the partner region; the post names the institution', async () => {
    const { key } = await createKey(['posts:write_assisted']);
    const res = await api(key, 'POST', '/assisted-posts', body(NANSHAN, '13512340001'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      assistedBy: '南山区粤海街道办事处',
      region: { districtCode: '440305' },
      contactPhoneMasked: '135****0001',
    });
    expect(res.body).not.toMatch(MOBILE_IN_TEXT);
    const consent = await t.store.db.execute(
      sql`SELECT c.details FROM consents c JOIN users u ON u.id = c.user_id WHERE u.phone_masked = '135****0001'`,
    );
    expect(JSON.stringify(consent)).toContain('assisted:verbal');
  });

  test('a retried assisted post with the same Idempotency-Key makes one post', async () => {
    const { key } = await createKey(['posts:write_assisted']);
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/partner/v1/assisted-posts',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'assist-0001-abc' },
        payload: {
          ...body(NANSHAN, '13512340009'),
          post: { ...body(NANSHAN, '').post, items: [{ medicineId: 'acetaminophen-tablet', quantity: 2 }] },
        },
      });
    const [a, b] = [await send(), await send()];
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
  });

  test('outside the partner region it is refused', async () => {
    const { key } = await createKey(['posts:write_assisted']);
    const res = await api(
      key,
      'POST',
      '/assisted-posts',
      body({ lat: 39.9087, lng: 116.3975 }, '13512340002'),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('region_not_allowed');
  });

  // Points picked beside the 南山/宝安 and 南山/福田 borders (nearest district centre), where the
  // GCJ-02 offset moves a point from one district into the other.
  test('a GCJ-02 point is converted before the region check: read raw it would be in 南山, really it is in 宝安', async () => {
    const { key } = await createKey(['posts:write_assisted']);
    const at = { lat: 22.542, lng: 113.902, coordSystem: 'gcj02' };
    const res = await api(key, 'POST', '/assisted-posts', body(at, '13512340003'));
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('region_not_allowed');
  });

  test('a GCJ-02 point that read raw would be in 福田 is accepted in 南山, and stored where it was checked', async () => {
    const { key } = await createKey(['posts:write_assisted']);
    const at = { lat: 22.542, lng: 113.992, coordSystem: 'gcj02' };
    const res = await api(key, 'POST', '/assisted-posts', body(at, '13512340004'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().region.districtCode).toBe('440305');
    const [row] = await selectRows<{ lat: number; lng: number; district_code: string }>(
      t.store.db,
      sql`SELECT lat, lng, district_code FROM posts WHERE id = ${res.json().id}`,
    );
    // Converted once, not twice: each conversion moves a Shenzhen point about 0.003° and 0.005°.
    expect(row?.district_code).toBe('440305');
    expect(row?.lat).toBeCloseTo(22.5449, 3);
    expect(row?.lng).toBeCloseTo(113.987, 3);
  });

  test("assisted posts count against the resident's own quotas", async () => {
    const strict = await testApp({
      deps: { quotas: { openPerKind: 1, newPerDay: 5, sameMedicineHours: 24 } },
    });
    try {
      const [o, a] = [await strict.as.resident(), await strict.as.resident()];
      await strict.setRole(a, 'admin');
      const p = (
        await o.post('/api/v1/partners', {
          name: '社区卫生服务中心',
          type: 'hospital',
          contactName: '陈医生',
          contactPhone: '13900000002',
          regionCodes: ['440300'],
        })
      ).json();
      await a.post(`/api/v1/admin/partners/${p.id}/decision`, { decision: 'approved' });
      const key = (
        await o.post(`/api/v1/partners/${p.id}/keys`, { name: 'k', scopes: ['posts:write_assisted'] })
      ).json().key;
      const call = (phone: string) =>
        strict.app.inject({
          method: 'POST',
          url: '/api/partner/v1/assisted-posts',
          headers: { authorization: `Bearer ${key}` },
          payload: body(NANSHAN, phone),
        });
      expect((await call('13512340003')).statusCode).toBe(201);
      const second = await call('13512340003');
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('quota_open_posts');
    } finally {
      await strict.close();
    }
  });
});

describe('what partners see', () => {
  test('partner outputs never hold a full phone; regional figures count my region only', async () => {
    const resident = await t.as.resident();
    await resident.createNeed({ at: NANSHAN });
    await resident.createNeed({ at: { lat: 39.9087, lng: 116.3975 } });
    const { key } = await createKey(['posts:read', 'stats:read']);
    const posts = await api(key, 'GET', '/posts?region=440305');
    expect(posts.body).not.toMatch(MOBILE_IN_TEXT);
    const stats = (await api(key, 'GET', '/stats')).json();
    expect(stats.regionCodes).toEqual(['440305']);
    expect(stats.byDistrict.map((d: { districtCode: string }) => d.districtCode)).toEqual(['440305']);
    expect(JSON.stringify(stats)).not.toMatch(MOBILE_IN_TEXT);
    const member = (await owner.get(`/api/v1/partners/${partnerId}/stats`)).json();
    expect(member.openNeeds).toBe(stats.openNeeds);
  });

  test('deep link with attribution and a QR code', async () => {
    const res = await owner.get(
      `/api/v1/partners/${partnerId}/deep-link?kind=need&region=440305&medicineId=ibuprofen-tablet`,
    );
    expect(res.statusCode).toBe(200);
    const url = new URL(res.json().url);
    expect(url.pathname).toBe('/square');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      kind: 'need',
      region: '440305',
      medicineId: 'ibuprofen-tablet',
      ref: partnerId.slice(0, 8),
    });
    expect(res.json().qrSvg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  test("a deep link's ref names the approved partner on the square and counts the squares it opened", async () => {
    const ref = partnerId.slice(0, 8);
    const anon = t.as.anonymous();
    expect((await anon.get(`/api/v1/refs/${ref}`)).json()).toEqual({
      ref,
      name: '南山区粤海街道办事处',
      type: 'government',
    });
    // The clock moves by days below, past the session's idle limit: the owner logs in again each time.
    const visits = async () => {
      t.clock.advance(61_000); // one code a minute per phone
      const again = await t.as.resident({ phone: owner.phone, verified: false });
      return (await again.get(`/api/v1/partners/${partnerId}/stats`)).json().linkVisits;
    };
    const before = await visits();
    for (let i = 0; i < 3; i++) expect((await anon.post(`/api/v1/refs/${ref}/visits`)).statusCode).toBe(204);
    expect(await visits()).toEqual({ today: before.today + 3, last7Days: before.last7Days + 3 });
    t.clock.advance(2 * 86_400_000);
    await anon.post(`/api/v1/refs/${ref}/visits`);
    expect(await visits()).toEqual({ today: 1, last7Days: before.last7Days + 4 });
    t.clock.advance(6 * 86_400_000);
    expect(await visits()).toEqual({ today: 0, last7Days: 1 });

    // Malformed, unknown and not-yet-approved refs credit nobody and count nothing.
    const bad = await anon.post('/api/v1/refs/NOT-A-REF/visits');
    expect(bad.statusCode).toBe(400);
    const unknown = await anon.get('/api/v1/refs/00000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('unknown_ref');
    const pending = await (await t.as.resident()).post('/api/v1/partners', {
      name: '某社区卫生服务中心',
      type: 'hospital',
      contactName: '陈医生',
      contactPhone: '13900000009',
      regionCodes: ['440305'],
    });
    const pendingRef = String(pending.json().id).slice(0, 8);
    expect((await anon.post(`/api/v1/refs/${pendingRef}/visits`)).statusCode).toBe(404);
    const counted = await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM partner_link_visits WHERE partner_id <> ${partnerId}`,
    );
    expect(counted[0]?.n).toBe(0);
  });

  test('OpenAPI documents every partner route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/api/partner/v1/posts',
      '/api/partner/v1/stats',
      '/api/partner/v1/assisted-posts',
      '/api/v1/partners',
      '/api/v1/partners/{id}/keys',
      '/api/v1/partners/{id}/keys/{keyId}/rotate',
      '/api/v1/partners/{id}/webhooks',
      '/api/v1/partners/{id}/deliveries',
      '/api/v1/partners/{id}/deliveries/{deliveryId}/redeliver',
      '/api/v1/partners/{id}/deep-link',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.components.securitySchemes.partnerKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
