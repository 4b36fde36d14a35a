import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const sms = (phone: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload: { phone } });
const login = (phone: string, code: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, code } });
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('one-time code login', () => {
  test('the console provider writes the code to the SMS outbox and login sets an HttpOnly Lax cookie', async () => {
    const phone = '13800000001';
    expect((await sms(phone)).statusCode).toBe(200);
    const code = t.lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const res = await login(phone, code);
    expect(res.statusCode).toBe(200);
    expect(res.json().phoneMasked).toBe('138****0001');
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/mr_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().phoneMasked).toBe('138****0001');
  });

  test('a code works once', async () => {
    const phone = '13800000002';
    await sms(phone);
    const code = t.lastCode(phone);
    expect((await login(phone, code)).statusCode).toBe(200);
    const again = await login(phone, code);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('code_invalid');
  });

  test('at most one code a minute per phone, with Retry-After', async () => {
    const phone = '13800000003';
    expect((await sms(phone)).statusCode).toBe(200);
    const second = await sms(phone);
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe('sms_too_soon');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(MINUTE + 1000);
    expect((await sms(phone)).statusCode).toBe(200);
  });

  test('a code expires after 5 minutes', async () => {
    const phone = '13800000004';
    await sms(phone);
    const code = t.lastCode(phone);
    t.clock.advance(5 * MINUTE + 1000);
    const res = await login(phone, code);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('code_invalid');
  });

  test('five wrong tries kill the code, even the right one after', async () => {
    const phone = '13800000005';
    await sms(phone);
    const code = t.lastCode(phone);
    for (let i = 0; i < 4; i++)
      expect((await login(phone, wrong(code))).json().error.code).toBe('code_invalid');
    expect((await login(phone, wrong(code))).json().error.code).toBe('code_attempts_exceeded');
    const right = await login(phone, code);
    expect(right.statusCode).toBe(400);
    expect(right.json().error.code).toBe('code_attempts_exceeded');
  });

  test('logout ends the session on the server', async () => {
    const phone = '13800000006';
    await sms(phone);
    const res = await login(phone, t.lastCode(phone));
    const cookie = (res.headers['set-cookie'] as string).split(';')[0] as string;
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('unauthenticated');
  });

  test('an idle session ends after 30 minutes', async () => {
    const phone = '13800000007';
    await sms(phone);
    const res = await login(phone, t.lastCode(phone));
    const cookie = (res.headers['set-cookie'] as string).split(';')[0] as string;
    t.clock.advance(31 * MINUTE);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  test.each([
    ['not a phone', { phone: '12345' }],
    ['landline', { phone: '075512345678' }],
    ['unknown field', { phone: '13800000008', extra: 1 }],
  ])('bad input to /auth/sms (%s) is a 400 and sends nothing', async (_name, payload) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.body).not.toContain('075512345678');
  });

  test('GET /me without a session is 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
  });
});
