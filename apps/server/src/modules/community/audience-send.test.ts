import { createECDH, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, expect, test, vi } from 'vitest';
import webpush from 'web-push';
import { HOUR } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import type { VapidKeys } from '../../platform/vapid-keys.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { groupOf, join, pharmacyInstitution, tag, ws } from './audience-fixtures.ts';

// Each test walks a journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
afterEach(() => t.close());

/** An institution with a group of `n` residents and a tag for the group. */
async function setup(n: number, deps = {}) {
  t = await testApp({ deps });
  const inst = await pharmacyInstitution(t);
  const group = await groupOf(inst.owner, inst.id);
  const people: Client[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.as.resident();
    await join(r, group);
    people.push(r);
  }
  const everyone = await tag(inst.owner, inst.id, '全体群成员', { kind: 'group', groupId: group.id });
  return { ...inst, group, people, tagId: everyone.id };
}

const message = (tagIds: string[], over: Record<string, unknown> = {}) => ({
  audience: { match: 'any', tagIds },
  title: '流感疫苗接种通知',
  body: '本周六上午社区卫生服务中心可接种流感疫苗，请带好身份证。',
  ...over,
});
const inbox = async (who: Client) =>
  (await who.get('/api/v1/me/notifications')).json().items as {
    type: string;
    data: { title?: string; partnerId?: string };
  }[];
const messages = async (who: Client) => (await inbox(who)).filter((n) => n.type === 'institution_message');

test('a send reaches the audience through the inbox and is audited for the owner; a developer cannot read the audit', async () => {
  const s = await setup(3);
  const dev = await t.as.resident();
  await s.owner.post(`/api/v1/partners/${s.id}/members`, { phone: dev.phone, role: 'developer' });
  const res = await dev.post(`${ws(s.id)}/audience-sends`, message([s.tagId]));
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).toMatchObject({ matched: { count: 3 }, reached: { count: 3 }, marketing: false });
  for (const r of s.people) {
    expect((await messages(r)).map((n) => [n.data.title, n.data.partnerId])).toEqual([
      ['流感疫苗接种通知', s.id],
    ]);
  }
  const audit = await s.owner.get(`${ws(s.id)}/audience-sends`);
  expect(audit.statusCode, audit.body).toBe(200);
  const [row] = audit.json().items;
  expect(row).toMatchObject({
    audience: { match: 'any', tagIds: [s.tagId] },
    sender: `${dev.phone.slice(0, 3)}****${dev.phone.slice(-4)}`,
    matched: { count: 3 },
    reached: { count: 3 },
    skipped: { optOut: { count: 0 }, consent: { count: 0 }, cap: { count: 0 } },
  });
  expect((await dev.get(`${ws(s.id)}/audience-sends`)).statusCode).toBe(403);
});

test('a resident who opted out with one tap is skipped, sees it in settings, and can opt back in', async () => {
  const s = await setup(2);
  const [stays, leaves] = s.people as [Client, Client];
  const out = await leaves.put(`/api/v1/me/institution-messages/opt-outs/${s.id}`);
  expect(out.statusCode, out.body).toBe(200);
  expect(out.json()).toMatchObject({ marketing: false, optedOut: [{ partnerId: s.id, name: '南山大药房' }] });
  const res = await s.owner.post(`${ws(s.id)}/audience-sends`, message([s.tagId]));
  expect(res.json()).toMatchObject({
    matched: { count: 2 },
    reached: { count: 1 },
    skipped: { optOut: { count: 1 } },
  });
  expect(await messages(stays)).toHaveLength(1);
  expect(await messages(leaves)).toHaveLength(0);
  const back = await leaves.del(`/api/v1/me/institution-messages/opt-outs/${s.id}`);
  expect(back.json().optedOut).toEqual([]);
});

test('marketing needs the flag, and then reaches only residents who consented (off by default)', async () => {
  const s = await setup(2);
  const [yes, no] = s.people as [Client, Client];
  expect((await no.get('/api/v1/me/institution-messages')).json().marketing).toBe(false);
  expect(
    (await yes.put('/api/v1/me/institution-messages/marketing', { consent: true })).json().marketing,
  ).toBe(true);
  const promo = message([s.tagId], {
    title: '会员日优惠',
    body: '本周六会员日，血压计 8 折，领券再减 20 元。',
  });
  const unflagged = await s.owner.post(`${ws(s.id)}/audience-sends`, promo);
  expect(unflagged.statusCode).toBe(400);
  expect(unflagged.json().error.code).toBe('audience_marketing_unflagged');
  expect((await s.owner.get(`${ws(s.id)}/audience-sends`)).json().items).toEqual([]);
  expect(await messages(yes)).toHaveLength(0);

  const flagged = await s.owner.post(`${ws(s.id)}/audience-sends`, { ...promo, marketing: true });
  expect(flagged.statusCode, flagged.body).toBe(201);
  expect(flagged.json()).toMatchObject({ reached: { count: 1 }, skipped: { consent: { count: 1 } } });
  expect(await messages(yes)).toHaveLength(1);
  expect(await messages(no)).toHaveLength(0);
});

