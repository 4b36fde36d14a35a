import { afterAll, beforeAll, expect, test } from 'vitest';
import { HOUR } from '../../platform/clock.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

test('the summary says how posts ended: resolution rate, median times and how needs were met', async () => {
  const owner = await t.as.resident();
  const met = await owner.createNeed({ medicineId: 'ibuprofen-tablet' });
  const also = await owner.createNeed({ medicineId: 'acetaminophen-tablet' });
  const lapsed = await owner.createNeed({ medicineId: 'loratadine-tablet' });
  const first = await t.as.resident();
  t.clock.advance(HOUR);
  // An hour idle ends a session: the helper logs in again (still verified).
  const helper = await t.as.resident({ phone: first.phone, verified: false });
  expect((await helper.post(`/api/v1/posts/${met.id}/contact`)).statusCode).toBe(200);
  t.clock.advance(HOUR);
  const fresh = await t.as.resident({ phone: owner.phone, verified: false });
  expect((await fresh.post(`/api/v1/posts/${met.id}/resolve?outcome=pharmacy`)).statusCode).toBe(200);
  t.clock.advance(2 * HOUR);
  const again = await t.as.resident({ phone: owner.phone, verified: false });
  await again.post(`/api/v1/posts/${also.id}/resolve?outcome=here`);
  // The third one runs out.
  t.clock.advance(72 * HOUR);
  await t.posts.expireDue();
  expect(lapsed.id).toBeTruthy();
  const summary = (await t.as.anonymous().get('/api/v1/stats/summary')).json();
  expect(summary.outcomes).toEqual({
    resolutionRate: 0.667,
    medianHoursToResolution: 3,
    medianHoursToFirstContact: 1,
    needsMetBy: [
      { outcome: 'here', count: 1 },
      { outcome: 'pharmacy', count: 1 },
    ],
  });
});
