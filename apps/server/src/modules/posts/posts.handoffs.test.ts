import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const offerOf = async (giver: Client, quantity: number) =>
  giver.createPost({
    kind: 'offer',
    location: NANSHAN,
    contactMode: 'relay',
    items: [{ medicineId: 'ibuprofen-tablet', quantity, expiresOn: '2030-01-01', unopened: true }],
  });
const remaining = async (id: string) => (await t.as.anonymous().get(`/api/v1/posts/${id}`)).json();
const events = (id: string) =>
  selectRows<{ topic: string; payload: { post: { status: string; items: { quantity: number }[] } } }>(
    t.store.db,
    sql`SELECT topic, payload FROM outbox WHERE payload->'post'->>'id' = ${id} ORDER BY id`,
  );
const topics = async (id: string) => (await events(id)).map((r) => r.topic);

describe('hand-offs', () => {
  test('an offer of 8 given 4 + 4: the rest shows, and the offer resolves itself at zero', async () => {
    const giver = await t.as.resident();
    const offer = await offerOf(giver, 8);
    const first = await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 4 });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'confirmed', remaining: 4, code: null });
    const view = await remaining(offer.id);
    expect(view.status).toBe('open');
    expect(view.items[0].quantity).toBe(4);
    // The hand-off announces what is left, with the public view (a masked phone, never the number).
    expect(await topics(offer.id)).toEqual(['post.created', 'post.updated']);
    const updated = (await events(offer.id))[1];
    expect(updated?.payload.post).toMatchObject({ id: offer.id, status: 'open', items: [{ quantity: 4 }] });
    expect(JSON.stringify(updated?.payload)).not.toContain(giver.phone);
    const tooMany = await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 5 });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error).toMatchObject({
      code: 'quantity_exceeds_remaining',
      details: { remaining: 4 },
    });
    expect((await remaining(offer.id)).items[0].quantity).toBe(4);
    const last = await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 4 });
    expect(last.statusCode, last.body).toBe(201);
    expect((await remaining(offer.id)).status).toBe('resolved');
    // The last unit resolves it: post.resolved only, no update before it; the refused one wrote nothing.
    expect(await topics(offer.id)).toEqual(['post.created', 'post.updated', 'post.resolved']);
    const [row] = await selectRows<{ resolution: string }>(
      t.store.db,
      sql`SELECT resolution FROM posts WHERE id = ${offer.id}`,
    );
    expect(row?.resolution).toBe('given_here');
  });

  test('in a thread the receiver sees a 4-digit code; the giver confirms with it', async () => {
    const giver = await t.as.resident();
    const offer = await offerOf(giver, 6);
    const receiver = await t.as.resident();
    const thread = (
      await receiver.post(`/api/v1/posts/${offer.id}/messages`, { text: '可以给我两片吗' })
    ).json();
    const pending = await giver.post(`/api/v1/posts/${offer.id}/handoffs`, {
      quantity: 2,
      threadId: thread.id,
    });
    expect(pending.json()).toMatchObject({ status: 'pending', code: null, remaining: 6 });
    const waiting = (await receiver.get('/api/v1/me/handoffs')).json().items;
    expect(waiting).toHaveLength(1);
    expect(waiting[0].code).toMatch(/^\d{4}$/);
    expect((await (await t.as.resident()).get('/api/v1/me/handoffs')).json().items).toEqual([]);
    const wrong = waiting[0].code === '0000' ? '0001' : '0000';
    const bad = await giver.post(`/api/v1/handoffs/${pending.json().id}/confirm`, { code: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'code_invalid', details: { attemptsLeft: 4 } });
    // The receiver cannot confirm it for the giver.
    expect(
      (await receiver.post(`/api/v1/handoffs/${pending.json().id}/confirm`, { code: waiting[0].code }))
        .statusCode,
    ).toBe(404);
    // Nothing is given until the code is confirmed: no update yet.
    expect(await topics(offer.id)).toEqual(['post.created']);
    const ok = await giver.post(`/api/v1/handoffs/${pending.json().id}/confirm`, { code: waiting[0].code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', remaining: 4 });
    expect(await topics(offer.id)).toEqual(['post.created', 'post.updated']);
    expect((await events(offer.id))[1]?.payload.post.items[0]?.quantity).toBe(4);
    expect((await receiver.get('/api/v1/me/handoffs')).json().items).toHaveLength(0);
  });

  test('the giver lists the hand-offs of the offer, without codes; no one else may', async () => {
    const giver = await t.as.resident();
    const offer = await offerOf(giver, 8);
    const receiver = await t.as.resident();
    const thread = (await receiver.post(`/api/v1/posts/${offer.id}/messages`, { text: '需要四片' })).json();
    await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 4, threadId: thread.id });
    await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 1 });
    const list = await giver.get(`/api/v1/posts/${offer.id}/handoffs`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toMatchObject([
      { quantity: 4, threadId: thread.id, status: 'pending', code: null, remaining: 7 },
      { quantity: 1, threadId: null, status: 'confirmed', code: null, remaining: 7 },
    ]);
    expect((await receiver.get(`/api/v1/posts/${offer.id}/handoffs`)).statusCode).toBe(404);
  });

  test('a hand-off confirmed after reports hid the offer announces nothing (its view stays out of sight)', async () => {
    const giver = await t.as.resident();
    const offer = await offerOf(giver, 5);
    const receiver = await t.as.resident();
    const thread = (await receiver.post(`/api/v1/posts/${offer.id}/messages`, { text: '要两片' })).json();
    const h = (
      await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 2, threadId: thread.id })
    ).json();
    for (let i = 0; i < 3; i++) {
      await (await t.as.resident()).post(`/api/v1/posts/${offer.id}/reports`, { reason: 'spam' });
    }
    expect(await topics(offer.id)).toEqual(['post.created', 'post.hidden']);
    const code = (await receiver.get('/api/v1/me/handoffs')).json().items[0].code as string;
    const ok = await giver.post(`/api/v1/handoffs/${h.id}/confirm`, { code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', remaining: 3 });
    expect(await topics(offer.id)).toEqual(['post.created', 'post.hidden']);
  });

  test('five wrong codes lock the hand-off and change nothing', async () => {
    const giver = await t.as.resident();
    const offer = await offerOf(giver, 4);
    const receiver = await t.as.resident();
    const thread = (await receiver.post(`/api/v1/posts/${offer.id}/messages`, { text: '还有吗' })).json();
    const h = (
      await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 1, threadId: thread.id })
    ).json();
    const code = (await receiver.get('/api/v1/me/handoffs')).json().items[0].code as string;
    const wrong = code === '9999' ? '9998' : '9999';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await giver.post(`/api/v1/handoffs/${h.id}/confirm`, { code: wrong })).statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const after = await giver.post(`/api/v1/handoffs/${h.id}/confirm`, { code });
    expect(after.statusCode).toBe(429);
    expect(after.json().error.code).toBe('handoff_locked');
    expect((await remaining(offer.id)).items[0].quantity).toBe(4);
  });

  test("a need cannot be handed off, nor someone else's offer; a bad body is refused", async () => {
    const owner = await t.as.resident();
    const need = await owner.createNeed();
    expect((await owner.post(`/api/v1/posts/${need.id}/handoffs`, { quantity: 1 })).json().error.code).toBe(
      'invalid_transition',
    );
    const offer = await offerOf(owner, 3);
    expect(
      (await (await t.as.resident()).post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 1 })).statusCode,
    ).toBe(404);
    expect((await owner.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 0 })).statusCode).toBe(400);
    expect((await owner.post(`/api/v1/handoffs/${offer.id}/confirm`, { code: '12a4' })).statusCode).toBe(400);
  });
});

