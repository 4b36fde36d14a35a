import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';
import { receiver, verify } from '../../testing/webhook-receiver.ts';
import { createCatalog, readCatalog } from '../catalog/index.ts';
import { type RulesEngine, rulesEngine } from '../moderation/index.ts';
import { createRegions } from '../regions/index.ts';
import { isOpenPost, openPostSql, POST_TRANSITIONS } from './posts.lifecycle.ts';
import { createPostState } from './posts.state.ts';

// The real rules, plus a marker that holds a post for review, so these tests do not depend on which
// words the anti-trade rules hold today.
const HOLD = '[待审]';
const holdingEngine: RulesEngine = {
  ...rulesEngine,
  evaluate: (input, compiled) =>
    input.text.includes(HOLD)
      ? { outcome: 'review', reasons: ['review'], signals: [{ id: 'test', category: 'test' }], redFlags: [] }
      : (rulesEngine as RulesEngine).evaluate(input, compiled),
};

let t: TestApp;
let mod: Client;
beforeAll(async () => {
  t = await testApp({ deps: { rulesEngine: holdingEngine } });
  mod = await t.as.resident();
  await t.setRole(mod, 'moderator');
});
afterAll(() => t.close());

/** Every event written about a post, oldest first. */
const eventsOf = async (postId: string) =>
  (
    await selectRows<{ topic: string; payload: { post: Record<string, unknown> } }>(
      t.store.db,
      sql`SELECT topic, payload FROM outbox WHERE payload->'post'->>'id' = ${postId} ORDER BY id`,
    )
  ).map((e) => e.topic);
/** The post's status and the statuses of its feed rows, which must always agree. */
const stateOf = async (postId: string) => {
  const [post] = await selectRows<{ status: string; expires_at: string | Date }>(
    t.store.db,
    sql`SELECT status, expires_at FROM posts WHERE id = ${postId}`,
  );
  const items = await selectRows<{ status: string; expires_at: string | Date }>(
    t.store.db,
    sql`SELECT status, expires_at FROM post_items WHERE post_id = ${postId}`,
  );
  expect(items.length).toBeGreaterThan(0);
  for (const i of items) {
    expect(i.status).toBe(post?.status);
    expect(new Date(i.expires_at).getTime()).toBe(new Date(post?.expires_at ?? 0).getTime());
  }
  return post?.status;
};
const heldNeed = async (who: Client) => {
  const res = await who.post('/api/v1/posts', {
    kind: 'need',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
    location: NANSHAN,
    note: `家里老人发烧 ${HOLD}`,
    consent: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
};
const refused = (res: { statusCode: number; json(): { error: { code: string } } }) => {
  expect(res.statusCode).toBe(409);
  expect(res.json().error.code).toBe('invalid_transition');
};

describe('the lifecycle table', () => {
  test('every action names where it may start and where it ends', () => {
    for (const [action, t] of Object.entries(POST_TRANSITIONS)) {
      expect(t.from.length, action).toBeGreaterThan(0);
      expect(t.from).not.toContain('deleted');
    }
    expect(POST_TRANSITIONS.approve.event('review')).toBe('post.created');
    expect(POST_TRANSITIONS.approve.event('hidden')).toBe('post.restored');
  });

  test('"open" in SQL says what isOpenPost says, and still reaches the partial indexes', async () => {
    const now = new Date('2026-11-20T08:00:00Z');
    const rows = [
      { status: 'open', expiresAt: new Date(now.getTime() + 1000) },
      { status: 'open', expiresAt: now },
      { status: 'open', expiresAt: new Date(now.getTime() - 1000) },
      { status: 'hidden', expiresAt: new Date(now.getTime() + 1000) },
      { status: 'expired', expiresAt: new Date(now.getTime() + 1000) },
    ] as const;
    const values = sql.join(
      rows.map((r, i) => sql`(${i}::int, ${r.status}::text, ${r.expiresAt.toISOString()}::timestamptz)`),
      sql`, `,
    );
    const open = await selectRows<{ i: number }>(
      t.store.db,
      sql`SELECT p.i FROM (VALUES ${values}) AS p(i, status, expires_at) WHERE ${openPostSql(now, 'p')} ORDER BY p.i`,
    );
    expect(open.map((r) => r.i)).toEqual(rows.flatMap((r, i) => (isOpenPost(r, now) ? [i] : [])));

    // The literal 'open' lets the planner prove a partial index (WHERE status = 'open') applies.
    const plan = await t.store.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      return selectRows<Record<string, string>>(
        tx,
        sql`EXPLAIN SELECT id FROM posts WHERE ${openPostSql(now)} AND kind = 'need'
            ORDER BY created_at DESC, id DESC LIMIT 20`,
      );
    });
    expect(plan.map((r) => Object.values(r)[0]).join('\n')).toMatch(/posts_open_time_idx/);
    expect(() => openPostSql(now, 'p; DROP TABLE posts')).toThrow();
  });
});

