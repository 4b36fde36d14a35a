import { afterAll, beforeAll, expect, test } from 'vitest';
import { HOUR } from '../../platform/clock.ts';
import { NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

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
    // Nothing matched and nothing was passed on yet: suppressed like any group under minCount.
    medianHoursToFirstMatch: null,
    relayChains: { chains: null, postsPassedOn: null },
  });
});

test('the summary counts the time to a first match and the relay chains of needs passed on', async () => {
  const seeker = await t.as.resident();
  const need = await seeker.createNeed({ medicineId: 'ibuprofen-tablet' });
  await t.reach.runOnce();
  t.clock.advance(2 * HOUR);
  const giver = await t.as.resident();
  await giver.createOffer({ medicineId: 'ibuprofen-tablet' });
  // The match is found when the new offer is handled: the offer at once, the need two hours in.
  await t.reach.runOnce();
  const owner = await t.as.resident({ phone: seeker.phone, verified: false });
  await owner.post(`/api/v1/posts/${need.id}/resolve?outcome=here`);
  for (const quantity of [2, 1]) {
    const res = await owner.post('/api/v1/posts', {
      kind: 'offer',
      location: NANSHAN,
      relayedFrom: need.id,
      items: [{ medicineId: 'ibuprofen-tablet', quantity, expiresOn: '2030-01-01' }],
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const { outcomes } = (await t.as.anonymous().get('/api/v1/stats/summary')).json();
  expect(outcomes.medianHoursToFirstMatch).toBe(1);
  expect(outcomes.relayChains).toEqual({ chains: 1, postsPassedOn: 2 });
});

test('small relay counts are suppressed like every other figure', async () => {
  const strict = await testApp({ deps: { statsMinCount: 3 } });
  try {
    const owner = await strict.as.resident();
    const need = await owner.createNeed();
    await owner.post(`/api/v1/posts/${need.id}/resolve`);
    await owner.createPost({
      kind: 'offer',
      relayedFrom: need.id,
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 1, expiresOn: '2030-01-01' }],
    });
    const { outcomes } = (await strict.as.anonymous().get('/api/v1/stats/summary')).json();
    expect(outcomes.relayChains).toEqual({ chains: null, postsPassedOn: null });
  } finally {
    await strict.close();
  }
});