describe('the square from its index after a hand-off', () => {
  test('the feed shows what is left: at once for the giver, after the catch-up in another process', async () => {
    const here = await testApp({ deps: { squareIndex: true } });
    try {
      // Another process: it learns of changes only through the outbox (bootstrap catches up every second).
      const there = await here.anotherApp({ squareIndex: true });
      await there.squareIndex?.build();
      const giver = await here.as.resident();
      const offer = await giver.createOffer({ medicineId: 'ibuprofen-granule', quantity: 8 });
      const url = '/api/v1/posts?kind=offer&medicineId=ibuprofen-granule&sort=time';
      // Quantities from the FEED page (cached public views), not from /posts/:id.
      const quantity = async (res: { statusCode: number; body: string }) => {
        expect(res.statusCode, res.body).toBe(200);
        const items = (JSON.parse(res.body) as { items: { id: string; items: { quantity: number }[] }[] })
          .items;
        return items.find((p) => p.id === offer.id)?.items[0]?.quantity;
      };
      const hereFeed = async () => quantity(await giver.get(url));
      const thereFeed = async () => quantity(await there.app.inject({ method: 'GET', url }));
      await there.squareIndex?.catchUp();
      // Twice each: the second page is served from the bodies cached by the first.
      for (let i = 0; i < 2; i++) {
        expect(await hereFeed()).toBe(8);
        expect(await thereFeed()).toBe(8);
      }
      expect(here.squareIndex?.versionOf(offer.id)).toBeDefined();
      // Past the read-your-writes window of the post's creation (2 s): the hand-off must open its own.
      await new Promise((r) => setTimeout(r, 2_100));

      expect((await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 4 })).statusCode).toBe(201);
      expect(await hereFeed()).toBe(4);
      await there.squareIndex?.catchUp();
      expect(await thereFeed()).toBe(4);
      await there.app.close();
    } finally {
      await here.close();
    }
  });
});

describe('resolving with an outcome', () => {
  test('a need records how it was met; an outcome of the other kind is refused', async () => {
    const owner = await t.as.resident();
    const need = await owner.createNeed({ medicineId: 'acetaminophen-tablet' });
    const wrongKind = await owner.post(`/api/v1/posts/${need.id}/resolve?outcome=given_here`);
    expect(wrongKind.statusCode).toBe(400);
    const ok = await owner.post(`/api/v1/posts/${need.id}/resolve?outcome=pharmacy`);
    expect(ok.statusCode, ok.body).toBe(200);
    const [row] = await selectRows<{ resolution: string }>(
      t.store.db,
      sql`SELECT resolution FROM posts WHERE id = ${need.id}`,
    );
    expect(row?.resolution).toBe('pharmacy');
  });
});
