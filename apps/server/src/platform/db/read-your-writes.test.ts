import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { freshStore } from '../../testing/template-db.ts';
import { NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';
import { parseLsn, type Store, WROTE_AT_COOKIE } from './index.ts';

test('WAL positions are read as numbers; anything else is no position', () => {
  expect(parseLsn('0/0')).toBe(0n);
  expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
  expect((parseLsn('1/0') as bigint) > (parseLsn('0/FFFFFFFF') as bigint)).toBe(true);
  for (const bad of [undefined, '', 'x/1', '1/2/3', '123456789/0', '1', ' 0/1'])
    expect(parseLsn(bad)).toBeUndefined();
});

// The "replica" is a second database that never receives the writes: a replica lagging forever. It
// is not replaying WAL (pg_last_wal_replay_lsn() is NULL), so a client that wrote can never be shown
// to be caught up there and keeps reading the primary; the real replica's catching up is in
// drills/cluster.drill.test.ts.
describe('read-your-writes with a replica that lags', () => {
  let replica: Store;
  let t: TestApp;
  beforeAll(async () => {
    replica = await freshStore(inject('dbTemplate'));
    // SQL for every page, so the square itself reads the replica.
    t = await testApp({ deps: { readStore: replica, squareIndex: false } });
  });
  afterAll(async () => {
    await t?.close();
    await replica?.close();
  });

  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const ids = (res: { json(): unknown }) =>
    (res.json() as { items: { id: string }[] }).items.map((p) => p.id);

  test('the poster reads the primary after a write; everyone else the replica', async () => {
    const alice = await t.as.resident();
    const created = await alice.post('/api/v1/posts', {
      kind: 'need',
      location: NANSHAN,
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      consent: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const wroteAt = created.cookies.find((c) => c.name === WROTE_AT_COOKIE);
    expect(parseLsn(wroteAt?.value)).toBeDefined();
    expect(wroteAt).toMatchObject({ httpOnly: true, path: '/', sameSite: 'Lax' });
    const cookie = `${WROTE_AT_COOKIE}=${wroteAt?.value}`;

    // The poster's square and post page have it at once; a reader without the cookie sees the replica.
    expect(ids(await get('/api/v1/posts?kind=need', cookie))).toEqual([id]);
    expect(ids(await get('/api/v1/posts?kind=need'))).toEqual([]);

    const resolved = await alice.post(`/api/v1/posts/${id}/resolve`, {});
    expect(resolved.statusCode).toBe(200);
    const later = resolved.cookies.find((c) => c.name === WROTE_AT_COOKIE)?.value as string;
    expect((parseLsn(later) as bigint) > (parseLsn(wroteAt?.value) as bigint)).toBe(true);
    expect(ids(await get('/api/v1/posts?kind=need', `${WROTE_AT_COOKIE}=${later}`))).toEqual([]);
    expect((await get(`/api/v1/posts/${id}`, `${WROTE_AT_COOKIE}=${later}`)).json()).toMatchObject({
      status: 'resolved',
    });
  });

  test('reads, failed writes and a forged cookie set nothing and change nothing', async () => {
    const res = await get('/api/v1/posts?kind=need');
    expect(res.cookies.find((c) => c.name === WROTE_AT_COOKIE)).toBeUndefined();
    const bob = await t.as.resident();
    const refused = await bob.post('/api/v1/posts', { kind: 'need', items: [] });
    expect(refused.statusCode).toBe(400);
    expect(refused.cookies.find((c) => c.name === WROTE_AT_COOKIE)).toBeUndefined();
    // Not a WAL position: read as no cookie at all (the replica), never an error.
    const forged = await get('/api/v1/posts?kind=need', `${WROTE_AT_COOKIE}=' OR 1=1`);
    expect(forged.statusCode).toBe(200);
    expect(ids(forged)).toEqual([]);
  });
});
