import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

// Issue 18: one account's obvious spam taken down in one decision, all or nothing, audited per post.

let t: TestApp;
let mod: Client;
beforeAll(async () => {
  t = await testApp();
  mod = await t.as.resident();
  await t.setRole(mod, 'moderator');
});
afterAll(() => t.close());

// One weak signal (a QQ number) holds a post for review.
const heldNeed = async (poster: Client, n: number) => {
  const res = await poster.post('/api/v1/posts', {
    kind: 'need',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
    location: NANSHAN,
    note: `布洛芬有多的，加我qq ${12345670 + n} 联系`,
    consent: true,
  });
  expect(res.json().status).toBe('review');
  return res.json().id as string;
};
const statuses = async (ids: string[]) =>
  Promise.all(
    ids.map(async (id) => {
      const [row] = await selectRows<{ status: string }>(
        t.store.db,
        sql`SELECT status FROM posts WHERE id = ${id}`,
      );
      return row?.status;
    }),
  );
const auditOf = async (ids: string[]) =>
  ((await mod.get('/api/v1/moderation/audit')).json().items as { action: string; targetId: string }[]).filter(
    (a) => ids.includes(a.targetId),
  );

describe('bulk removal of held posts', () => {
  test('the queue names each post’s author, so that one account’s held posts can be picked', async () => {
    const spammer = await t.as.resident();
    const ids = [await heldNeed(spammer, 1), await heldNeed(spammer, 2)];
    const queue = (await mod.get('/api/v1/moderation/queue')).json().items as {
      id: string;
      authorId: string;
    }[];
    const authors = new Set(queue.filter((q) => ids.includes(q.id)).map((q) => q.authorId));
    expect(authors.size).toBe(1);
    expect([...authors][0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('removes all of an author’s held posts with one reason, audited per post', async () => {
    const spammer = await t.as.resident();
    const ids = [await heldNeed(spammer, 3), await heldNeed(spammer, 4), await heldNeed(spammer, 5)];
    const res = await mod.post('/api/v1/moderation/posts/bulk-remove', {
      postIds: ids,
      reason: 'off_platform_contact',
      note: '同一账户批量引流',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ removed: 3, banned: false, alsoRemoved: 0 });
    expect(await statuses(ids)).toEqual(['removed', 'removed', 'removed']);
    const mine = (await spammer.get('/api/v1/me/posts')).json().items as { moderationReason: string }[];
    expect(mine.map((p) => p.moderationReason)).toEqual([
      'off_platform_contact',
      'off_platform_contact',
      'off_platform_contact',
    ]);
    const audit = await auditOf(ids);
    expect(audit.map((a) => a.action)).toEqual(['remove', 'remove', 'remove']);
    expect(new Set(audit.map((a) => a.targetId))).toEqual(new Set(ids));
    // The author can still log in and post: no ban was asked for.
    expect((await spammer.get('/api/v1/me')).statusCode).toBe(200);
  });

  test('with a ban, the author is banned and their open posts come down too', async () => {
    const spammer = await t.as.resident();
    const open = await spammer.createNeed({ medicineId: 'acetaminophen-tablet' });
    const ids = [await heldNeed(spammer, 6), await heldNeed(spammer, 7)];
    const res = await mod.post('/api/v1/moderation/posts/bulk-remove', {
      postIds: ids,
      reason: 'spam',
      banAuthor: true,
    });
    expect(res.json()).toEqual({ removed: 2, banned: true, alsoRemoved: 1 });
    expect(await statuses([...ids, open.id])).toEqual(['removed', 'removed', 'removed']);
    expect((await spammer.get('/api/v1/me')).statusCode).toBe(401);
    expect((await auditOf([...ids])).length).toBe(2);
  });

  test('a post that is not held refuses the whole decision with 409, and nothing changes', async () => {
    const spammer = await t.as.resident();
    const held = [await heldNeed(spammer, 8), await heldNeed(spammer, 9)];
    const open = await spammer.createNeed({ medicineId: 'acetaminophen-tablet' });
    const res = await mod.post('/api/v1/moderation/posts/bulk-remove', {
      postIds: [...held, open.id],
      reason: 'spam',
      banAuthor: true,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'post_not_pending', details: { postIds: [open.id] } });
    expect(await statuses([...held, open.id])).toEqual(['review', 'review', 'open']);
    expect(await auditOf([...held, open.id])).toEqual([]);
    expect((await spammer.get('/api/v1/me')).statusCode).toBe(200);

    // One already decided by another moderator is not held any more either.
    await mod.post(`/api/v1/moderation/posts/${held[0]}/approve`, {});
    const again = await mod.post('/api/v1/moderation/posts/bulk-remove', { postIds: held, reason: 'spam' });
    expect(again.statusCode).toBe(409);
    expect(await statuses(held)).toEqual(['open', 'review']);
  });

  test('a missing post is 404; a ban over two authors is refused; residents may not use it', async () => {
    const a = await heldNeed(await t.as.resident(), 10);
    const b = await heldNeed(await t.as.resident(), 11);
    const missing = await mod.post('/api/v1/moderation/posts/bulk-remove', {
      postIds: [a, '00000000-0000-4000-8000-000000000000'],
      reason: 'spam',
    });
    expect(missing.statusCode).toBe(404);
    const two = await mod.post('/api/v1/moderation/posts/bulk-remove', {
      postIds: [a, b],
      reason: 'spam',
      banAuthor: true,
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().error.code).toBe('several_authors');
    const resident = await t.as.resident();
    const denied = await resident.post('/api/v1/moderation/posts/bulk-remove', {
      postIds: [a],
      reason: 'spam',
    });
    expect(denied.statusCode).toBe(403);
    const empty = await mod.post('/api/v1/moderation/posts/bulk-remove', { postIds: [], reason: 'spam' });
    expect(empty.statusCode).toBe(400);
    expect(await statuses([a, b])).toEqual(['review', 'review']);
  });
});
