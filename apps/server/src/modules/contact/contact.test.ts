import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOUR } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const reveals = async (postId: string) =>
  (
    await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM contact_reveals WHERE post_id = ${postId}`,
    )
  )[0]?.n;

describe('revealing a contact', () => {
  test('a verified helper sees the full number; it is audited and the owner sees the count', async () => {
    const [owner, helper] = [await t.as.resident(), await t.as.resident()];
    const post = await owner.createOffer();
    expect(post.contactPhoneMasked).toBe(`${owner.phone.slice(0, 3)}****${owner.phone.slice(-4)}`);
    const res = await helper.post(`/api/v1/posts/${post.id}/contact`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ phone: owner.phone, via: 'direct', expiresAt: null });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await reveals(post.id)).toBe(1);
    const mine = (await owner.get('/api/v1/me/posts')).json().items;
    expect(mine.find((p: { id: string }) => p.id === post.id).revealCount).toBe(1);
  });

  test('each reveal is audited exactly once, even for concurrent requests', async () => {
    const [owner, helper] = [await t.as.resident(), await t.as.resident()];
    const post = await owner.createOffer();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => helper.post(`/api/v1/posts/${post.id}/contact`)),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await reveals(post.id)).toBe(1);
    expect((await owner.get('/api/v1/me/posts')).json().items[0].revealCount).toBe(1);
  });

  test('at most 3 reveals an hour per user, even when requested at once; then 429 with Retry-After', async () => {
    const helper = await t.as.resident();
    const owners = await Promise.all(Array.from({ length: 5 }, () => t.as.resident()));
    const posts = await Promise.all(owners.map((o) => o.createOffer()));
    const answers = await Promise.all(posts.map((p) => helper.post(`/api/v1/posts/${p.id}/contact`)));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const refused = answers.find((r) => r.statusCode === 429);
    expect(refused?.json().error).toMatchObject({
      code: 'reveal_limit',
      details: { scope: 'user_hour', limit: 3 },
    });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    const total = (
      await selectRows<{ n: number }>(
        t.store.db,
        sql`SELECT count(*)::int AS n FROM contact_reveals r JOIN posts p ON p.id = r.post_id
        WHERE p.id IN (${sql.join(
          posts.map((p) => sql`${p.id}::uuid`),
          sql`, `,
        )})`,
      )
    )[0]?.n;
    expect(total).toBe(3);
    t.clock.advance(HOUR + 1000);
    const relogged = await t.as.resident({ phone: helper.phone, verified: false, ip: '10.250.0.1' });
    const blocked = posts[answers.findIndex((r) => r.statusCode === 429)];
    expect((await relogged.post(`/api/v1/posts/${blocked?.id}/contact`)).statusCode).toBe(200);
  });

  test('at most 30 reveals a day from one IP address', async () => {
    const ip = '10.251.0.9';
    const owners = await Promise.all(Array.from({ length: 31 }, () => t.as.resident()));
    const posts = await Promise.all(owners.map((o) => o.createOffer()));
    const helpers = await Promise.all(Array.from({ length: 11 }, () => t.as.resident({ ip })));
    let ok = 0;
    for (const [i, p] of posts.entries()) {
      const res = await (helpers[Math.floor(i / 3)] as (typeof helpers)[number]).post(
        `/api/v1/posts/${p.id}/contact`,
      );
      if (res.statusCode === 200) ok++;
      else expect(res.json().error.details.scope).toBe('ip_day');
    }
    expect(ok).toBe(30);
  });

  test('own post, unverified viewer, anonymous, closed post and relay-only post are refused', async () => {
    const [owner, helper] = [await t.as.resident(), await t.as.resident()];
    const post = await owner.createOffer();
    expect((await owner.post(`/api/v1/posts/${post.id}/contact`)).json().error.code).toBe('own_post');
    const unverified = await t.as.resident({ verified: false });
    expect((await unverified.post(`/api/v1/posts/${post.id}/contact`)).json().error.code).toBe(
      'verification_required',
    );
    expect((await t.as.anonymous().post(`/api/v1/posts/${post.id}/contact`)).statusCode).toBe(401);
    await owner.post(`/api/v1/posts/${post.id}/resolve`);
    const closed = await helper.post(`/api/v1/posts/${post.id}/contact`);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('post_not_open');
    const relay = await owner.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      contactMode: 'relay',
    });
    expect(relay.contactPhoneMasked).toBeNull();
    expect((await helper.post(`/api/v1/posts/${relay.id}/contact`)).json().error.code).toBe(
      'contact_by_message',
    );
    expect(await reveals(relay.id)).toBe(0);
  });
});

describe('message relay', () => {
  test('helper and poster talk in a thread without either number', async () => {
    const [owner, helper, stranger] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
    const post = await owner.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-suspension', quantity: 1 }],
      contactMode: 'relay',
    });
    const opened = await helper.post(`/api/v1/posts/${post.id}/messages`, {
      text: '我有一瓶美林，放在小区门口可以吗？',
    });
    expect(opened.statusCode).toBe(201);
    const thread = opened.json();
    expect(thread).toMatchObject({ postId: post.id, role: 'helper', messages: [{ mine: true }] });
    const inbox = (await owner.get('/api/v1/me/threads')).json().items;
    expect(inbox).toEqual([expect.objectContaining({ id: thread.id, role: 'owner' })]);
    const answered = await owner.post(`/api/v1/threads/${thread.id}/messages`, { text: '太感谢了，好的！' });
    expect(answered.statusCode).toBe(201);
    const seen = (await helper.get(`/api/v1/threads/${thread.id}`)).json();
    expect(seen.messages.map((m: { mine: boolean }) => m.mine)).toEqual([true, false]);
    const body = JSON.stringify(seen) + JSON.stringify(inbox);
    expect(body).not.toContain(owner.phone);
    expect(body).not.toContain(helper.phone);
    // A third person can neither read nor write the thread.
    expect((await stranger.get(`/api/v1/threads/${thread.id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/threads/${thread.id}/messages`, { text: 'hi' })).statusCode).toBe(
      404,
    );
  });
});
