import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

// Issue 17: a region code labelled on a post must contain its location, for residents and partners
// alike; otherwise a post in Beijing shows at 0 km in Shenzhen's square and counts in its statistics.

const BEIJING = { lat: 39.9087, lng: 116.3975 };
let t: TestApp;
let alice: Client;
beforeAll(async () => {
  t = await testApp();
  alice = await t.as.resident();
});
afterAll(() => t.close());

const post = (c: Client, location: { lat: number; lng: number }, regionCode: string) =>
  c.post('/api/v1/posts', {
    kind: 'need',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
    location,
    regionCode,
    consent: true,
  });

describe('residents', () => {
  test.each([
    ['its own district', '440305', '440305'],
    ['its city', '440300', '440305'],
    ['its province', '440000', '440305'],
  ])('a post in Nanshan labelled with %s is placed there', async (_name, code, district) => {
    const res = await post(alice, NANSHAN, code);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().region.districtCode).toBe(district);
  });

  test.each([
    ['a Shenzhen district', BEIJING, '440305'],
    ['another city (Guangzhou)', NANSHAN, '440100'],
    ['another province (Hunan)', NANSHAN, '430000'],
  ])('a post labelled with %s that does not contain it → 400 region_mismatch', async (_name, at, code) => {
    const res = await post(alice, at, code);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'region_mismatch', details: { field: 'regionCode' } });
  });
});

test('a partner restricted to Nanshan cannot place an assisted post in Beijing by labelling it Nanshan', async () => {
  const [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  const applied = await owner.post('/api/v1/partners', {
    name: '南山区粤海街道办事处',
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000001',
    regionCodes: ['440305'],
  });
  const partnerId = applied.json().id as string;
  await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
  const created = await owner.post(`/api/v1/partners/${partnerId}/keys`, {
    name: 'assist',
    scopes: ['posts:write_assisted'],
  });
  expect(created.statusCode, created.body).toBe(201);
  const assisted = (location: { lat: number; lng: number }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/partner/v1/assisted-posts',
      headers: { authorization: `Bearer ${created.json().key}` },
      payload: {
        resident: { phone: '13512340077' },
        consent: { method: 'verbal', recordedBy: '社区工作者 李' },
        post: {
          kind: 'need',
          items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
          location,
          regionCode: '440305',
        },
      },
    });
  const away = await assisted(BEIJING);
  expect(away.statusCode).toBe(400);
  expect(away.json().error.code).toBe('region_mismatch');
  expect((await assisted(NANSHAN)).statusCode).toBe(201);
  const count = await alice.get('/api/v1/posts?region=110000');
  expect(count.json().items).toHaveLength(0);
});
