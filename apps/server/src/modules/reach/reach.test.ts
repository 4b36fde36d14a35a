import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY, HOUR } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

// About 800 m east of Nanshan's test point, and one in Dongguan about 40 km away.
const NEARBY = { lat: 22.5329, lng: 113.9383 };
const FAR = { lat: 22.8, lng: 114.2 };

const inbox = async (c: Client) =>
  (await c.get('/api/v1/me/notifications?limit=50')).json() as {
    items: { id: string; type: string; data: Record<string, unknown> }[];
    unread: number;
  };
const needFor = (
  c: Client,
  opts: { at?: { lat: number; lng: number }; flags?: string[]; medicineId?: string } = {},
) =>
  c.createPost({
    kind: 'need',
    location: opts.at ?? NANSHAN,
    items: [{ medicineId: opts.medicineId ?? 'antigen-test-single', quantity: 2 }],
    flags: (opts.flags ?? []) as never,
  });

describe('matches', () => {
  test('a new offer lists the open needs for the same item nearby, nearest first, and not far or other items', async () => {
    const near = await needFor(await t.as.resident(), { at: NEARBY });
    const atPoint = await needFor(await t.as.resident());
    const far = await needFor(await t.as.resident(), { at: FAR });
    const other = await needFor(await t.as.resident(), { medicineId: 'ibuprofen-tablet' });
    const giver = await t.as.resident();
    const offer = await giver.createOffer({ at: NANSHAN });
    const res = await giver.get(`/api/v1/posts/${offer.id}/matches`);
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().items as { id: string }[]).map((p) => p.id);
    expect(ids.indexOf(atPoint.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(atPoint.id)).toBeLessThan(ids.indexOf(near.id));
    expect(ids).not.toContain(far.id);
    expect(ids).not.toContain(other.id);
    expect(res.json().radiusKm).toBe(10);
  });

  test("for an offer, needs of vulnerable people come first; the post's own owner never matches", async () => {
    const plain = await needFor(await t.as.resident(), { medicineId: 'acetaminophen-tablet' });
    const infant = await needFor(await t.as.resident(), {
      at: NEARBY,
      flags: ['infant'],
      medicineId: 'acetaminophen-tablet',
    });
    const giver = await t.as.resident();
    const offer = await giver.createOffer({ at: NANSHAN, medicineId: 'acetaminophen-tablet' });
    const ids = ((await giver.get(`/api/v1/posts/${offer.id}/matches`)).json().items as { id: string }[]).map(
      (p) => p.id,
    );
    expect(ids.indexOf(infant.id)).toBeLessThan(ids.indexOf(plain.id));
  });

  test('counterpart posters are told once; the new poster is not told about their own post', async () => {
    const seeker = await t.as.resident();
    const need = await needFor(seeker, { medicineId: 'loratadine-tablet' });
    const giver = await t.as.resident();
    await t.reach.runOnce();
    const offer = await giver.createOffer({ at: NEARBY, medicineId: 'loratadine-tablet' });
    await t.reach.runOnce();
    await t.reach.runOnce();
    const mine = (await inbox(seeker)).items.filter((n) => n.type === 'match');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.data).toMatchObject({ postId: offer.id, myPostId: need.id, kind: 'offer' });
    expect((await inbox(giver)).items.filter((n) => n.type === 'match')).toHaveLength(0);
    // No phone, name or exact location in what a notification carries.
    const stored = await selectRows<{ data: unknown }>(t.store.db, sql`SELECT data FROM notifications`);
    const text = JSON.stringify(stored);
    expect(text).not.toContain(seeker.phone);
    expect(text).not.toContain(giver.phone);
    expect(text).not.toContain(String(NEARBY.lng));
  });

  test('the fan-out tells exactly the owners the matches view lists, with the same distances', async () => {
    // Reach ranks counterparts from the index's distance keys and the owners' rows, without
    // presenting the posts: it must pick the same ones, vulnerable needs first, as the view does.
    const medicineId = 'montmorillonite-powder';
    const places = [NANSHAN, NEARBY, { lat: 22.56, lng: 113.95 }, { lat: 22.51, lng: 113.9 }];
    const needs = [];
    for (const [i, at] of places.entries())
      needs.push(await needFor(await t.as.resident(), { at, medicineId, flags: i === 2 ? ['elderly'] : [] }));
    await t.reach.runOnce();
    const giver = await t.as.resident();
    const offer = await giver.createOffer({ at: NANSHAN, medicineId });
    const view = (await giver.get(`/api/v1/posts/${offer.id}/matches`)).json().items as {
      id: string;
      distanceKm: number;
    }[];
    expect(view.map((p) => p.id).sort()).toEqual(needs.map((n) => n.id).sort());
    expect(view[0]?.id).toBe(needs[2]?.id);
    await t.reach.runOnce();
    const told = await selectRows<{ data: { myPostId: string; distanceKm: number } }>(
      t.store.db,
      sql`SELECT data FROM notifications WHERE type = 'match' AND data->>'postId' = ${offer.id}`,
    );
    const byPost = new Map(told.map((r) => [r.data.myPostId, r.data.distanceKm]));
    expect(new Map(view.map((p) => [p.id, p.distanceKm]))).toEqual(byPost);
  });

  test("a held post's matches are its owner's to see; others get 404", async () => {
    const owner = await t.as.resident();
    const held = await owner.post('/api/v1/posts', {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
      location: NANSHAN,
      note: '有需要的可以加我qq 12345678 联系',
      consent: true,
    });
    if (held.json().status !== 'review') return; // the rules may block it outright; nothing to check then
    expect((await owner.get(`/api/v1/posts/${held.json().id}/matches`)).statusCode).toBe(200);
    expect((await t.as.anonymous().get(`/api/v1/posts/${held.json().id}/matches`)).statusCode).toBe(404);
  });
});

