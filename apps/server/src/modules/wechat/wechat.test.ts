import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { loggerOptions } from '../../platform/logger.ts';
import { ConsoleSmsProvider } from '../../platform/sms.ts';
import { jsSdkSignature, WechatClient } from '../../platform/vendors/wechat-client.ts';
import { FAKE_WXACODE, type FakeWechat, startFakeWechat } from '../../platform/vendors/wechat-fake.ts';
import { WechatSubscribeClient } from '../../platform/vendors/wechat-subscribe-client.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import {
  createChannelSenders,
  createNotificationDelivery,
  createNotificationsService,
} from '../notifications/index.ts';

const MINI = { appId: 'wxminiapp0000001', appSecret: 'mini-secret' };
const MP = { appId: 'wxofficial000001', appSecret: 'mp-secret' };
const PUBLIC_URL = 'https://medrelay.example';

let fake: FakeWechat;
let t: TestApp;
let webDist: string;
let miniClient: WechatClient;
const logLines: string[] = [];
let seq = 0;
const openid = () => `oMini_${process.pid}_${++seq}_secretish`;
const freshPhone = () =>
  `137${String(process.pid % 10000).padStart(4, '0')}${String(++seq % 10000).padStart(4, '0')}`;

beforeAll(async () => {
  fake = await startFakeWechat();
  webDist = mkdtempSync(path.join(os.tmpdir(), 'medrelay-wechat-web-'));
  writeFileSync(
    path.join(webDist, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><title>余药互助</title></head><body><div id="root"></div></body></html>',
  );
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const client = (app: typeof MINI) =>
    new WechatClient({ ...app, baseUrl: fake.endpoint, openBaseUrl: 'https://open.weixin.qq.com' });
  miniClient = client(MINI);
  t = await testApp({
    logger: pino(loggerOptions('debug'), sink),
    deps: {
      publicUrl: PUBLIC_URL,
      webDist,
      wechatApps: { miniprogram: miniClient, official: client(MP) },
    },
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
  rmSync(webDist, { recursive: true, force: true });
});

const rows = (q: ReturnType<typeof sql>) => selectRows<Record<string, unknown>>(t.store.db, q);
const cookieOf = (res: { cookies: { name: string; value: string }[] }, name = 'mr_sid') =>
  res.cookies.find((c) => c.name === name && c.value)?.value;
const as = (cookie: string) => ({
  get: (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } }),
  post: (url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: { cookie } }),
  del: (url: string) => t.app.inject({ method: 'DELETE', url, headers: { cookie } }),
});
const anon = {
  post: (url: string, payload?: object) => t.app.inject({ method: 'POST', url, payload }),
};

/** A phone account's session cookie (SMS login). */
async function residentCookie() {
  const phone = freshPhone();
  await anon.post('/api/v1/auth/sms', { phone });
  const login = await anon.post('/api/v1/auth/login', { phone, code: t.lastCode(phone) });
  return `mr_sid=${cookieOf(login)}`;
}

/** A new WeChat user through the mini program, bound to a phone by the getPhoneNumber code. */
async function miniUser(
  user: { openid: string; unionid?: string } = { openid: openid() },
  phone = freshPhone(),
) {
  const login = await anon.post('/api/v1/auth/wechat/miniprogram', {
    code: fake.loginCode(MINI.appId, user),
  });
  expect(login.statusCode).toBe(200);
  expect(login.json().status).toBe('phone_required');
  const bound = await anon.post('/api/v1/auth/wechat/phone', {
    bindToken: login.json().bindToken,
    phoneCode: fake.phoneCode(phone),
  });
  expect(bound.statusCode).toBe(200);
  const cookie = `mr_sid=${cookieOf(bound)}`;
  return { cookie, me: bound.json() as { id: string; phoneMasked: string }, user, phone };
}

