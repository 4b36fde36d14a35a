import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import webpush from 'web-push';
import { selectRows } from '../../platform/db/index.ts';
import { ConsoleSmsProvider, SMS_NOTICE_TEXTS } from '../../platform/sms.ts';
import type { VapidKeys } from '../../platform/vapid-keys.ts';
import { type FakeVendorServer, startFakeVendor } from '../../platform/vendors/fake-vendor-server.ts';
import { WechatSubscribeClient } from '../../platform/vendors/index.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import {
  type ChannelSender,
  createChannelSenders,
  createNotificationDelivery,
  createNotificationsService,
} from './index.ts';
import { MAX_PUSH_SUBSCRIPTIONS } from './push.service.ts';

const vapid: VapidKeys = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@medrelay.example' };
const keys = () => ({
  p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
});

describe('outside channels', () => {
  let t: TestApp;
  let wechatApi: FakeVendorServer;
  let wechatErrcode = 0;
  let senders: ChannelSender[];
  beforeAll(async () => {
    wechatApi = await startFakeVendor((req) =>
      req.url.startsWith('/cgi-bin/token')
        ? { json: { access_token: 'tok-1', expires_in: 7200 } }
        : { json: { errcode: wechatErrcode, errmsg: 'fake' } },
    );
    const wechat = new WechatSubscribeClient({
      appId: 'wx-test',
      appSecret: 'wx-secret',
      templateId: 'TPL-1',
      baseUrl: wechatApi.endpoint,
    });
    t = await testApp({ deps: { channels: { vapid, wechat } } });
    senders = createChannelSenders(
      { vapid, wechat },
      {
        db: t.store.db,
        clock: t.clock,
        sms: new ConsoleSmsProvider(t.outboxFile),
        reachOf: (id) => t.accounts.reachOf(id),
      },
    );
    // Noon in China: outside the default quiet hours.
    t.clock.set(new Date('2026-03-02T04:00:00Z'));
  });
  afterAll(async () => {
    await t.close();
    await wechatApi.close();
  });

  const idOf = async (c: Client) => ((await c.get('/api/v1/me')).json() as { id: string }).id;
  const outbox = () =>
    readFileSync(t.outboxFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
  const notifications = () =>
    createNotificationsService({ db: t.store.db, clock: t.clock, channels: senders.map((s) => s.channel) });
  const deliver = () => createNotificationDelivery({ db: t.store.db, clock: t.clock, senders }).runOnce();
  const deliveriesOf = (id: string | null) =>
    selectRows<{ channel: string; status: string; last_error: string | null }>(
      t.store.db,
      sql`SELECT channel, status, last_error FROM notification_deliveries WHERE notification_id = ${id}
           ORDER BY channel`,
    );

  test('the channels of this deployment: push, SMS (the console outbox) and WeChat', () => {
    expect(senders.map((s) => s.channel)).toEqual(['push', 'sms', 'wechat']);
  });

  describe('SMS notices', () => {
    test('a match on my need, with SMS chosen, is one templated SMS to my own phone', async () => {
      const resident = await t.as.resident();
      const userId = await idOf(resident);
      const prefs = (await resident.get('/api/v1/me/notification-prefs')).json();
      const saved = await resident.put('/api/v1/me/notification-prefs', {
        ...prefs,
        channels: { ...prefs.channels, match: ['sms'] },
      });
      expect(saved.statusCode).toBe(200);
      const postId = randomUUID();
      const id = await notifications().notify(t.store.db, {
        userId,
        type: 'match',
        dedupKey: `match:${postId}`,
        data: { postId, myPostId: randomUUID(), kind: 'offer', medicineIds: ['ibuprofen-tablet'] },
        myPostIsNeed: true,
      });
      await deliver();
      expect(await deliveriesOf(id)).toEqual([{ channel: 'sms', status: 'sent', last_error: null }]);
      const notices = outbox().filter((m) => m.to === resident.phone && m.template);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ template: 'match', text: SMS_NOTICE_TEXTS.match });
      expect(notices[0]?.code).toBeUndefined();
      // The text names no medicine, place, person or number.
      expect(SMS_NOTICE_TEXTS.match).not.toMatch(/\d/);
      // The login code reader skips notices.
      expect(t.lastCode(resident.phone)).toMatch(/^\d{6}$/);

      // A match on my offer never goes by SMS, whatever I chose.
      const other = await notifications().notify(t.store.db, {
        userId,
        type: 'match',
        dedupKey: `match:${randomUUID()}`,
        data: { postId: randomUUID() },
        myPostIsNeed: false,
      });
      expect(await deliveriesOf(other)).toEqual([]);
    });

    test('demo and banned accounts, and anything but a match, get no SMS', async () => {
      const sms = senders.find((s) => s.channel === 'sms') as ChannelSender;
      const demo = await t.as.resident();
      const demoId = await idOf(demo);
      await t.store.db.execute(sql`UPDATE users SET is_demo = true WHERE id = ${demoId}`);
      const n = { id: randomUUID(), type: 'match' as const, data: {} };
      expect(await sms.send({ ...n, userId: demoId })).toBe('unreachable');
      const banned = await t.as.resident();
      const bannedId = await idOf(banned);
      await t.store.db.execute(sql`UPDATE users SET banned_at = now() WHERE id = ${bannedId}`);
      expect(await sms.send({ ...n, userId: bannedId })).toBe('unreachable');
      const plain = await t.as.resident();
      expect(await sms.send({ ...n, type: 'message', userId: await idOf(plain) })).toBe('unreachable');
      expect(
        outbox().filter((m) => m.template && [demo.phone, banned.phone, plain.phone].includes(m.to ?? '')),
      ).toEqual([]);
    });
  });

  describe('WeChat subscribe messages', () => {
    test('someone without a WeChat openid is unreachable there; with one, the card links to the post', async () => {
      const wechat = senders.find((s) => s.channel === 'wechat') as ChannelSender;
      const resident = await t.as.resident();
      const userId = await idOf(resident);
      const postId = randomUUID();
      const n = {
        id: randomUUID(),
        userId,
        type: 'alert' as const,
        data: { postId, kind: 'offer' as const },
      };
      const before = wechatApi.seen.length;
      expect(await wechat.send(n)).toBe('unreachable');
      expect(wechatApi.seen.length).toBe(before);

      const openid = `o_${randomUUID().replaceAll('-', '')}`;
      await t.store.db.execute(sql`UPDATE users SET wechat_openid = ${openid} WHERE id = ${userId}`);
      expect(await wechat.send(n)).toBe('sent');
      const sent = wechatApi.seen.filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send')).at(-1);
      const body = JSON.parse(sent?.body ?? '{}');
      expect(body).toEqual({
        touser: openid,
        template_id: 'TPL-1',
        page: `pages/index/index?url=${encodeURIComponent(`/posts/${postId}`)}`,
        data: { thing1: { value: '你关注的药品有新信息' }, time2: { value: '2026-03-02 12:00' } },
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      });
      expect(sent?.body).not.toContain(resident.phone);

      wechatErrcode = 43101;
      expect(await wechat.send(n)).toBe('unreachable');
      wechatErrcode = 0;
    });
  });

  describe('push subscriptions', () => {
    const subscribe = (c: Client, endpoint: string, k = keys()) =>
      c.post('/api/v1/me/push-subscriptions', { endpoint, keys: k });

    test('only https endpoints on public hosts, with well-formed keys, are kept', async () => {
      const resident = await t.as.resident();
      for (const endpoint of [
        'http://push.example.com/sub/1',
        'https://127.0.0.1/sub/1',
        'https://[::1]/sub/1',
        'https://localhost/sub/1',
        'https://intranet/sub/1',
      ]) {
        const res = await subscribe(resident, endpoint);
        expect(res.statusCode, endpoint).toBe(400);
        expect(res.json().error).toMatchObject({
          code: 'push_subscription_invalid',
          details: { field: 'endpoint' },
        });
      }
      const badKey = await subscribe(resident, 'https://push.example.com/sub/1', {
        p256dh: randomBytes(65).toString('base64url'),
        auth: randomBytes(16).toString('base64url'),
      });
      expect(badKey.json().error).toMatchObject({
        code: 'push_subscription_invalid',
        details: { field: 'keys.p256dh' },
      });
      const badAuth = await subscribe(resident, 'https://push.example.com/sub/1', {
        ...keys(),
        auth: randomBytes(8).toString('base64url'),
      });
      expect(badAuth.json().error).toMatchObject({ details: { field: 'keys.auth' } });
      const extra = await resident.post('/api/v1/me/push-subscriptions', {
        endpoint: 'https://push.example.com/sub/1',
        expirationTime: null,
        keys: keys(),
      });
      expect(extra.statusCode).toBe(400);
      expect(
        (await subscribe(resident, `https://fcm.googleapis.com/fcm/send/${randomUUID()}`)).statusCode,
      ).toBe(201);
      expect((await subscribe(t.as.anonymous(), 'https://push.example.com/sub/2')).statusCode).toBe(401);
    });

    test(`a person keeps at most ${MAX_PUSH_SUBSCRIPTIONS} browsers, the newest`, async () => {
      const resident = await t.as.resident();
      const userId = await idOf(resident);
      const endpoints: string[] = [];
      for (let i = 0; i < MAX_PUSH_SUBSCRIPTIONS + 2; i++) {
        t.clock.advance(1000);
        const endpoint = `https://push.example.com/sub/${randomUUID()}`;
        endpoints.push(endpoint);
        expect((await subscribe(resident, endpoint)).statusCode).toBe(201);
      }
      const kept = await selectRows<{ endpoint: string }>(
        t.store.db,
        sql`SELECT endpoint FROM push_subscriptions WHERE user_id = ${userId}`,
      );
      expect(kept.map((r) => r.endpoint).sort()).toEqual(endpoints.slice(2).sort());
    });
  });
});

describe('a deployment without Web Push', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  test('has no push key to give and takes no subscription', async () => {
    const key = await t.as.anonymous().get('/api/v1/push/key');
    expect(key.statusCode).toBe(404);
    expect(key.json().error.code).toBe('push_not_enabled');
    const resident = await t.as.resident();
    const res = await resident.post('/api/v1/me/push-subscriptions', {
      endpoint: 'https://push.example.com/sub/1',
      keys: keys(),
    });
    expect(res.json().error.code).toBe('push_not_enabled');
  });
});