test('one send per audience per 24 hours; a different audience may go; the same one again after a day', async () => {
  const s = await setup(2);
  expect((await s.owner.post(`${ws(s.id)}/audience-sends`, message([s.tagId]))).statusCode).toBe(201);
  const again = await s.owner.post(`${ws(s.id)}/audience-sends`, message([s.tagId], { title: '再次提醒' }));
  expect(again.statusCode).toBe(429);
  expect(again.json().error.code).toBe('audience_send_too_soon');
  expect((await s.owner.get(`${ws(s.id)}/audience-sends`)).json().items).toHaveLength(1);
  const region = await s.owner.post(
    `${ws(s.id)}/audience-sends`,
    message([s.tagId], { audience: { match: 'all', tagIds: [s.tagId] } }),
  );
  // The same tag with another match is the same people but another audience definition.
  expect(region.statusCode).toBe(201);
  t.clock.advance(24 * HOUR + 1000);
  const owner = await t.as.resident({ phone: s.owner.phone, verified: false });
  expect((await owner.post(`${ws(s.id)}/audience-sends`, message([s.tagId]))).statusCode).toBe(201);
});

test('the daily cap: a resident gets at most two institution messages a day; the third is skipped and counted', async () => {
  const s = await setup(2);
  const [busy, fresh] = s.people as [Client, Client];
  const solo = await tag(s.owner, s.id, '重点');
  const members = (await s.owner.get(`${ws(s.id)}/audience-members`)).json().items as { ref: string }[];
  // Tag one of the two by reference; which one does not matter for the cap, so find out who.
  await s.owner.put(`${ws(s.id)}/tags/${solo.id}/members`, { add: [members[0]?.ref] });
  const first = await s.owner.post(`${ws(s.id)}/audience-sends`, message([solo.id]));
  expect(first.statusCode, first.body).toBe(201);
  const second = await s.owner.post(
    `${ws(s.id)}/audience-sends`,
    message([solo.id], { audience: { match: 'all', tagIds: [solo.id] } }),
  );
  expect(second.statusCode, second.body).toBe(201);
  const third = await s.owner.post(`${ws(s.id)}/audience-sends`, message([solo.id, s.tagId]));
  expect(third.json()).toMatchObject({
    matched: { count: 2 },
    reached: { count: 1 },
    skipped: { cap: { count: 1 } },
  });
  const counts = [(await messages(busy)).length, (await messages(fresh)).length].sort();
  expect(counts).toEqual([1, 2]);
});

test('an empty audience is refused, and a small one too where counts are suppressed; previews hide small counts', async () => {
  const s = await setup(2, { statsMinCount: 3 });
  const none = await tag(s.owner, s.id, '空标签');
  const empty = await s.owner.post(`${ws(s.id)}/audience-sends`, message([none.id]));
  expect(empty.statusCode).toBe(409);
  expect(empty.json().error.code).toBe('audience_empty');
  const preview = await s.owner.post(`${ws(s.id)}/audiences/preview`, { match: 'any', tagIds: [s.tagId] });
  expect(preview.json()).toEqual({ count: null, suppressed: true, minCount: 3 });
  const small = await s.owner.post(`${ws(s.id)}/audience-sends`, message([s.tagId]));
  expect(small.statusCode).toBe(409);
  expect(small.json().error.code).toBe('audience_too_small');
  for (const r of s.people) expect(await messages(r)).toHaveLength(0);
  expect((await s.owner.get(`${ws(s.id)}/audience-sends`)).json().items).toEqual([]);
});

const vapid: VapidKeys = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@medrelay.example' };

test('a message sent at night is in the inbox at once and rings the phone after the quiet hours', async () => {
  const s = await setup(1, { channels: { vapid } });
  const [r] = s.people as [Client];
  const sub = await r.post('/api/v1/me/push-subscriptions', {
    endpoint: 'https://push.example.com/sub/audience-1',
    keys: {
      p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
  });
  expect(sub.statusCode, sub.body).toBeLessThan(300);
  // 2026-12-01 23:00 in Shanghai.
  t.clock.set(new Date('2026-12-01T15:00:00.000Z'));
  const owner = await t.as.resident({ phone: s.owner.phone, verified: false });
  expect((await owner.post(`${ws(s.id)}/audience-sends`, message([s.tagId]))).statusCode).toBe(201);
  const rows = await selectRows<{ channel: string | null; next: string | null }>(
    t.store.db,
    sql`SELECT d.channel, d.next_attempt_at::text AS next
          FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.id
         WHERE n.type = 'institution_message'`,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]?.channel).toBe('push');
  // 07:00 the next morning in Shanghai, the default end of the quiet hours.
  expect(new Date(rows[0]?.next as string).toISOString()).toBe('2026-12-01T23:00:00.000Z');
});
