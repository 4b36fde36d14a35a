import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signWebhook } from '../../../apps/server/src/modules/partners/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../../apps/server/src/testing/test-app.ts';
import {
  createMedRelayClient,
  MedRelayError,
  type MedRelayWebhookEvent,
  type PostView,
  verifyWebhook,
  WebhookVerificationError,
} from './index.ts';

// The SDK against the real server over real HTTP: a street office applies, is approved, makes keys,
// and the SDK reads the square and the stats, publishes for a resident, and gets typed errors.

const BEIJING = { lat: 39.9087, lng: 116.3975 };
const PARTNER_NAME = '南山区粤海街道办事处';

let t: TestApp;
let owner: Client;
let partnerId: string;
let baseUrl: string;
let need: PostView;

beforeAll(async () => {
  t = await testApp();
  const [resident, admin] = [await t.as.resident(), await t.as.resident()];
  owner = await t.as.resident();
  await t.setRole(admin, 'admin');
  const applied = await owner.post('/api/v1/partners', {
    name: PARTNER_NAME,
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000001',
    regionCodes: ['440305'],
  });
  expect(applied.statusCode, applied.body).toBe(201);
  partnerId = applied.json().id;
  const decided = await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
  expect(decided.json().status).toBe('approved');
  need = await resident.createNeed({ at: NANSHAN });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

let keyCount = 0;
async function createKey(scopes: string[]): Promise<{ id: string; key: string }> {
  const res = await owner.post(`/api/v1/partners/${partnerId}/keys`, { name: `sdk ${++keyCount}`, scopes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** The rejection of a promise, which must be a MedRelayError. */
async function failure(promise: Promise<unknown>): Promise<MedRelayError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(MedRelayError);
  return outcome as MedRelayError;
}

const assisted = (at: { lat: number; lng: number }, phone: string) => ({
  resident: { phone },
  consent: { method: 'verbal' as const, recordedBy: '社区工作者 李' },
  post: {
    kind: 'need' as const,
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
    location: at,
    flags: ['elderly' as const],
    note: '独居老人，家里没有智能手机',
  },
});

describe('the client against the real server', () => {
  test('lists the square near a point and reads the regional stats', async () => {
    const { key } = await createKey(['posts:read', 'stats:read', 'posts:write_assisted']);
    const sdk = createMedRelayClient({ baseUrl, apiKey: key });
    const page = await sdk.posts.list({ kind: 'need', near: NANSHAN, radiusKm: 5, sort: 'distance' });
    const found = page.items.find((p) => p.id === need.id);
    expect(found).toMatchObject({ kind: 'need', region: { districtCode: '440305' } });
    expect(found?.items[0]?.name.zh).toBe('布洛芬片');
    expect(typeof found?.distanceKm).toBe('number');
    expect(JSON.stringify(page)).not.toMatch(MOBILE_IN_TEXT);
    // The same query with `near` as the API's own string form.
    const again = await sdk.posts.list({ kind: 'need', near: `${NANSHAN.lat},${NANSHAN.lng}`, radiusKm: 5 });
    expect(again.items.map((p) => p.id)).toContain(need.id);
    // Nothing near Beijing.
    expect((await sdk.posts.list({ near: BEIJING, radiusKm: 5 })).items).toEqual([]);

    const stats = await sdk.stats();
    expect(stats.regionCodes).toEqual(['440305']);
    expect(stats.openNeeds).toBeGreaterThanOrEqual(1);
    expect(stats.byDistrict.find((d) => d.districtCode === '440305')?.openNeeds).toBeGreaterThanOrEqual(1);
  });

  test('iterates the square page by page with the cursor', async () => {
    const other = await t.as.resident();
    const more = [await other.createNeed({ at: NANSHAN }), await other.createNeed({ at: NANSHAN })];
    const { key } = await createKey(['posts:read']);
    const sdk = createMedRelayClient({ baseUrl, apiKey: key });
    const first = await sdk.posts.list({ region: '440305', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const seen: string[] = [];
    for await (const post of sdk.posts.iterate({ region: '440305', kind: 'need', limit: 1 }))
      seen.push(post.id);
    expect(seen).toEqual(expect.arrayContaining([need.id, ...more.map((p) => p.id)]));
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('publishes an assisted post for a resident in the partner region, with an Idempotency-Key', async () => {
    const { key } = await createKey(['posts:write_assisted', 'posts:read']);
    const sent: Headers[] = [];
    const sdk = createMedRelayClient({
      baseUrl: `${baseUrl}/`,
      apiKey: key,
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    const post = await sdk.assistedPosts.create(assisted(NANSHAN, '13512349999'), {
      idempotencyKey: 'visit-2026-01-15-0001',
    });
    expect(post).toMatchObject({
      kind: 'need',
      status: 'open',
      assistedBy: PARTNER_NAME,
      contactPhoneMasked: '135****9999',
      region: { districtCode: '440305' },
      flags: ['elderly'],
    });
    expect(JSON.stringify(post)).not.toMatch(MOBILE_IN_TEXT);
    const headers = sent.at(-1);
    expect(headers?.get('idempotency-key')).toBe('visit-2026-01-15-0001');
    expect(headers?.get('authorization')).toBe(`Bearer ${key}`);
    expect(headers?.get('content-type')).toBe('application/json');
    const listed = await sdk.posts.list({ region: '440305', kind: 'need', limit: 50 });
    expect(listed.items.find((p) => p.id === post.id)?.assistedBy).toBe(PARTNER_NAME);
    await expect(
      sdk.assistedPosts.create(assisted(NANSHAN, '13512349999'), { idempotencyKey: 'short' }),
    ).rejects.toThrow(TypeError);
  });

  test('errors are typed: region_not_allowed outside the partner regions, validation_failed', async () => {
    const { key } = await createKey(['posts:write_assisted', 'posts:read']);
    const sdk = createMedRelayClient({ baseUrl, apiKey: key });
    const outside = await failure(sdk.assistedPosts.create(assisted(BEIJING, '13512348888')));
    expect(outside).toMatchObject({
      name: 'MedRelayError',
      status: 403,
      code: 'region_not_allowed',
      details: { regions: ['440305'] },
    });
    expect(outside.retryAfterSeconds).toBeUndefined();
    expect(outside.message).not.toBe('');

    const invalid = await failure(sdk.posts.list({ near: NANSHAN, radiusKm: 500 }));
    expect(invalid).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(JSON.stringify(invalid.details)).toContain('radiusKm');
  });

  test('scope_missing with a narrower key', async () => {
    const { key } = await createKey(['posts:read']);
    const sdk = createMedRelayClient({ baseUrl, apiKey: key });
    expect((await sdk.posts.list({ region: '440305' })).items.length).toBeGreaterThan(0);
    const stats = await failure(sdk.stats());
    expect(stats).toMatchObject({ status: 403, code: 'scope_missing', details: { scope: 'stats:read' } });
    const write = await failure(sdk.assistedPosts.create(assisted(NANSHAN, '13512347777')));
    expect(write).toMatchObject({
      status: 403,
      code: 'scope_missing',
      details: { scope: 'posts:write_assisted' },
    });
  });

  test('api_key_revoked after the key is deleted; api_key_invalid for a made-up key', async () => {
    const { id, key } = await createKey(['posts:read']);
    const sdk = createMedRelayClient({ baseUrl, apiKey: key });
    await sdk.posts.list();
    expect((await owner.del(`/api/v1/partners/${partnerId}/keys/${id}`)).statusCode).toBe(204);
    expect(await failure(sdk.posts.list())).toMatchObject({ status: 401, code: 'api_key_revoked' });
    const madeUp = createMedRelayClient({ baseUrl, apiKey: 'mr_sk_00000000_nonsense' });
    expect(await failure(madeUp.stats())).toMatchObject({ status: 401, code: 'api_key_invalid' });
  });

  test('429 from the daily quota exposes Retry-After', async () => {
    const { id, key } = await createKey(['posts:read']);
    await t.store.db.execute(sql`UPDATE api_keys SET per_day = 1 WHERE id = ${id}`);
    const sdk = createMedRelayClient({ baseUrl, apiKey: key });
    await sdk.posts.list();
    const limited = await failure(sdk.posts.list());
    expect(limited).toMatchObject({ status: 429, code: 'daily_quota_exceeded', details: { limit: 1 } });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.retryAfterSeconds).toBe(limited.details.retryAfterSeconds);
  });
});

describe('the client on its own', () => {
  const answering =
    (status: number, body: string, headers: Record<string, string> = {}): typeof fetch =>
    async () =>
      new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });

  test('refuses a publishable key and a missing key up front', () => {
    expect(() => createMedRelayClient({ baseUrl: 'http://x.test', apiKey: 'mr_pk_12345678_abc' })).toThrow(
      /publishable/,
    );
    expect(() => createMedRelayClient({ baseUrl: 'http://x.test', apiKey: '' })).toThrow(TypeError);
  });

  test('a proxy error page, a wrong-shaped answer, no answer, and an HTTP-date Retry-After', async () => {
    const base = { baseUrl: 'http://medrelay.test', apiKey: 'mr_sk_12345678_abc' };
    const gateway = createMedRelayClient({ ...base, fetch: answering(502, '<html>Bad Gateway</html>') });
    expect(await failure(gateway.stats())).toMatchObject({ status: 502, code: 'http_error' });

    const drifted = createMedRelayClient({ ...base, fetch: answering(200, '{"items":"nope"}') });
    const invalid = await failure(drifted.posts.list());
    expect(invalid).toMatchObject({ status: 200, code: 'invalid_response' });
    expect(JSON.stringify(invalid.details)).toContain('items');

    const down = createMedRelayClient({
      ...base,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(await failure(down.stats())).toMatchObject({ status: 0, code: 'network_error' });

    const later = new Date(Date.now() + 120_000).toUTCString();
    const busy = createMedRelayClient({
      ...base,
      fetch: answering(
        429,
        JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.', details: {} } }),
        { 'retry-after': later },
      ),
    });
    const limited = await failure(busy.posts.list());
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterSeconds).toBeGreaterThan(100);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  test('a slow server times out; the caller can abort', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const slow = createMedRelayClient({
      baseUrl: 'http://medrelay.test',
      apiKey: 'mr_sk_12345678_abc',
      fetch: hang,
      timeoutMs: 50,
    });
    expect(await failure(slow.stats())).toMatchObject({ status: 0, code: 'timeout' });
    const controller = new AbortController();
    const pending = slow.stats({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('verifyWebhook', () => {
  const secret = 'whsec_test_secret_0123456789';
  const now = new Date('2026-01-15T08:00:00.000Z');
  const ts = Math.floor(now.getTime() / 1000);
  const event = () => ({
    id: '42',
    type: 'post.created',
    createdAt: now.toISOString(),
    data: { post: need },
  });

  test("accepts a body signed with the server's own signWebhook, as string or Buffer", () => {
    const body = JSON.stringify(event());
    const signatureHeader = signWebhook(secret, ts, body);
    const verified: MedRelayWebhookEvent = verifyWebhook({ secret, body, signatureHeader, now });
    expect(verified).toMatchObject({ id: '42', type: 'post.created', data: { post: { id: need.id } } });
    expect(verifyWebhook({ secret, body: Buffer.from(body), signatureHeader, now }).id).toBe('42');
    // Within the tolerance on either side.
    expect(() =>
      verifyWebhook({ secret, body, signatureHeader, now: new Date(now.getTime() + 299_000) }),
    ).not.toThrow();
    expect(() =>
      verifyWebhook({ secret, body, signatureHeader, now: new Date(now.getTime() - 60_000) }),
    ).not.toThrow();
  });

  const reason = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(WebhookVerificationError);
      return (err as WebhookVerificationError).code;
    }
    throw new Error('verifyWebhook accepted it');
  };

  test('rejects a tampered body, a wrong secret, a stale timestamp and a malformed header', () => {
    const body = JSON.stringify(event());
    const signatureHeader = signWebhook(secret, ts, body);
    const tampered = body.replace('"post.created"', '"post.resolved"');
    expect(reason(() => verifyWebhook({ secret, body: tampered, signatureHeader, now }))).toBe(
      'signature_mismatch',
    );
    expect(reason(() => verifyWebhook({ secret: 'whsec_wrong', body, signatureHeader, now }))).toBe(
      'signature_mismatch',
    );
    const stale = signWebhook(secret, ts - 301, body);
    expect(reason(() => verifyWebhook({ secret, body, signatureHeader: stale, now }))).toBe(
      'timestamp_out_of_tolerance',
    );
    // A stale signature is accepted only with a tolerance that covers it.
    expect(verifyWebhook({ secret, body, signatureHeader: stale, now, toleranceSeconds: 600 }).id).toBe('42');
    // A signature from the same timestamp but re-stamped with a fresh t does not match.
    const restamped = signatureHeader.replace(`t=${ts}`, `t=${ts + 1}`);
    expect(reason(() => verifyWebhook({ secret, body, signatureHeader: restamped, now }))).toBe(
      'signature_mismatch',
    );
    expect(reason(() => verifyWebhook({ secret, body, signatureHeader: undefined, now }))).toBe(
      'signature_missing',
    );
    expect(reason(() => verifyWebhook({ secret, body, signatureHeader: 'v1=abc', now }))).toBe(
      'signature_malformed',
    );
    const notAnEvent = '{"hello":"world"}';
    expect(
      reason(() =>
        verifyWebhook({
          secret,
          body: notAnEvent,
          signatureHeader: signWebhook(secret, ts, notAnEvent),
          now,
        }),
      ),
    ).toBe('payload_invalid');
    expect(() => verifyWebhook({ secret, body: event() as unknown as string, signatureHeader, now })).toThrow(
      TypeError,
    );
  });

  test('a real delivery from the dispatcher verifies in a Node http receiver', async () => {
    const received: { status: number; event?: MedRelayWebhookEvent; eventIdHeader?: string }[] = [];
    let secretForReceiver = '';
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const verified = verifyWebhook({
            secret: secretForReceiver,
            body: Buffer.concat(chunks),
            signatureHeader: req.headers['medrelay-signature'],
            now: t.clock.now(),
          });
          received.push({
            status: 204,
            event: verified,
            eventIdHeader: String(req.headers['medrelay-event-id']),
          });
          res.statusCode = 204;
        } catch {
          received.push({ status: 400 });
          res.statusCode = 400;
        }
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const sub = await owner.post(`/api/v1/partners/${partnerId}/webhooks`, {
        url: `http://127.0.0.1:${port}/hooks/medrelay`,
        events: ['post.created'],
      });
      expect(sub.statusCode, sub.body).toBe(201);
      secretForReceiver = sub.json().secret;
      const fresh = await (await t.as.resident()).createNeed({ at: NANSHAN });
      await t.webhooks.runOnce();
      expect(received.length).toBeGreaterThan(0);
      expect(received.every((r) => r.status === 204)).toBe(true);
      const mine = received.find(
        (r) => r.event?.type === 'post.created' && r.event.data.post.id === fresh.id,
      );
      expect(mine?.event?.type).toBe('post.created');
      expect(mine?.eventIdHeader).toBe(mine?.event?.id);
      const log = (await owner.get(`/api/v1/partners/${partnerId}/deliveries`)).json().items as {
        status: string;
        lastStatus: number;
      }[];
      expect(log.length).toBe(received.length);
      expect(log.every((d) => d.status === 'delivered' && d.lastStatus === 204)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
