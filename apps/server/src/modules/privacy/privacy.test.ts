import { Writable } from 'node:stream';
import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { loggerOptions } from '../../platform/logger.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';

const logLines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  t = await testApp({ logger: pino(loggerOptions('debug'), sink) });
});
afterAll(() => t.close());

const rows = (query: ReturnType<typeof sql>) => selectRows<Record<string, unknown>>(t.store.db, query);
// Not after a '.' either: pino's responseTime is a float whose fraction may hold 11 digits.
const ID_NUMBER = /(?<![\dA-Za-z.])\d{17}[\dXx](?![\dA-Za-z])/;

describe('retention', () => {
  test('contact data of a closed post is purged 7 days later; public facts stay for statistics', async () => {
    const [owner, helper] = [await t.as.resident(), await t.as.resident()];
    const post = await owner.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: { lat: 22.532917, lng: 113.930544 },
      note: '请打我电话',
      contactMode: 'phone',
    });
    const relay = await owner.createPost({
      kind: 'need',
      items: [{ medicineId: 'acetaminophen-tablet', quantity: 2 }],
      contactMode: 'relay',
    });
    await helper.post(`/api/v1/posts/${relay.id}/messages`, { text: '我这里有' });
    await owner.post(`/api/v1/posts/${post.id}/resolve`);
    await owner.del(`/api/v1/posts/${relay.id}`);

    t.clock.advance(6 * DAY);
    expect(await t.privacy.purgeDue()).toBe(0);
    t.clock.advance(DAY + 1000);
    expect(await t.privacy.purgeDue()).toBe(2);

    const [row] =
      await rows(sql`SELECT contact_phone_enc, contact_phone_masked, note, lat, lng, purged_at, kind, city_code
      FROM posts WHERE id = ${post.id}`);
    expect(row).toMatchObject({
      contact_phone_enc: null,
      contact_phone_masked: null,
      note: null,
      lat: 22.53,
      lng: 113.93,
      kind: 'need',
      city_code: '440300',
    });
    expect(row?.purged_at).not.toBeNull();
    expect(await rows(sql`SELECT * FROM relay_threads WHERE post_id = ${relay.id}`)).toEqual([]);
    expect(await rows(sql`SELECT m.* FROM relay_messages m`)).toEqual([]);
    // Statistics still count the post.
    expect(
      (await t.as.anonymous().get('/api/v1/stats/summary')).json().totals.resolved,
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('personal-data rights', () => {
  test('export returns everything held about me', async () => {
    const [me, helper] = [await t.as.resident(), await t.as.resident()];
    const post = await me.createOffer();
    await helper.post(`/api/v1/posts/${post.id}/contact`);
    const res = await me.get('/api/v1/me/export');
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.account.phone).toBe(me.phone);
    expect(data.account.verification.idNumber).toMatch(/^4403\*{10}/);
    expect(data.consents).toHaveLength(1);
    expect(data.posts).toHaveLength(1);
    expect(data.posts[0]).toMatchObject({ id: post.id, contactPhone: me.phone });
    expect(data.posts[0].contactRevealedAt).toHaveLength(1);
    // The helper's identity is their data, not mine.
    expect(JSON.stringify(data)).not.toContain(helper.phone);
  });

  test('erasing the account leaves no personal data rows and ends the session', async () => {
    const [me, helper] = [await t.as.resident(), await t.as.resident()];
    const open = await me.createOffer();
    await me.createNeed();
    await helper.post(`/api/v1/posts/${open.id}/contact`);
    const other = await helper.createOffer();
    await me.post(`/api/v1/posts/${other.id}/contact`);
    const myId = (await me.get('/api/v1/me')).json().id as string;

    const res = await me.del('/api/v1/me');
    expect(res.statusCode).toBe(204);
    expect((await me.get('/api/v1/me')).statusCode).toBe(401);

    expect(await rows(sql`SELECT id FROM users WHERE id = ${myId}`)).toEqual([]);
    for (const table of ['sessions', 'consents', 'idempotency_keys', 'privacy_bindings']) {
      const column = table === 'privacy_bindings' ? 'viewer_id' : 'user_id';
      expect(
        await rows(sql`SELECT * FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} = ${myId}`),
      ).toEqual([]);
    }
    const mine =
      await rows(sql`SELECT status, user_id, contact_phone_enc, contact_phone_masked, note FROM posts
      WHERE id IN (SELECT id FROM posts WHERE user_id IS NULL AND purged_at IS NOT NULL)`);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const p of mine)
      expect(p).toMatchObject({
        user_id: null,
        contact_phone_enc: null,
        contact_phone_masked: null,
        note: null,
      });
    expect((await t.as.anonymous().get(`/api/v1/posts/${open.id}`)).statusCode).toBe(404);
    const myReveals = await rows(
      sql`SELECT viewer_id, ip_hash FROM contact_reveals WHERE post_id = ${other.id}`,
    );
    expect(myReveals).toEqual([{ viewer_id: null, ip_hash: 'erased' }]);
    // Logging in again with the same phone starts a new, empty account.
    const again = await t.as.resident({ phone: me.phone, verified: false });
    expect((await again.get('/api/v1/me/posts')).json().items).toEqual([]);
  });
});

describe("another resident's post, through every route", () => {
  test('user A cannot resolve, renew, delete, read the reveal count or the contact of B’s post', async () => {
    const [a, b] = [await t.as.resident(), await t.as.resident()];
    const post = await b.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      contactMode: 'relay',
    });
    for (const res of [
      await a.post(`/api/v1/posts/${post.id}/resolve`),
      await a.post(`/api/v1/posts/${post.id}/renew`),
      await a.del(`/api/v1/posts/${post.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    const mine = (await a.get('/api/v1/me/posts')).json().items as { id: string }[];
    expect(mine.some((p) => p.id === post.id)).toBe(false);
    const publicView = (await a.get(`/api/v1/posts/${post.id}`)).json();
    expect(publicView).not.toHaveProperty('revealCount');
    expect((await a.post(`/api/v1/posts/${post.id}/contact`)).json().error.code).toBe('contact_by_message');
    const exported = JSON.stringify((await a.get('/api/v1/me/export')).json());
    expect(exported).not.toContain(post.id);
    expect((await b.get('/api/v1/posts/' + post.id)).json().status).toBe('open');
  });
});

describe('no phone or ID number leaks', () => {
  test('list, search and stats responses and the server log hold no mobile or ID number', async () => {
    const owner = await t.as.resident();
    const helper = await t.as.resident();
    const post = await owner.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      contactPhone: '13712345678',
    });
    await helper.post(`/api/v1/posts/${post.id}/contact`);
    const bad = await owner.post('/api/v1/me/verification', { name: '李四', idNumber: '44030519900101123X' });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    const anon = t.as.anonymous();
    const responses = [
      await anon.get('/api/v1/posts?limit=50'),
      await anon.get('/api/v1/posts?region=440300&limit=50'),
      await anon.get(`/api/v1/posts?near=22.53,113.93&sort=distance&limit=50`),
      await anon.get('/api/v1/posts?medicineId=ibuprofen-tablet&limit=50'),
      await anon.get(`/api/v1/posts/${post.id}`),
      await anon.get('/api/v1/medicines?q=布洛芬'),
      await anon.get('/api/v1/stats/summary'),
      await owner.get('/api/v1/me'),
      await owner.get('/api/v1/me/posts'),
    ];
    for (const r of responses) {
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toMatch(MOBILE_IN_TEXT);
      expect(r.body).not.toMatch(ID_NUMBER);
    }
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(1000);
    expect(log).not.toMatch(MOBILE_IN_TEXT);
    expect(log).not.toMatch(ID_NUMBER);
    expect(log).not.toContain('李四');
  });
});

describe('privacy notice', () => {
  test('states what, why, who sees it and how long, in both languages, with the consent version', async () => {
    const res = await t.as.anonymous().get('/api/v1/privacy-notice');
    expect(res.statusCode).toBe(200);
    const notice = res.json();
    expect(notice.sections.map((s: { id: string }) => s.id)).toEqual([
      'collect',
      'why',
      'who',
      'how-long',
      'consent',
    ]);
    expect(notice.version).toBe((await (await t.as.resident()).get('/api/v1/me')).json().consentVersion);
    expect(notice.sections[3].zh.body).toContain('7天');
  });
});