describe('creation', () => {
  test('a post open at once writes one post.created', async () => {
    const post = await (await t.as.resident()).createNeed();
    expect(await eventsOf(post.id)).toEqual(['post.created']);
    expect(await stateOf(post.id)).toBe('open');
  });

  test('a held post writes post.held without its note, and no post.created', async () => {
    const post = await heldNeed(await t.as.resident());
    expect(post.status).toBe('review');
    expect(await eventsOf(post.id)).toEqual(['post.held']);
    const [held] = await selectRows<{ payload: { post: Record<string, unknown> } }>(
      t.store.db,
      sql`SELECT payload FROM outbox WHERE payload->'post'->>'id' = ${post.id}`,
    );
    expect(held?.payload.post).not.toHaveProperty('note');
    expect(held?.payload.post).toMatchObject({ medicineIds: ['ibuprofen-tablet'], cityCode: '440300' });
  });
});

describe('moderation', () => {
  test('approving a held post makes it visible with exactly one post.created; approving twice is refused', async () => {
    const post = await heldNeed(await t.as.resident());
    const ok = await mod.post(`/api/v1/moderation/posts/${post.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await stateOf(post.id)).toBe('open');
    expect(await eventsOf(post.id)).toEqual(['post.held', 'post.created']);
    refused(await mod.post(`/api/v1/moderation/posts/${post.id}/approve`, {}));
    expect(await eventsOf(post.id)).toEqual(['post.held', 'post.created']);
  });

  test('approving a held post delivers a signed post.created webhook to a subscribed partner', async () => {
    const owner = await t.as.resident();
    const admin = await t.as.resident();
    await t.setRole(admin, 'admin');
    const partnerId = (
      await owner.post('/api/v1/partners', {
        name: '南山区某街道办',
        type: 'government',
        contactName: '王主任',
        contactPhone: '13900000011',
        regionCodes: ['440300'],
      })
    ).json().id;
    await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
    const r = await receiver();
    const sub = await owner.post(`/api/v1/partners/${partnerId}/webhooks`, {
      url: r.url,
      events: ['post.created'],
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const post = await heldNeed(await t.as.resident());
    await t.webhooks.runOnce();
    expect(r.got.filter((g) => g.body.includes(post.id))).toHaveLength(0);
    await mod.post(`/api/v1/moderation/posts/${post.id}/approve`, {});
    await t.webhooks.runOnce();
    const mine = r.got.filter((g) => g.body.includes(post.id));
    expect(mine).toHaveLength(1);
    expect(verify(sub.json().secret, mine[0] as (typeof mine)[0])).toBe(true);
    expect(JSON.parse((mine[0] as (typeof mine)[0]).body)).toMatchObject({
      type: 'post.created',
      data: { post: { id: post.id, status: 'open', note: `家里老人发烧 ${HOLD}` } },
    });
    await r.close();
  });

  test('a moderator removes a post: post.removed without its note; removing again is refused', async () => {
    const post = await (await t.as.resident()).createNeed();
    await mod.post(`/api/v1/moderation/posts/${post.id}/remove`, { reason: 'fake' });
    expect(await stateOf(post.id)).toBe('removed');
    expect(await eventsOf(post.id)).toEqual(['post.created', 'post.removed']);
    refused(await mod.post(`/api/v1/moderation/posts/${post.id}/remove`, { reason: 'fake' }));
    refused(await mod.post(`/api/v1/moderation/posts/${post.id}/approve`, {}));
    expect(await eventsOf(post.id)).toEqual(['post.created', 'post.removed']);
  });

  test('reports hide a post (post.hidden); approving it restores it (post.restored)', async () => {
    const post = await (await t.as.resident()).createNeed();
    for (let i = 0; i < 3; i++) {
      await (await t.as.resident()).post(`/api/v1/posts/${post.id}/reports`, { reason: 'spam' });
    }
    expect(await stateOf(post.id)).toBe('hidden');
    await mod.post(`/api/v1/moderation/posts/${post.id}/approve`, {});
    expect(await stateOf(post.id)).toBe('open');
    expect(await eventsOf(post.id)).toEqual(['post.created', 'post.hidden', 'post.restored']);
  });

  test('banning the author removes each live post once and leaves a resolved one alone', async () => {
    const author = await t.as.resident();
    const live = await author.createNeed();
    const held = await heldNeed(author);
    const done = await author.createNeed({ medicineId: 'acetaminophen-tablet' });
    await author.post(`/api/v1/posts/${done.id}/resolve`);
    const res = await mod.post(`/api/v1/moderation/posts/${live.id}/ban-author`, { reason: 'trading' });
    expect(res.json()).toMatchObject({ removedPosts: 2 });
    expect(await eventsOf(live.id)).toEqual(['post.created', 'post.removed']);
    expect(await eventsOf(held.id)).toEqual(['post.held', 'post.removed']);
    expect(await eventsOf(done.id)).toEqual(['post.created', 'post.resolved']);
    expect(await stateOf(done.id)).toBe('resolved');
  });
});

describe('the owner', () => {
  test('resolving writes one post.resolved; resolving or renewing a resolved post is refused', async () => {
    const owner = await t.as.resident();
    const post = await owner.createNeed();
    expect((await owner.post(`/api/v1/posts/${post.id}/resolve`)).statusCode).toBe(200);
    expect(await stateOf(post.id)).toBe('resolved');
    refused(await owner.post(`/api/v1/posts/${post.id}/resolve`));
    refused(await owner.post(`/api/v1/posts/${post.id}/renew`));
    expect(await stateOf(post.id)).toBe('resolved');
    expect(await eventsOf(post.id)).toEqual(['post.created', 'post.resolved']);
  });

  test('已解决 can be undone for a few seconds (post.restored, outcome cleared), not later', async () => {
    const owner = await t.as.resident();
    const post = await owner.createNeed();
    await owner.post(`/api/v1/posts/${post.id}/resolve?outcome=elsewhere`);
    expect((await (await t.as.resident()).post(`/api/v1/posts/${post.id}/reopen`)).statusCode).toBe(404);
    t.clock.advance(9_000);
    const undone = await owner.post(`/api/v1/posts/${post.id}/reopen`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ status: 'open', closedAt: null });
    expect(await stateOf(post.id)).toBe('open');
    const [row] = await selectRows<{ resolution: string | null }>(
      t.store.db,
      sql`SELECT resolution FROM posts WHERE id = ${post.id}`,
    );
    expect(row?.resolution).toBeNull();
    refused(await owner.post(`/api/v1/posts/${post.id}/reopen`));

    await owner.post(`/api/v1/posts/${post.id}/resolve`);
    t.clock.advance(60_000);
    refused(await owner.post(`/api/v1/posts/${post.id}/reopen`));
    expect(await stateOf(post.id)).toBe('resolved');
    expect(await eventsOf(post.id)).toEqual([
      'post.created',
      'post.resolved',
      'post.restored',
      'post.resolved',
    ]);
  });

  test('an offer given out to the last unit stays resolved: there is nothing to undo', async () => {
    const owner = await t.as.resident();
    const offer = await owner.createPost({
      kind: 'offer',
      location: NANSHAN,
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2, expiresOn: '2030-01-01' }],
    });
    await owner.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 2 });
    refused(await owner.post(`/api/v1/posts/${offer.id}/reopen`));
    expect(await stateOf(offer.id)).toBe('resolved');
  });

  test('expiry writes one post.expired; renewing brings it back with post.renewed and a new expiry', async () => {
    let owner = await t.as.resident();
    const post = await owner.createNeed();
    t.clock.advance(73 * 3_600_000);
    expect(await t.posts.expireDue()).toBeGreaterThanOrEqual(1);
    await t.posts.expireDue();
    expect(await stateOf(post.id)).toBe('expired');
    owner = await t.as.resident({ phone: owner.phone, verified: false }); // three days idle: a new session
    const renewed = await owner.post(`/api/v1/posts/${post.id}/renew`);
    expect(renewed.statusCode).toBe(200);
    expect(new Date(renewed.json().expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(await stateOf(post.id)).toBe('open');
    expect(await eventsOf(post.id)).toEqual(['post.created', 'post.expired', 'post.renewed']);
  });

  test('the expiry sweep works in batches, a transaction each: five due posts in batches of two all expire, each with one event', async () => {
    const owner = await t.as.resident();
    const due = [];
    for (let i = 0; i < 5; i++) due.push(await owner.createNeed());
    t.clock.advance(73 * 3_600_000);
    const transactions = vi.spyOn(t.store.db, 'transaction');
    try {
      // Posts of earlier tests may be due too; these five are among what the batches expire.
      expect(await t.posts.expireDue(2)).toBeGreaterThanOrEqual(5);
      expect(transactions.mock.calls.length).toBeGreaterThanOrEqual(3);
    } finally {
      transactions.mockRestore();
    }
    expect(await t.posts.expireDue(2)).toBe(0);
    for (const post of due) {
      expect(await stateOf(post.id)).toBe('expired');
      expect(await eventsOf(post.id)).toEqual(['post.created', 'post.expired']);
    }
  });

  test("deleting writes one post.deleted; someone else's post answers 404 and stays", async () => {
    const owner = await t.as.resident();
    const other = await t.as.resident();
    const post = await owner.createNeed();
    expect((await other.del(`/api/v1/posts/${post.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/posts/${post.id}/resolve`)).statusCode).toBe(404);
    expect(await stateOf(post.id)).toBe('open');
    expect((await owner.del(`/api/v1/posts/${post.id}`)).statusCode).toBe(204);
    expect((await owner.del(`/api/v1/posts/${post.id}`)).statusCode).toBe(404);
    expect(await stateOf(post.id)).toBe('deleted');
    expect(await eventsOf(post.id)).toEqual(['post.created', 'post.deleted']);
  });

  test('erasing the account deletes live posts (post.deleted) and keeps a resolved one resolved', async () => {
    const owner = await t.as.resident();
    const live = await owner.createNeed();
    const done = await owner.createNeed({ medicineId: 'acetaminophen-tablet' });
    await owner.post(`/api/v1/posts/${done.id}/resolve`);
    expect((await owner.del('/api/v1/me')).statusCode).toBeLessThan(300);
    expect(await stateOf(live.id)).toBe('deleted');
    expect(await eventsOf(live.id)).toEqual(['post.created', 'post.deleted']);
    expect(await stateOf(done.id)).toBe('resolved');
    expect(await eventsOf(done.id)).toEqual(['post.created', 'post.resolved']);
  });
});

describe('one transaction', () => {
  test('a transition whose transaction fails leaves neither the change nor its event', async () => {
    const post = await (await t.as.resident()).createNeed();
    const state = createPostState({
      clock: t.clock,
      catalog: createCatalog(readCatalog()),
      regions: createRegions(),
    });
    await expect(
      t.store.db.transaction(async (tx) => {
        await state.apply(tx, 'resolve', post.id);
        throw new Error('the process died before commit');
      }),
    ).rejects.toThrow('before commit');
    expect(await stateOf(post.id)).toBe('open');
    expect(await eventsOf(post.id)).toEqual(['post.created']);
  });
});
