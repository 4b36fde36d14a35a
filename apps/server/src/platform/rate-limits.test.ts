import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../testing/test-app.ts';

// The machine's real Redis; an unreachable port stands for "Redis configured but down".
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DOWN_REDIS_URL = 'redis://127.0.0.1:6399';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});
const make = async (
  deps: Parameters<typeof testApp>[0] extends infer O ? (O extends { deps?: infer D } ? D : never) : never,
) => {
  const t = await testApp({ deps: { rateLimitFactor: 1, ...deps } });
  apps.push(t);
  return t;
};
const login = (t: TestApp, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { phone: '13600000000', code: '000000' },
    remoteAddress: ip,
  });
const uniqueIp = () => `10.99.${randomBytes(1)[0]}.${((randomBytes(1)[0] as number) % 250) + 1}`;

describe('rate limits', () => {
  test('the global budget counts an IPv6 address by its /64: 600 a minute across the prefix, then 429', async () => {
    const t = await make({});
    const prefix = `2001:db8:${(randomBytes(2).readUInt16BE() + 1).toString(16)}:7`;
    const read = (ip: string) => t.app.inject({ method: 'GET', url: '/api/v1/medicines', remoteAddress: ip });
    for (let i = 0; i < 600; i++) {
      expect((await read(`${prefix}:${(i + 1).toString(16)}::1`)).statusCode).toBe(200);
    }
    const limited = await read(`${prefix}:ffff:1:2:3`);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    // The next /64 has its own budget; so has an IPv4 address.
    expect((await read(`${prefix.slice(0, -1)}8::1`)).statusCode).toBe(200);
    expect((await read(uniqueIp())).statusCode).toBe(200);
  });

  test('health polls are not rate limited: a balancer probing from one address stays at 200', async () => {
    const t = await make({});
    const ip = uniqueIp();
    for (let i = 0; i < 650; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: ip });
      expect(res.statusCode).toBe(200);
    }
    // The same address is still limited elsewhere (its global budget was not spent by the polls).
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/medicines', remoteAddress: ip })).statusCode,
    ).toBe(200);
  });

  test('login attempts from one address: 20 a minute, then 429 with Retry-After in the API error shape', async () => {
    const t = await make({});
    const ip = uniqueIp();
    for (let i = 0; i < 20; i++) expect((await login(t, ip)).statusCode).toBe(400);
    const limited = await login(t, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'rate_limited', details: { limit: 20 } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await login(t, uniqueIp())).statusCode).toBe(400);
  });

  test("deep-link visits count at most 10 a minute from one address, so a loop cannot inflate a partner's figures", async () => {
    const t = await make({});
    const [owner, admin] = [await t.as.resident(), await t.as.resident()];
    await t.setRole(admin, 'admin');
    const id = (
      await owner.post('/api/v1/partners', {
        name: '某社区居委会',
        type: 'government',
        contactName: '赵主任',
        contactPhone: '13900000011',
        regionCodes: ['440305'],
      })
    ).json().id as string;
    await admin.post(`/api/v1/admin/partners/${id}/decision`, { decision: 'approved' });
    const visitor = t.as.anonymous(uniqueIp());
    const visit = () => visitor.post(`/api/v1/refs/${id.slice(0, 8)}/visits`);
    for (let i = 0; i < 10; i++) expect((await visit()).statusCode).toBe(204);
    const limited = await visit();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await owner.get(`/api/v1/partners/${id}/stats`)).json().linkVisits.today).toBe(10);
  });

  test('with Redis, two server processes share one budget', async () => {
    const [a, b] = [await make({ redisUrl: REDIS_URL }), await make({ redisUrl: REDIS_URL })];
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) expect((await login(a, ip)).statusCode).toBe(400);
    for (let i = 0; i < 10; i++) expect((await login(b, ip)).statusCode).toBe(400);
    expect((await login(a, ip)).statusCode).toBe(429);
    expect((await login(b, ip)).statusCode).toBe(429);
  });

  test('with Redis down, reads keep working and SMS, posting and contact fail closed with 503', async () => {
    const up = await make({ redisUrl: REDIS_URL });
    const resident = await up.as.resident();
    const post = await resident.createOffer();

    const t = await make({ redisUrl: DOWN_REDIS_URL });
    const anon = t.as.anonymous();
    expect((await anon.get('/api/v1/posts')).statusCode).toBe(200);
    expect((await anon.get('/api/v1/medicines?q=blf')).statusCode).toBe(200);
    const sms = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms',
      payload: { phone: '13600000001' },
    });
    expect(sms.statusCode).toBe(503);
    expect(sms.json().error.code).toBe('rate_limit_unavailable');
    expect(sms.headers['retry-after']).toBeDefined();
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/posts',
      payload: {
        kind: 'need',
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 }],
        location: { lat: 22.5, lng: 113.9 },
      },
    });
    expect(write.statusCode).toBe(503);
    const contact = await t.app.inject({ method: 'POST', url: `/api/v1/posts/${post.id}/contact` });
    expect(contact.statusCode).toBe(503);
  });
});

describe('security headers, CSRF and body size', () => {
  test('helmet headers and a strict CSP are sent', async () => {
    const t = await make({});
    const res = await t.as.anonymous().get('/api/v1/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Served over plain http (no PUBLIC_URL with https): asset URLs must not be rewritten to https.
    expect(csp).not.toContain('upgrade-insecure-requests');
    const tls = await make({ publicUrl: 'https://yuyao.example.cn' });
    const behindTls = await tls.as.anonymous().get('/api/v1/health');
    expect(String(behindTls.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });

  test('a cookie-authenticated write from another site is refused; from our own page it passes', async () => {
    const t = await testApp();
    apps.push(t);
    const alice = await t.as.resident();
    const body = {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 }],
      location: { lat: 22.53, lng: 113.93 },
      consent: true,
    };
    const cross = await alice.post('/api/v1/posts', body, {
      'sec-fetch-site': 'cross-site',
      origin: 'https://evil.example',
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error.code).toBe('csrf_rejected');
    const foreignOrigin = await alice.post('/api/v1/posts', body, { origin: 'https://evil.example' });
    expect(foreignOrigin.statusCode).toBe(403);
    const same = await alice.post('/api/v1/posts', body, {
      'sec-fetch-site': 'same-origin',
      origin: 'http://localhost:3000',
      host: 'localhost:3000',
    });
    expect(same.statusCode).toBe(201);
  });

  test('an oversized body is a 413', async () => {
    const t = await make({});
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms',
      payload: { phone: '13600000002', padding: 'x'.repeat(100_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });
});
