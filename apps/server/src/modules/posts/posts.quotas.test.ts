import { afterAll, beforeAll, expect, test } from 'vitest';
import { DAY, HOUR } from '../../platform/clock.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { DEFAULT_QUOTAS } from './posts.quotas.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ deps: { quotas: DEFAULT_QUOTAS } });
});
afterAll(() => t.close());

const need = (medicineId: string) => ({
  kind: 'need',
  items: [{ medicineId, quantity: 1 }],
  location: { lat: 22.53, lng: 113.93 },
  consent: true,
});

test('at most 3 open posts per kind; resolving one frees a place', async () => {
  const alice = await t.as.resident();
  const ids: string[] = [];
  for (const m of ['ibuprofen-tablet', 'acetaminophen-tablet', 'antigen-test-single']) {
    const res = await alice.post('/api/v1/posts', need(m));
    expect(res.statusCode).toBe(201);
    ids.push(res.json().id);
  }
  const fourth = await alice.post('/api/v1/posts', need('n95-mask'));
  expect(fourth.statusCode).toBe(409);
  expect(fourth.json().error).toMatchObject({
    code: 'quota_open_posts',
    details: { kind: 'need', limit: 3 },
  });
  // Offers are counted apart.
  expect((await alice.createOffer()).status).toBe('open');
  await alice.post(`/api/v1/posts/${ids[0]}/resolve`);
  expect((await alice.post('/api/v1/posts', need('n95-mask'))).statusCode).toBe(201);
});

test('the same medicine at most once in 24 hours', async () => {
  const bob = await t.as.resident();
  const first = await bob.post('/api/v1/posts', need('ibuprofen-tablet'));
  await bob.post(`/api/v1/posts/${first.json().id}/resolve`);
  const again = await bob.post('/api/v1/posts', {
    ...need('acetaminophen-tablet'),
    items: [
      { medicineId: 'acetaminophen-tablet', quantity: 1 },
      { medicineId: 'ibuprofen-tablet', quantity: 1 },
    ],
  });
  expect(again.statusCode).toBe(409);
  expect(again.json().error).toMatchObject({
    code: 'quota_same_medicine',
    details: { field: 'items[1].medicineId' },
  });
  t.clock.advance(24 * HOUR + 1000);
  const later = await t.as.resident({ phone: bob.phone, verified: false });
  expect((await later.post('/api/v1/posts', need('ibuprofen-tablet'))).statusCode).toBe(201);
});

test('concurrent posts cannot slip past the daily quota', async () => {
  const carol = await t.as.resident();
  const expiresOn = new Date(t.clock.now().getTime() + 200 * DAY).toISOString().slice(0, 10);
  const offer = (medicineId: string) => ({
    ...need(medicineId),
    kind: 'offer',
    items: [{ medicineId, quantity: 1, expiresOn }],
  });
  // Three needs and three offers fit the open-post quota; only five fit the daily one.
  const bodies = [
    need('ibuprofen-tablet'),
    need('acetaminophen-tablet'),
    need('antigen-test-single'),
    offer('n95-mask'),
    offer('pulse-oximeter'),
    offer('surgical-mask'),
  ];
  const answers = await Promise.all(bodies.map((b) => carol.post('/api/v1/posts', b)));
  expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(5);
  expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(1);
});

test('the daily quota answers 429 with Retry-After', async () => {
  const dave = await t.as.resident();
  const meds = ['ibuprofen-tablet', 'acetaminophen-tablet', 'antigen-test-single'];
  for (const m of meds) expect((await dave.post('/api/v1/posts', need(m))).statusCode).toBe(201);
  const mine = (await dave.get('/api/v1/me/posts')).json().items as { id: string }[];
  for (const p of mine) await dave.post(`/api/v1/posts/${p.id}/resolve`);
  for (const m of ['n95-mask', 'pulse-oximeter'])
    expect((await dave.post('/api/v1/posts', need(m))).statusCode).toBe(201);
  const sixth = await dave.post('/api/v1/posts', need('surgical-mask'));
  expect(sixth.statusCode).toBe(429);
  expect(sixth.json().error).toMatchObject({ code: 'quota_daily_posts', details: { limit: 5 } });
  expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
});
