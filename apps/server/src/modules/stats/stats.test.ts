import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const SHENZHEN = { lat: 22.5431, lng: 114.0579 };
const BEIJING = { lat: 39.9087, lng: 116.3975 };
const SHANGHAI = { lat: 31.2304, lng: 121.4737 };

test('top cities by needs and offers and top medicines, like the seed article reports them', async () => {
  const alice = await t.as.resident();
  const bob = await t.as.resident();
  for (let i = 0; i < 3; i++) await alice.createNeed({ at: SHENZHEN, medicineId: 'antigen-test-single' });
  for (let i = 0; i < 2; i++) await bob.createNeed({ at: BEIJING, medicineId: 'ibuprofen-tablet' });
  await bob.createNeed({ at: SHANGHAI, medicineId: 'ibuprofen-tablet' });
  await alice.createOffer({ at: BEIJING, medicineId: 'ibuprofen-tablet' });
  const resolved = await alice.createNeed({ at: SHENZHEN, medicineId: 'acetaminophen-tablet' });
  await alice.post(`/api/v1/posts/${resolved.id}/resolve`);

  const res = await t.as.anonymous().get('/api/v1/stats/summary');
  expect(res.statusCode).toBe(200);
  const s = res.json();
  expect(s.totals).toMatchObject({ posts: 8, needs: 7, offers: 1, openNeeds: 6, openOffers: 1, resolved: 1 });
  expect(s.topCitiesByNeeds.map((c: { cityCode: string; count: number }) => [c.cityCode, c.count])).toEqual([
    ['440300', 4],
    ['110100', 2],
    ['310100', 1],
  ]);
  expect(s.topCitiesByNeeds[0]).toMatchObject({ city: '深圳市', province: '广东省' });
  expect(s.topCitiesByOffers.map((c: { cityCode: string }) => c.cityCode)).toEqual(['110100']);
  expect(
    s.topMedicinesNeeded.map((m: { medicineId: string; count: number }) => [m.medicineId, m.count]),
  ).toEqual([
    ['antigen-test-single', 3],
    ['ibuprofen-tablet', 3],
    ['acetaminophen-tablet', 1],
  ]);
  expect(s.topMedicinesOffered[0]).toMatchObject({ medicineId: 'ibuprofen-tablet', count: 1 });
});
