import { createPublicKey, createVerify, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import webpush from 'web-push';
import { selectRows } from '../../platform/db/index.ts';
import type { VapidKeys } from '../../platform/vapid-keys.ts';
import { browserKeys, decryptPush } from '../../testing/push-browser.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { createNotificationDelivery, createNotificationsService } from './index.ts';
import { PushServiceError, WebPushSender } from './web-push.channel.ts';

// Keys made in memory, as the brief for tests asks: never the DATA_DIR file.
const vapid: VapidKeys = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@medrelay.example' };

/** Checks the VAPID header (RFC 8292): an ES256 JWT for the push service's origin, with our key. */
function checkVapid(headers: IncomingHttpHeaders, audience: string) {
  const m = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(String(headers.authorization));
  expect(m).not.toBeNull();
  const [, jwt, k] = m as unknown as [string, string, string];
  expect(k).toBe(vapid.publicKey);
  const [head, claims, signature] = jwt.split('.') as [string, string, string];
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const verify = createVerify('SHA256').update(`${head}.${claims}`);
  expect(verify.verify({ key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
  const c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
  expect(c.aud).toBe(audience);
  expect(c.sub).toBe(vapid.subject);
  expect(c.exp * 1000).toBeGreaterThan(Date.now());
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A local push service: records each message; a path says how to answer (`/gone` 410, `/unknown`
 * 404, `/busy` 503, anything else 201 like the real ones).
 */
async function startPushService() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const status = req.url?.startsWith('/gone')
        ? 410
        : req.url?.startsWith('/unknown')
          ? 404
          : req.url?.startsWith('/busy')
            ? 503
            : 201;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Web Push', () => {
  let t: TestApp;
  let pushService: Awaited<ReturnType<typeof startPushService>>;
  beforeAll(async () => {
    pushService = await startPushService();
    t = await testApp({ deps: { channels: { vapid, allowInsecurePushEndpoints: true } } });
  });
  afterAll(async () => {
    await t.close();
    await pushService.close();
  });

  const sender = () =>
    new WebPushSender({ db: t.store.db, clock: t.clock, vapid, allowInsecureEndpoints: true });
  const idOf = async (c: Client) => ((await c.get('/api/v1/me')).json() as { id: string }).id;
  const subscribe = async (c: Client, path: string, keys = browserKeys()) => {
    const endpoint = `${pushService.origin}${path}`;
    const res = await c.post('/api/v1/me/push-subscriptions', {
      endpoint,
      keys: { p256dh: keys.p256dh, auth: keys.authB64 },
    });
    expect(res.statusCode).toBe(201);
    return { endpoint, keys };
  };
  const endpointsOf = async (userId: string) =>
    (
      await selectRows<{ endpoint: string }>(
        t.store.db,
        sql`SELECT endpoint FROM push_subscriptions WHERE user_id = ${userId} ORDER BY endpoint`,
      )
    ).map((r) => r.endpoint);

  test('the server key is public and is what browsers subscribe with', async () => {
    const res = await t.as.anonymous().get('/api/v1/push/key');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ publicKey: vapid.publicKey });
  });

  test('a match reaches the browser as the encrypted JSON {id, type, data, url}, signed with VAPID', async () => {
    const resident = await t.as.resident();
    const userId = await idOf(resident);
    const { keys } = await subscribe(resident, `/sub/${randomUUID()}`);
    const n = {
      id: randomUUID(),
      userId,
      type: 'match' as const,
      data: {
        postId: randomUUID(),
        myPostId: randomUUID(),
        kind: 'offer' as const,
        medicineIds: ['ibuprofen-tablet'],
        distanceKm: 0.8,
      },
    };
    const before = pushService.received.length;

    expect(await sender().send(n)).toBe('sent');

    const got = pushService.received.slice(before);
    expect(got).toHaveLength(1);
    const req = got[0] as Received;
    expect(req.headers['content-encoding']).toBe('aes128gcm');
    expect(req.headers.ttl).toBe('86400');
    expect(req.headers.urgency).toBe('high');
    // A retry of the same notification replaces the copy still waiting at the push service.
    expect(req.headers.topic).toBe(n.id.replaceAll('-', ''));
    checkVapid(req.headers, pushService.origin);
    expect(JSON.parse(decryptPush(req.body, keys))).toEqual({
      id: n.id,
      type: 'match',
      data: n.data,
      url: `/posts/${n.data.postId}`,
    });
  });

  test('the payload carries only the contract fields: no phone number or other extras', async () => {
    const resident = await t.as.resident();
    const userId = await idOf(resident);
    const { keys } = await subscribe(resident, `/sub/${randomUUID()}`);
    const threadId = randomUUID();
    const before = pushService.received.length;
    // A careless caller's extra fields are dropped on the way out.
    const data = { threadId, phone: resident.phone, lat: 22.5329 } as unknown as { threadId: string };
    expect(await sender().send({ id: randomUUID(), userId, type: 'message', data })).toBe('sent');
    const text = decryptPush((pushService.received[before] as Received).body, keys);
    expect(JSON.parse(text)).toMatchObject({
      type: 'message',
      data: { threadId },
      url: `/messages/${threadId}`,
    });
    expect(text).not.toContain(resident.phone);
    expect(text).not.toContain('22.5329');
  });

  test('every browser of the person gets it; 410 and 404 remove a subscription, nothing left is unreachable', async () => {
    const resident = await t.as.resident();
    const userId = await idOf(resident);
    const live = await subscribe(resident, `/sub/${randomUUID()}`);
    const gone = await subscribe(resident, `/gone/${randomUUID()}`);
    const unknown = await subscribe(resident, `/unknown/${randomUUID()}`);
    const n = { id: randomUUID(), userId, type: 'post_approved' as const, data: { postId: randomUUID() } };

    expect(await sender().send(n)).toBe('sent');
    expect(await endpointsOf(userId)).toEqual([live.endpoint]);
    expect([gone.endpoint, unknown.endpoint]).not.toContain(live.endpoint);

    const only = await t.as.resident();
    const onlyId = await idOf(only);
    await subscribe(only, `/gone/${randomUUID()}`);
    expect(await sender().send({ ...n, id: randomUUID(), userId: onlyId })).toBe('unreachable');
    expect(await endpointsOf(onlyId)).toEqual([]);
  });

  test('a push service that fails makes the delivery retry, keeping the subscription', async () => {
    const resident = await t.as.resident();
    const userId = await idOf(resident);
    const busy = await subscribe(resident, `/busy/${randomUUID()}`);
    const err = await sender()
      .send({ id: randomUUID(), userId, type: 'alert', data: { postId: randomUUID() } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushServiceError);
    expect((err as PushServiceError).status).toBe(503);
    expect(String((err as Error).message)).not.toContain(busy.endpoint);
    expect(await endpointsOf(userId)).toEqual([busy.endpoint]);
  });

  test('without a subscription the person is unreachable by push', async () => {
    const resident = await t.as.resident();
    const userId = await idOf(resident);
    expect(await sender().send({ id: randomUUID(), userId, type: 'match', data: {} })).toBe('unreachable');
  });

  test('through the notifications service and the delivery job: sent once, logged as sent', async () => {
    const resident = await t.as.resident();
    const userId = await idOf(resident);
    const { keys } = await subscribe(resident, `/sub/${randomUUID()}`);
    // Outside quiet hours (22:00–07:00 China time): 04:00 UTC is noon in China.
    t.clock.set(new Date('2026-03-02T04:00:00Z'));
    const notifications = createNotificationsService({ db: t.store.db, clock: t.clock, channels: ['push'] });
    const postId = randomUUID();
    const id = await notifications.notify(t.store.db, {
      userId,
      type: 'post_expiring',
      dedupKey: `expiring:${postId}`,
      data: { postId, expiresAt: '2026-03-02T16:00:00.000Z' },
    });
    const before = pushService.received.length;
    const job = createNotificationDelivery({ db: t.store.db, clock: t.clock, senders: [sender()] });
    expect(await job.runOnce()).toMatchObject({ sent: 1 });
    expect(await job.runOnce()).toMatchObject({ sent: 0 });
    const got = pushService.received.slice(before);
    expect(got).toHaveLength(1);
    // "Expires soon" is worth nothing after the post expired: the TTL stops there (12 h here).
    expect((got[0] as Received).headers.ttl).toBe(String(12 * 3600));
    expect(JSON.parse(decryptPush((got[0] as Received).body, keys))).toEqual({
      id,
      type: 'post_expiring',
      data: { postId, expiresAt: '2026-03-02T16:00:00.000Z' },
      url: `/posts/${postId}`,
    });
  });

  test('unsubscribing forgets the browser; only my own subscription', async () => {
    const resident = await t.as.resident();
    const other = await t.as.resident();
    const userId = await idOf(resident);
    const { endpoint } = await subscribe(resident, `/sub/${randomUUID()}`);
    expect((await other.del('/api/v1/me/push-subscriptions', { endpoint })).statusCode).toBe(204);
    expect(await endpointsOf(userId)).toEqual([endpoint]);
    expect((await resident.del('/api/v1/me/push-subscriptions', { endpoint })).statusCode).toBe(204);
    expect(await endpointsOf(userId)).toEqual([]);
    expect((await t.as.anonymous().del('/api/v1/me/push-subscriptions', { endpoint })).statusCode).toBe(401);
  });
});