describe('alerts', () => {
  const alertBody = (over: Record<string, unknown> = {}) => ({
    kind: 'offer',
    medicineId: 'ibuprofen-suspension',
    location: NANSHAN,
    radiusKm: 3,
    ...over,
  });

  test('an alert fires for an offer within its radius, once, and not for one outside it', async () => {
    const parent = await t.as.resident();
    const saved = await parent.post('/api/v1/me/alerts', alertBody());
    expect(saved.statusCode, saved.body).toBe(201);
    await t.reach.runOnce();
    const giver = await t.as.resident();
    const inside = await giver.createOffer({ at: NEARBY, medicineId: 'ibuprofen-suspension' });
    const outside = await (await t.as.resident()).createOffer({
      at: FAR,
      medicineId: 'ibuprofen-suspension',
    });
    await t.reach.runOnce();
    await t.reach.runOnce();
    const alerts = (await inbox(parent)).items.filter((n) => n.type === 'alert');
    expect(alerts.map((n) => n.data.postId)).toEqual([inside.id]);
    expect(alerts[0]?.data).toMatchObject({ alertId: saved.json().id, kind: 'offer' });
    expect(alerts.map((n) => n.data.postId)).not.toContain(outside.id);
  });

  test('a hand-off (post.updated) is not a new post: no alert or match for it, then or later', async () => {
    const early = await t.as.resident();
    const medicineId = 'ambroxol-tablet';
    expect((await early.post('/api/v1/me/alerts', alertBody({ medicineId }))).statusCode).toBe(201);
    await t.reach.runOnce();
    const giver = await t.as.resident();
    const offer = await giver.createOffer({ at: NEARBY, medicineId, quantity: 6 });
    await t.reach.runOnce();
    // Those who could be told about it only as a new post: an alert saved and a need posted after it.
    const late = await t.as.resident();
    expect((await late.post('/api/v1/me/alerts', alertBody({ medicineId }))).statusCode).toBe(201);
    const seeker = await t.as.resident();
    await needFor(seeker, { at: NEARBY, medicineId });
    await t.reach.runOnce();
    expect((await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 2 })).statusCode).toBe(201);
    const [updated] = await selectRows<{ id: string }>(
      t.store.db,
      sql`SELECT id FROM outbox WHERE topic = 'post.updated' AND payload->'post'->>'id' = ${offer.id}`,
    );
    expect(updated).toBeDefined();
    // The update is handled (the one event since the last run), and tells nobody.
    expect(await t.reach.runOnce()).toBe(1);
    const [told] = await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE data->>'postId' = ${offer.id}`,
    );
    expect(told?.n).toBe(1);
    const about = (items: { type: string; data: Record<string, unknown> }[]) =>
      items.filter((n) => n.data.postId === offer.id).map((n) => n.type);
    expect(about((await inbox(early)).items)).toEqual(['alert']);
    expect(about((await inbox(late)).items)).toEqual([]);
    expect(about((await inbox(seeker)).items)).toEqual([]);
  });

  test('a category alert fires for any item of that category', async () => {
    const watcher = await t.as.resident();
    const res = await watcher.post(
      '/api/v1/me/alerts',
      alertBody({ medicineId: undefined, category: 'antigen', kind: 'need', radiusKm: 5 }),
    );
    expect(res.statusCode, res.body).toBe(201);
    await t.reach.runOnce();
    const need = await needFor(await t.as.resident(), { at: NEARBY });
    await t.reach.runOnce();
    expect((await inbox(watcher)).items.some((n) => n.type === 'alert' && n.data.postId === need.id)).toBe(
      true,
    );
  });

  test('at most five; a sixth is refused and changes nothing; bad input is refused', async () => {
    const busy = await t.as.resident();
    for (let i = 0; i < 5; i++) {
      expect((await busy.post('/api/v1/me/alerts', alertBody())).statusCode).toBe(201);
    }
    const sixth = await busy.post('/api/v1/me/alerts', alertBody());
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().error.code).toBe('alert_limit');
    expect((await busy.get('/api/v1/me/alerts')).json().items).toHaveLength(5);
    const other = await t.as.resident();
    expect((await other.post('/api/v1/me/alerts', alertBody({ radiusKm: 2 }))).statusCode).toBe(400);
    const unknown = await other.post('/api/v1/me/alerts', alertBody({ medicineId: 'no-such-medicine' }));
    expect(unknown.json().error.code).toBe('unknown_medicine');
    const both = await other.post('/api/v1/me/alerts', alertBody({ category: 'antigen' }));
    expect(both.statusCode).toBe(400);
    expect((await t.as.anonymous().post('/api/v1/me/alerts', alertBody())).statusCode).toBe(401);
    expect((await other.get('/api/v1/me/alerts')).json().items).toHaveLength(0);
  });

  test('an alert lapses after 14 days unless renewed; only its owner can stop it', async () => {
    let owner = await t.as.resident();
    const alert = (
      await owner.post('/api/v1/me/alerts', alertBody({ medicineId: 'chlorphenamine-tablet' }))
    ).json();
    const stranger = await t.as.resident();
    expect((await stranger.del(`/api/v1/me/alerts/${alert.id}`)).statusCode).toBe(404);
    t.clock.advance(14 * DAY + HOUR);
    owner = await t.as.resident({ phone: owner.phone, verified: false });
    expect((await owner.get('/api/v1/me/alerts')).json().items).toHaveLength(0);
    await t.reach.runOnce();
    const lapsedOffer = await (await t.as.resident()).createOffer({
      at: NEARBY,
      medicineId: 'chlorphenamine-tablet',
    });
    await t.reach.runOnce();
    expect((await inbox(owner)).items.some((n) => n.data.postId === lapsedOffer.id)).toBe(false);
    const renewed = await owner.post(`/api/v1/me/alerts/${alert.id}/renew`);
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(new Date(renewed.json().expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime() + 13 * DAY);
    expect((await owner.get('/api/v1/me/alerts')).json().items).toHaveLength(1);
    expect((await owner.del(`/api/v1/me/alerts/${alert.id}`)).statusCode).toBe(204);
    expect((await owner.get('/api/v1/me/alerts')).json().items).toHaveLength(0);
  });
});

describe('owners hear about their own posts', () => {
  test('held, approved and removed posts tell their owner, with the reason code', async () => {
    const mod = await t.as.resident();
    await t.setRole(mod, 'moderator');
    const owner = await t.as.resident();
    const held = (
      await owner.post('/api/v1/posts', {
        kind: 'need',
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
        location: NANSHAN,
        note: '有需要的可以加我qq 12345678 联系',
        consent: true,
      })
    ).json();
    const open = await owner.createNeed({ medicineId: 'acetaminophen-tablet' });
    if (held.status === 'review') await mod.post(`/api/v1/moderation/posts/${held.id}/approve`, {});
    await mod.post(`/api/v1/moderation/posts/${open.id}/remove`, { reason: 'fake' });
    await t.reach.runOnce();
    const types = (await inbox(owner)).items.map((n) => `${n.type}:${n.data.reason ?? ''}`);
    expect(types).toContain('post_removed:fake');
    if (held.status === 'review') {
      expect(types).toContain('post_held:off_platform_contact');
      expect(types).toContain('post_approved:');
    }
  });

  test('"expires in 12 hours" once per post and expiry', async () => {
    const owner = await t.as.resident();
    const post = await owner.createNeed({ medicineId: 'montmorillonite-powder' });
    expect(await t.reach.remindExpiring()).toBe(0);
    t.clock.advance(61 * HOUR);
    await t.reach.remindExpiring();
    await t.reach.remindExpiring();
    const fresh = await t.as.resident({ phone: owner.phone, verified: false });
    const reminders = (await inbox(fresh)).items.filter(
      (n) => n.type === 'post_expiring' && n.data.postId === post.id,
    );
    expect(reminders).toHaveLength(1);
  });
});

describe('the inbox', () => {
  test('unread count, paging and mark read', async () => {
    const seeker = await t.as.resident();
    await needFor(seeker, { medicineId: 'vitamin-c-tablet' });
    await t.reach.runOnce();
    for (let i = 0; i < 3; i++) {
      await (await t.as.resident()).createOffer({ at: NEARBY, medicineId: 'vitamin-c-tablet' });
    }
    await t.reach.runOnce();
    expect((await seeker.get('/api/v1/me/notifications/unread')).json().unread).toBe(3);
    const first = (await seeker.get('/api/v1/me/notifications?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await seeker.get(`/api/v1/me/notifications?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const read = await seeker.post('/api/v1/me/notifications/read', { ids: [first.items[0].id] });
    expect(read.json().unread).toBe(2);
    expect((await seeker.post('/api/v1/me/notifications/read', {})).json().unread).toBe(0);
    expect((await seeker.get('/api/v1/me/notifications?cursor=nonsense')).statusCode).toBe(400);
    expect((await t.as.anonymous().get('/api/v1/me/notifications')).statusCode).toBe(401);
  });

  test('preferences round-trip; a bad time is refused', async () => {
    const me = await t.as.resident();
    const prefs = (await me.get('/api/v1/me/notification-prefs')).json();
    expect(prefs.quietHours).toEqual({ start: '22:00', end: '07:00' });
    const saved = await me.put('/api/v1/me/notification-prefs', {
      ...prefs,
      channels: { ...prefs.channels, match: ['push', 'sms'] },
      quietHours: null,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await me.get('/api/v1/me/notification-prefs')).json()).toMatchObject({
      quietHours: null,
      channels: { match: ['push', 'sms'] },
    });
    const bad = await me.put('/api/v1/me/notification-prefs', {
      ...prefs,
      quietHours: { start: '25:00', end: '07:00' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('contact and reports reach the other side', () => {
  test('a message in my relay thread and a reveal of my number tell me, never who', async () => {
    const poster = await t.as.resident();
    const relay = await poster.createPost({
      kind: 'need',
      location: NANSHAN,
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      contactMode: 'relay',
    });
    const helper = await t.as.resident();
    const sent = await helper.post(`/api/v1/posts/${relay.id}/messages`, { text: '我有一盒，明天可以给你' });
    expect(sent.statusCode, sent.body).toBe(201);
    const threadId = sent.json().id;
    const mine = (await inbox(poster)).items.filter((n) => n.type === 'message');
    expect(mine.map((n) => n.data)).toEqual([{ postId: relay.id, threadId }]);
    await poster.post(`/api/v1/threads/${threadId}/messages`, { text: '谢谢！' });
    expect((await inbox(helper)).items.filter((n) => n.type === 'message')).toHaveLength(1);

    const phonePost = await poster.createNeed({ medicineId: 'acetaminophen-tablet' });
    const viewer = await t.as.resident();
    expect((await viewer.post(`/api/v1/posts/${phonePost.id}/contact`)).statusCode).toBe(200);
    const revealed = (await inbox(poster)).items.filter((n) => n.type === 'contact_revealed');
    expect(revealed.map((n) => n.data)).toEqual([{ postId: phonePost.id, count: 1 }]);
    expect(JSON.stringify(revealed)).not.toContain(viewer.phone);
  });

  test('a reporter hears what came of the report', async () => {
    const mod = await t.as.resident();
    await t.setRole(mod, 'moderator');
    const post = await (await t.as.resident()).createNeed({ medicineId: 'n95-mask' });
    const reporter = await t.as.resident();
    await reporter.post(`/api/v1/posts/${post.id}/reports`, { reason: 'fake' });
    await mod.post(`/api/v1/moderation/posts/${post.id}/remove`, { reason: 'fake' });
    const told = (await inbox(reporter)).items.filter((n) => n.type === 'report_resolved');
    expect(told.map((n) => n.data)).toEqual([{ postId: post.id, reason: 'removed' }]);
  });
});
