import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

// Issue 16, "a held post gives no reason at the moment it matters": the draft is screened while the
// resident types, and the owner edits a held post, which the rules read again through the lifecycle.

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const need = (note: string, medicineId = 'ibuprofen-tablet') => ({
  kind: 'need' as const,
  items: [{ medicineId, quantity: 2 }],
  location: NANSHAN,
  note,
  consent: true,
});
const count = async (table: 'posts' | 'outbox') =>
  (
    await selectRows<{ n: number }>(t.store.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`)
  )[0]?.n ?? 0;
const eventsOf = async (postId: string) =>
  (
    await selectRows<{ topic: string }>(
      t.store.db,
      sql`SELECT topic FROM outbox WHERE payload->'post'->>'id' = ${postId} ORDER BY id`,
    )
  ).map((e) => e.topic);
const feedRows = async (postId: string) =>
  selectRows<{ medicine_id: string; status: string; quantity: number }>(
    t.store.db,
    sql`SELECT medicine_id, status, quantity FROM post_items WHERE post_id = ${postId} ORDER BY position`,
  );
const inSquare = async (id: string, medicineId?: string) =>
  (
    (
      await t.as.anonymous().get(`/api/v1/posts?limit=50${medicineId ? `&medicineId=${medicineId}` : ''}`)
    ).json().items as { id: string }[]
  ).some((p) => p.id === id);
const held = async (who: Client, note = '50元一瓶') => {
  const res = await who.post('/api/v1/posts', need(note));
  expect(res.json()).toMatchObject({ status: 'review' });
  return res.json().id as string;
};

describe('screening a draft while typing', () => {
  test('"50元一瓶" would be held for its price; the reply names the reason, never the rule; nothing is stored', async () => {
    const alice = await t.as.resident();
    const [posts, outbox] = [await count('posts'), await count('outbox')];
    const res = await alice.post('/api/v1/posts/screen', { kind: 'need', note: '50元一瓶' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ outcome: 'review', reasons: ['price'], redFlags: [] });
    expect(res.body).not.toMatch(/price\.|pattern|signal|classifier/);
    expect([await count('posts'), await count('outbox')]).toEqual([posts, outbox]);
  });

  test('the same rules as publishing: honest publishes, trading is refused, red flags are said', async () => {
    const alice = await t.as.resident();
    const screen = async (note: string, kind: 'need' | 'offer' = 'need') =>
      (await alice.post('/api/v1/posts/screen', { kind, note, medicineIds: ['ibuprofen-tablet'] })).json();
    expect(await screen('孩子发烧，需要布洛芬，可以在小区门口自取')).toEqual({
      outcome: 'allowed',
      reasons: [],
      redFlags: [],
    });
    const trade = await screen('抗原现货 30元一支 包邮 加v：abc123', 'offer');
    expect(trade.outcome).toBe('blocked');
    expect(trade.reasons).toContain('trade');
    expect((await screen('老人发烧三天不退，现在有点呼吸困难')).redFlags).toContain('breathing');
  });

  test('only for a logged-in resident; bad input is 400', async () => {
    expect(
      (await t.as.anonymous().post('/api/v1/posts/screen', { kind: 'need', note: 'x' })).statusCode,
    ).toBe(401);
    const alice = await t.as.resident();
    expect((await alice.post('/api/v1/posts/screen', { kind: 'gift', note: 'x' })).statusCode).toBe(400);
  });
});

describe('editing a held post', () => {
  test('an honest edit publishes it: it reaches the square and the partners hear post.created', async () => {
    const bob = await t.as.resident();
    const id = await held(bob);
    expect(await eventsOf(id)).toEqual(['post.held']);
    const res = await bob.patch(`/api/v1/posts/${id}`, { note: '孩子发烧，需要布洛芬，可以在小区门口自取' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      status: 'open',
      moderationReason: null,
      note: '孩子发烧，需要布洛芬，可以在小区门口自取',
    });
    expect(await inSquare(id)).toBe(true);
    expect(await eventsOf(id)).toEqual(['post.held', 'post.created']);
    expect((await feedRows(id)).map((r) => r.status)).toEqual(['open']);
  });

  test('an edit still held stays held with the new reason', async () => {
    const bob = await t.as.resident();
    const id = await held(bob);
    const res = await bob.patch(`/api/v1/posts/${id}`, { note: '有需要的可以加我qq 12345678 联系' });
    expect(res.json()).toMatchObject({ status: 'review', moderationReason: 'off_platform_contact' });
    expect(await inSquare(id)).toBe(false);
    expect(await eventsOf(id)).toEqual(['post.held', 'post.held']);
  });

  test('an edit the rules refuse is 422 post_blocked, and the held post stays as it was', async () => {
    const bob = await t.as.resident();
    const id = await held(bob);
    const res = await bob.patch(`/api/v1/posts/${id}`, { note: '布洛芬现货 30元一盒 包邮 加v：abc123' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'post_blocked', details: { field: 'note' } });
    const mine = (await bob.get('/api/v1/me/posts')).json().items[0];
    expect(mine).toMatchObject({ id, status: 'review', note: '50元一瓶', moderationReason: 'price' });
    expect(await eventsOf(id)).toEqual(['post.held']);
  });

  test('the items can change too: the feed rows are replaced and the square finds the new medicine', async () => {
    const bob = await t.as.resident();
    const id = await held(bob);
    const res = await bob.patch(`/api/v1/posts/${id}`, {
      note: '家里老人发烧，需要退烧药',
      items: [
        { medicineId: 'acetaminophen-tablet', quantity: 4 },
        { medicineId: 'antigen-test-single', quantity: 1 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { medicineId: string }) => i.medicineId)).toEqual([
      'acetaminophen-tablet',
      'antigen-test-single',
    ]);
    expect(await feedRows(id)).toEqual([
      { medicine_id: 'acetaminophen-tablet', status: 'open', quantity: 4 },
      { medicine_id: 'antigen-test-single', status: 'open', quantity: 1 },
    ]);
    expect(await inSquare(id, 'acetaminophen-tablet')).toBe(true);
    expect(await inSquare(id, 'ibuprofen-tablet')).toBe(false);
    // The post's own copy of its items, which the square's index reads at start, follows the edit.
    const [row] = await selectRows<{ item_keys: string }>(
      t.store.db,
      sql`SELECT item_keys FROM posts WHERE id = ${id}`,
    );
    expect(row?.item_keys.split('\u001e').map((k) => k.split('\u001f')[0])).toEqual([
      'acetaminophen-tablet',
      'antigen-test-single',
    ]);
  });

  test('only the owner, only while held, only valid items; each refusal changes nothing', async () => {
    const bob = await t.as.resident();
    const id = await held(bob);
    const eve = await t.as.resident();
    expect((await eve.patch(`/api/v1/posts/${id}`, { note: '改一下' })).statusCode).toBe(404);
    expect((await bob.patch(`/api/v1/posts/${id}`, {})).statusCode).toBe(400);
    const overCap = await bob.patch(`/api/v1/posts/${id}`, {
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 999 }],
    });
    expect(overCap.json().error.code).toBe('quantity_over_cap');
    const open = await bob.createNeed({ medicineId: 'acetaminophen-tablet' });
    const notHeld = await bob.patch(`/api/v1/posts/${open.id}`, { note: '改一下' });
    expect(notHeld.statusCode).toBe(409);
    expect(notHeld.json().error.code).toBe('invalid_transition');
    const mine = (await bob.get('/api/v1/me/posts')).json().items as {
      id: string;
      note: string;
      status: string;
    }[];
    expect(mine.find((p) => p.id === id)).toMatchObject({ status: 'review', note: '50元一瓶' });
    expect((await feedRows(id)).map((r) => [r.medicine_id, r.quantity])).toEqual([['ibuprofen-tablet', 2]]);
  });
});

describe('the screening budget', () => {
  test('one account may screen 60 drafts a minute; then 429, and publishing is not affected', async () => {
    const limited = await testApp({ deps: { rateLimitFactor: 1 } });
    try {
      const alice = await limited.as.resident();
      const screen = () => alice.post('/api/v1/posts/screen', { kind: 'need', note: '需要布洛芬' });
      for (let i = 0; i < 60; i++) expect((await screen()).statusCode).toBe(200);
      const refused = await screen();
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('rate_limited');
      expect((await alice.post('/api/v1/posts', need('需要布洛芬'))).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