describe('WeChat login in the mini program', () => {
  test('a new WeChat user binds a phone by getPhoneNumber, then logs in with wx.login alone', async () => {
    const { cookie, me, user, phone } = await miniUser();
    expect(me.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect((await as(cookie).get('/api/v1/me')).json().id).toBe(me.id);
    // The subscribe channel reaches this openid (users.wechat_openid kept in step).
    expect((await t.accounts.reachOf(me.id)).wechatOpenid).toBe(user.openid);
    // Next time: logged in at once, same account.
    const again = await anon.post('/api/v1/auth/wechat/miniprogram', {
      code: fake.loginCode(MINI.appId, user),
    });
    expect(again.json()).toMatchObject({ status: 'logged_in', me: { id: me.id } });
    expect(cookieOf(again)).toBeTruthy();
    // The identity list names the app, never the openid.
    const list = await as(cookie).get('/api/v1/me/wechat');
    expect(list.json().items).toEqual([{ kind: 'miniprogram', linkedAt: expect.any(String) }]);
    expect(list.body).not.toContain(user.openid);
    // A phone that already had an account is the same account (SMS login finds it).
    const sms = await t.as.resident({ phone, verified: false });
    expect((await sms.get('/api/v1/me')).json().id).toBe(me.id);
  });

  test('a forged or reused wx.login code is 400 wechat_code_invalid and creates nothing', async () => {
    const before = await rows(
      sql`SELECT (SELECT count(*) FROM users) AS u, (SELECT count(*) FROM wechat_pending) AS p`,
    );
    const forged = await anon.post('/api/v1/auth/wechat/miniprogram', { code: 'forged-code-1' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('wechat_code_invalid');
    expect(cookieOf(forged)).toBeUndefined();
    const code = fake.loginCode(MINI.appId, { openid: openid() });
    expect((await anon.post('/api/v1/auth/wechat/miniprogram', { code })).statusCode).toBe(200);
    const reused = await anon.post('/api/v1/auth/wechat/miniprogram', { code });
    expect(reused.json().error.code).toBe('wechat_code_invalid');
    const after = await rows(
      sql`SELECT (SELECT count(*) FROM users) AS u, (SELECT count(*) FROM wechat_pending) AS p`,
    );
    expect(Number(after[0]?.u)).toBe(Number(before[0]?.u));
    expect(Number(after[0]?.p)).toBe(Number(before[0]?.p) + 1);
  });

  test('a forged phone code is 400 and the bind token still works; an expired bind token is 400', async () => {
    const user = { openid: openid() };
    const login = await anon.post('/api/v1/auth/wechat/miniprogram', {
      code: fake.loginCode(MINI.appId, user),
    });
    const { bindToken } = login.json();
    const forged = await anon.post('/api/v1/auth/wechat/phone', { bindToken, phoneCode: 'forged' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error).toMatchObject({
      code: 'wechat_code_invalid',
      details: { field: 'phoneCode' },
    });
    expect(await rows(sql`SELECT 1 FROM wechat_identities WHERE openid = ${user.openid}`)).toHaveLength(0);
    const ok = await anon.post('/api/v1/auth/wechat/phone', {
      bindToken,
      phoneCode: fake.phoneCode(freshPhone()),
    });
    expect(ok.statusCode).toBe(200);
    // Used: the token is gone.
    const again = await anon.post('/api/v1/auth/wechat/phone', {
      bindToken,
      phoneCode: fake.phoneCode(freshPhone()),
    });
    expect(again.json().error.code).toBe('wechat_bind_expired');

    const late = await anon.post('/api/v1/auth/wechat/miniprogram', {
      code: fake.loginCode(MINI.appId, { openid: openid() }),
    });
    t.clock.advance(11 * 60_000);
    const expired = await anon.post('/api/v1/auth/wechat/phone', {
      bindToken: late.json().bindToken,
      phoneCode: fake.phoneCode(freshPhone()),
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('wechat_bind_expired');
  });

  test('binding by SMS code instead of getPhoneNumber', async () => {
    const user = { openid: openid() };
    const login = await anon.post('/api/v1/auth/wechat/miniprogram', {
      code: fake.loginCode(MINI.appId, user),
    });
    const phone = freshPhone();
    expect((await anon.post('/api/v1/auth/sms', { phone })).statusCode).toBe(200);
    const wrong = await anon.post('/api/v1/auth/wechat/sms', {
      bindToken: login.json().bindToken,
      phone,
      code: '000000',
    });
    expect(wrong.statusCode).toBe(400);
    const bound = await anon.post('/api/v1/auth/wechat/sms', {
      bindToken: login.json().bindToken,
      phone,
      code: t.lastCode(phone),
    });
    expect(bound.statusCode).toBe(200);
    const again = await anon.post('/api/v1/auth/wechat/miniprogram', {
      code: fake.loginCode(MINI.appId, user),
    });
    expect(again.json()).toMatchObject({ status: 'logged_in', me: { id: bound.json().id } });
  });
});

describe('linking and unlinking', () => {
  test('an openid linked to another account is 409 and changes nothing', async () => {
    const a = await miniUser();
    const b = await t.as.resident();
    const res = await b.post('/api/v1/me/wechat', {
      kind: 'miniprogram',
      code: fake.loginCode(MINI.appId, a.user),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('wechat_already_linked');
    expect(res.body).not.toContain(a.user.openid);
    expect((await b.get('/api/v1/me/wechat')).json().items).toEqual([]);
    // A's link is untouched.
    expect((await t.accounts.reachOf(a.me.id)).wechatOpenid).toBe(a.user.openid);
    // Binding a second WeChat user to a phone whose account already has one: 409 too.
    const login = await anon.post('/api/v1/auth/wechat/miniprogram', {
      code: fake.loginCode(MINI.appId, { openid: openid() }),
    });
    const second = await anon.post('/api/v1/auth/wechat/phone', {
      bindToken: login.json().bindToken,
      phoneCode: fake.phoneCode(a.phone),
    });
    expect(second.statusCode).toBe(409);
    expect((await t.accounts.reachOf(a.me.id)).wechatOpenid).toBe(a.user.openid);
  });

  test('a phone account links the mini program by code, and unlinks it', async () => {
    const r = await t.as.resident();
    const user = { openid: openid() };
    const me = (await r.get('/api/v1/me')).json();
    const linked = await r.post('/api/v1/me/wechat', {
      kind: 'miniprogram',
      code: fake.loginCode(MINI.appId, user),
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().items.map((i: { kind: string }) => i.kind)).toEqual(['miniprogram']);
    expect((await t.accounts.reachOf(me.id)).wechatOpenid).toBe(user.openid);
    expect((await r.del('/api/v1/me/wechat/miniprogram')).statusCode).toBe(204);
    expect((await r.get('/api/v1/me/wechat')).json().items).toEqual([]);
    expect((await t.accounts.reachOf(me.id)).wechatOpenid).toBeUndefined();
    expect((await r.del('/api/v1/me/wechat/miniprogram')).statusCode).toBe(404);
    // Unlinked: the same WeChat user is a new WeChat user again.
    const login = await anon.post('/api/v1/auth/wechat/miniprogram', {
      code: fake.loginCode(MINI.appId, user),
    });
    expect(login.json().status).toBe('phone_required');
  });
});

describe('official-account OAuth in the H5 app', () => {
  async function start(next = '/square?kind=need') {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/wechat/oauth?scope=snsapi_userinfo&next=${encodeURIComponent(next)}`,
    });
    expect(res.statusCode).toBe(302);
    const to = new URL(res.headers.location as string);
    expect(to.origin + to.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(to.searchParams.get('appid')).toBe(MP.appId);
    expect(to.searchParams.get('scope')).toBe('snsapi_userinfo');
    expect(to.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/v1/auth/wechat/oauth/callback`);
    return { state: to.searchParams.get('state') as string, cookie: `mr_wxo=${cookieOf(res, 'mr_wxo')}` };
  }
  const callback = (code: string, state: string, cookie: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/wechat/oauth/callback?code=${code}&state=${state}`,
      headers: { cookie },
    });

  test('the unionid signs in the account the mini program bound; a wrong state is 400', async () => {
    const a = await miniUser({ openid: openid(), unionid: `u-${seq}` });
    const { state, cookie } = await start();
    const bad = await callback(
      fake.oauthCode(MP.appId, { openid: 'o-mp-x' }, 'snsapi_userinfo'),
      'wrong',
      cookie,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('wechat_code_invalid');
    const code = fake.oauthCode(MP.appId, { openid: openid(), unionid: a.user.unionid }, 'snsapi_userinfo');
    const res = await callback(code, state, cookie);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/square?kind=need');
    const me = await as(`mr_sid=${cookieOf(res)}`).get('/api/v1/me');
    expect(me.json().id).toBe(a.me.id);
    const kinds = (await as(a.cookie).get('/api/v1/me/wechat'))
      .json()
      .items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(['miniprogram', 'official']);
  });

  test('a new user is sent to bind a phone (cookie), then SMS login links and signs in', async () => {
    const user = { openid: openid() };
    const { state, cookie } = await start('/posts');
    const res = await callback(fake.oauthCode(MP.appId, user), state, cookie);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/me?wechat=bind&next=%2Fposts');
    const bindCookie = `mr_wxb=${cookieOf(res, 'mr_wxb')}`;
    expect(cookieOf(res)).toBeUndefined();
    const phone = freshPhone();
    await anon.post('/api/v1/auth/sms', { phone });
    const bound = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/wechat/sms',
      payload: { phone, code: t.lastCode(phone) },
      headers: { cookie: bindCookie },
    });
    expect(bound.statusCode).toBe(200);
    const again = await start();
    const second = await callback(fake.oauthCode(MP.appId, user), again.state, again.cookie);
    expect(second.headers.location).toBe('/square?kind=need');
    expect((await as(`mr_sid=${cookieOf(second)}`).get('/api/v1/me')).json().id).toBe(bound.json().id);
  });

  test('logged in: the callback links the official account, or reports it is someone else’s', async () => {
    const session = await residentCookie();
    const user = { openid: openid() };
    const s1 = await start('/me');
    const linked = await callback(fake.oauthCode(MP.appId, user), s1.state, `${s1.cookie}; ${session}`);
    expect(linked.headers.location).toBe('/me?wechat=linked');
    const otherSession = await residentCookie();
    const other = as(otherSession);
    const s2 = await start('/me');
    const taken = await callback(fake.oauthCode(MP.appId, user), s2.state, `${s2.cookie}; ${otherSession}`);
    expect(taken.headers.location).toBe('/me?wechat=already_linked');
    expect((await other.get('/api/v1/me/wechat')).json().items).toEqual([]);
  });
});

describe('the web-view ticket', () => {
  test('one use within 60 s opens the H5 app logged in; replayed or expired is 400 without a session', async () => {
    const a = await miniUser();
    const made = await as(a.cookie).post('/api/v1/auth/ticket');
    expect(made.statusCode).toBe(201);
    const { ticket } = made.json();
    // Only its hash is stored.
    expect(await rows(sql`SELECT 1 FROM web_tickets WHERE ticket_hash = ${ticket}`)).toHaveLength(0);
    const used = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/ticket?ticket=${ticket}&next=%2Fposts%2Fnew`,
    });
    expect(used.statusCode).toBe(302);
    expect(used.headers.location).toBe('/posts/new');
    const session = cookieOf(used);
    expect((await as(`mr_sid=${session}`).get('/api/v1/me')).json().id).toBe(a.me.id);

    const replay = await t.app.inject({ method: 'GET', url: `/api/v1/auth/ticket?ticket=${ticket}` });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('ticket_invalid');
    expect(cookieOf(replay)).toBeUndefined();

    const late = (await as(a.cookie).post('/api/v1/auth/ticket')).json().ticket;
    t.clock.advance(61_000);
    const expired = await t.app.inject({ method: 'GET', url: `/api/v1/auth/ticket?ticket=${late}` });
    expect(expired.statusCode).toBe(400);
    expect(cookieOf(expired)).toBeUndefined();

    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/auth/ticket?ticket=not-a-ticket' });
    expect(forged.json().error.code).toBe('ticket_invalid');
  });

  test('next is a path of this site only; a ticket needs a session', async () => {
    const a = await miniUser();
    const { ticket } = (await as(a.cookie).post('/api/v1/auth/ticket')).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/ticket?ticket=${ticket}&next=//evil.example/x`,
    });
    expect(res.headers.location).toBe('/');
    expect((await anon.post('/api/v1/auth/ticket')).statusCode).toBe(401);
  });
});

describe('JS-SDK config', () => {
  test('signed for a page of PUBLIC_URL with the jsapi_ticket; another site is 400', async () => {
    const url = `${PUBLIC_URL}/posts/abc?from=timeline`;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/wechat/jssdk-config?url=${encodeURIComponent(url)}`,
    });
    expect(res.statusCode).toBe(200);
    const cfg = res.json();
    expect(cfg.appId).toBe(MP.appId);
    expect(cfg.signature).toBe(
      jsSdkSignature({
        jsapiTicket: fake.jsapiTicket,
        nonceStr: cfg.nonceStr,
        timestamp: cfg.timestamp,
        url,
      }),
    );
    for (const bad of [
      'https://evil.example/posts/abc',
      'https://medrelay.example.evil.com/',
      'javascript:alert(1)',
    ]) {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/v1/wechat/jssdk-config?url=${encodeURIComponent(bad)}`,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('url_not_allowed');
    }
  });

  test('WeChat off: login, OAuth and JS-SDK answer 404 wechat_unavailable', async () => {
    const off = await t.anotherApp({ wechatApps: undefined });
    try {
      const login = await off.app.inject({
        method: 'POST',
        url: '/api/v1/auth/wechat/miniprogram',
        payload: { code: 'abc' },
      });
      expect(login.statusCode).toBe(404);
      expect(login.json().error.code).toBe('wechat_unavailable');
      const cfg = await off.app.inject({
        method: 'GET',
        url: `/api/v1/wechat/jssdk-config?url=${encodeURIComponent(`${PUBLIC_URL}/`)}`,
      });
      expect(cfg.json().error.code).toBe('wechat_unavailable');
    } finally {
      await off.app.close();
    }
  });
});

describe('subscribe messages through the same mini program client', () => {
  test('a linked WeChat user gets a match as a subscribe message; after unlinking, nothing is sent', async () => {
    // Noon in China: outside the default quiet hours.
    t.clock.set(new Date('2026-03-02T04:00:00Z'));
    const wechat = new WechatSubscribeClient({
      ...MINI,
      templateId: 'TPL-match',
      baseUrl: fake.endpoint,
      client: miniClient,
    });
    const senders = createChannelSenders(
      { wechat },
      {
        db: t.store.db,
        clock: t.clock,
        sms: new ConsoleSmsProvider(t.outboxFile),
        reachOf: (id) => t.accounts.reachOf(id),
      },
    );
    const notifications = createNotificationsService({
      db: t.store.db,
      clock: t.clock,
      channels: ['wechat'],
    });
    const deliver = () => createNotificationDelivery({ db: t.store.db, clock: t.clock, senders }).runOnce();
    const a = await miniUser();
    const prefs = (await as(a.cookie).get('/api/v1/me/notification-prefs')).json();
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-prefs',
      headers: { cookie: a.cookie },
      payload: { ...prefs, channels: { ...prefs.channels, match: ['wechat'] } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const tokensBefore = fake.tokensIssued();
    const notify = () =>
      notifications.notify(t.store.db, {
        userId: a.me.id,
        type: 'match',
        dedupKey: `match:${randomUUID()}`,
        data: {
          postId: randomUUID(),
          myPostId: randomUUID(),
          kind: 'offer',
          medicineIds: ['ibuprofen-tablet'],
        },
        myPostIsNeed: true,
      });
    const sentBefore = fake.subscribeSent.length;
    await notify();
    await deliver();
    expect(fake.subscribeSent.slice(sentBefore)).toMatchObject([
      { touser: a.user.openid, template_id: 'TPL-match' },
    ]);
    // The login's phone exchange already fetched the token: the send reused it.
    expect(fake.tokensIssued()).toBe(tokensBefore);
    await as(a.cookie).del('/api/v1/me/wechat/miniprogram');
    await notify();
    await deliver();
    expect(fake.subscribeSent.length).toBe(sentBefore + 1);
  });
});

describe('WeChat failing', () => {
  test('an unreachable WeChat is 503 wechat_unavailable, and nothing is created', async () => {
    const down = await t.anotherApp({
      wechatApps: {
        miniprogram: new WechatClient({ ...MINI, baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }),
      },
    });
    try {
      const res = await down.app.inject({
        method: 'POST',
        url: '/api/v1/auth/wechat/miniprogram',
        payload: { code: 'some-code' },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('wechat_unavailable');
    } finally {
      await down.app.close();
    }
  });
});

describe('mini program code for a partner poster', () => {
  test("a member gets the partner's deep link as a getwxacodeunlimit image; others do not", async () => {
    const owner = await t.as.resident();
    const admin = await t.as.resident();
    await t.setRole(admin, 'admin');
    const applied = await owner.post('/api/v1/partners', {
      name: '南山区粤海街道办事处',
      type: 'government',
      contactName: '王主任',
      contactPhone: '13900000001',
      regionCodes: ['440305'],
      allowedOrigins: ['http://127.0.0.1:9'],
    });
    const id = applied.json().id as string;
    await admin.post(`/api/v1/admin/partners/${id}/decision`, { decision: 'approved' });
    const res = await owner.get(`/api/v1/partners/${id}/deep-link/wxacode`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.equals(FAKE_WXACODE)).toBe(true);
    const sent = fake.server.seen.filter((r) => r.url.startsWith('/wxa/getwxacodeunlimit')).at(-1);
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
      scene: `r=${id.slice(0, 8)}`,
      page: 'pages/index/index',
    });
    const stranger = await t.as.resident();
    const refused = await stranger.get(`/api/v1/partners/${id}/deep-link/wxacode`);
    expect(refused.statusCode).toBeGreaterThanOrEqual(403);
    expect(refused.statusCode).toBeLessThan(500);
  });
});

describe('share cards', () => {
  test('a partner deep link names the partner (an organisation), not a person', async () => {
    const owner = await t.as.resident();
    const admin = await t.as.resident();
    await t.setRole(admin, 'admin');
    const applied = await owner.post('/api/v1/partners', {
      name: '粤海街道社区卫生服务中心',
      type: 'government',
      contactName: '李主任',
      contactPhone: '13900000002',
      regionCodes: ['440305'],
      allowedOrigins: ['http://127.0.0.1:9'],
    });
    const id = applied.json().id as string;
    await admin.post(`/api/v1/admin/partners/${id}/decision`, { decision: 'approved' });
    const res = await t.app.inject({
      method: 'GET',
      url: `/square?kind=need&ref=${id.slice(0, 8)}`,
      headers: { accept: 'text/html' },
    });
    expect(res.body).toContain('content="粤海街道社区卫生服务中心 邀请你看附近的余药互助 · 求药"');
    for (const secret of ['李主任', '13900000002', '0002']) expect(res.body).not.toContain(secret);
  });

  test('the HTML of a post page carries og meta with medicines and district, and no personal data', async () => {
    const r = await t.as.resident();
    const post = await r.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
      note: '孩子发烧，住在科技园十栋',
      contactPhone: '13912345678',
    } as Parameters<typeof r.createPost>[0]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/posts/${post.id}`,
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    const meta = (p: string) => new RegExp(`<meta property="${p}" content="([^"]*)"`).exec(html)?.[1];
    expect(meta('og:title')).toContain('求药');
    expect(meta('og:title')).toContain(post.items[0]?.name.zh);
    expect(meta('og:title')).toContain(post.region.district);
    expect(meta('og:image')).toBe(`${PUBLIC_URL}/api/v1/share/images/need.png`);
    expect(meta('og:url')).toBe(`${PUBLIC_URL}/posts/${post.id}`);
    expect(html).toContain('<div id="root">');
    for (const secret of ['13912345678', '5678', '科技园', '孩子', r.phone, r.phone.slice(-4)])
      expect(html).not.toContain(secret);
    // The same card for the web app's JS-SDK share and the mini program.
    const card = await t.app.inject({
      method: 'GET',
      url: `/api/v1/share?path=${encodeURIComponent(`/posts/${post.id}`)}`,
    });
    expect(card.json().title).toBe(meta('og:title'));
    // Not a post: the plain app.
    const missing = await t.app.inject({
      method: 'GET',
      url: '/posts/00000000-0000-4000-8000-000000000000',
      headers: { accept: 'text/html' },
    });
    expect(missing.body).not.toContain('og:title');
  });

  test('the square with filters; the picture per kind is a PNG', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/square?kind=offer&medicineId=ibuprofen-tablet',
      headers: { accept: 'text/html' },
    });
    expect(res.body).toMatch(/<meta property="og:title" content="余药互助广场 · 赠药 · [^"]+"/);
    expect(res.body).toContain('/api/v1/share/images/offer.png');
    const png = await t.app.inject({ method: 'GET', url: '/api/v1/share/images/offer.png' });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/share/images/x.png' })).statusCode).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/share?path=${encodeURIComponent('//evil.example')}`,
        })
      ).statusCode,
    ).toBe(400);
  });
});

test('no openid, unionid, bind token or ticket in the logs', () => {
  const text = logLines.join('');
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/oMini_\d+_\d+_secretish/);
  expect(text).not.toMatch(/bindToken":"[\w-]{20,}/);
  expect(text).not.toMatch(/ticket=[\w-]{20,}/);
});
