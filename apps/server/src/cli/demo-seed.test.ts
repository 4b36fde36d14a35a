import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../testing/test-app.ts';
import { seedDemo } from './demo-seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

test('the demo seeder fills several cities with posts marked as demo, and replaces them on restart', async () => {
  const first = await seedDemo(t, 40);
  expect(first).toEqual({ removed: 0, created: 40 });
  const page = (await t.as.anonymous().get('/api/v1/posts?limit=50')).json();
  expect(page.items).toHaveLength(40);
  expect(page.items.every((p: { isDemo: boolean }) => p.isDemo)).toBe(true);
  // The 演示 badge says it; the note does not repeat it as a 【演示】 prefix.
  expect(page.items.filter((p: { note?: string }) => p.note?.includes('演示'))).toEqual([]);
  const cities = new Set(page.items.map((p: { region: { cityCode: string } }) => p.region.cityCode));
  expect(cities.size).toBeGreaterThanOrEqual(5);
  expect(await seedDemo(t, 40)).toEqual({ removed: 40, created: 40 });
  expect((await t.as.anonymous().get('/api/v1/posts?limit=50')).json().items).toHaveLength(40);
});
