import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsSdkSignature, WechatApiError, WechatClient } from './wechat-client.ts';
import { FAKE_WXACODE, type FakeWechat, startFakeWechat } from './wechat-fake.ts';
import { WechatSubscribeClient } from './wechat-subscribe-client.ts';

const MINI = { appId: 'wxmini0000000001', appSecret: 'mini-secret' };
const MP = { appId: 'wxmp00000000001', appSecret: 'mp-secret' };
const REDIS_URL = process.env.WECHAT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('WeChat server API adapter against the local fake', () => {
  let fake: FakeWechat;
  beforeAll(async () => {
    fake = await startFakeWechat();
  });
  afterAll(() => fake.close());
  const client = (app = MINI, extra: Partial<ConstructorParameters<typeof WechatClient>[0]> = {}) =>
    new WechatClient({ ...app, baseUrl: fake.endpoint, ...extra });
  const paths = (p: string) => fake.server.seen.filter((r) => r.url.startsWith(p));

  test('the JS-SDK signature of the documented example (JS-SDK doc, appendix 1)', () => {
    expect(
      jsSdkSignature({
        jsapiTicket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        nonceStr: 'Wm3WZYTPz0wzccnW',
        timestamp: 1414587457,
        url: 'http://mp.weixin.qq.com?params=value',
      }),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    // The fragment is not part of the signed URL.
    expect(
      jsSdkSignature({ jsapiTicket: 't', nonceStr: 'n', timestamp: 1, url: 'https://a.example/x#y' }),
    ).toBe(jsSdkSignature({ jsapiTicket: 't', nonceStr: 'n', timestamp: 1, url: 'https://a.example/x' }));
  });

  test('jscode2session: a wx.login code is exchanged once for the openid and unionid', async () => {
    const code = fake.loginCode(MINI.appId, { openid: 'o-mini-1', unionid: 'u-1' });
    expect(await client().code2Session(code)).toEqual({ openid: 'o-mini-1', unionid: 'u-1' });
    const [req] = paths('/sns/jscode2session');
    const q = new URL(req?.url ?? '', 'http://f').searchParams;
    expect(Object.fromEntries(q)).toEqual({
      appid: MINI.appId,
      secret: MINI.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    // Used once: 40029, and the error names only the errcode.
    const err = (await client()
      .code2Session(code)
      .catch((e: unknown) => e)) as WechatApiError;
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err.errcode).toBe(40029);
    expect(err.message).not.toContain(code);
  });

  test('phone number: POST getuserphonenumber with the code and the access token', async () => {
    const c = client();
    const code = fake.phoneCode('13900001111');
    expect(await c.phoneNumber(code)).toEqual({ phone: '13900001111', countryCode: '86' });
    const req = paths('/wxa/business/getuserphonenumber').at(-1);
    expect(req?.method).toBe('POST');
    expect(JSON.parse(req?.body ?? '')).toEqual({ code });
    expect(new URL(req?.url ?? '', 'http://f').searchParams.get('access_token')).toMatch(/^tok-\d+$/);
    await expect(c.phoneNumber('forged')).rejects.toMatchObject({ errcode: 40029 });
  });

  test('40001 (token replaced) fetches one fresh token and retries once', async () => {
    const c = client();
    await c.phoneNumber(fake.phoneCode('13900001112'));
    const before = fake.tokensIssued();
    fake.invalidateToken();
    expect((await c.phoneNumber(fake.phoneCode('13900001113'))).phone).toBe('13900001113');
    expect(fake.tokensIssued()).toBe(before + 1);
  });

  test('the token is kept until five minutes before it expires', async () => {
    let now = new Date('2026-01-15T08:00:00Z');
    const c = client(MINI, { now: () => now });
    const t1 = await c.accessToken();
    expect(await c.accessToken()).toBe(t1);
    now = new Date(now.getTime() + (7200 - 301) * 1000);
    expect(await c.accessToken()).toBe(t1);
    now = new Date(now.getTime() + 2000);
    expect(await c.accessToken()).not.toBe(t1);
  });

  test('one token request for 50 parallel calls in one process', async () => {
    const c = client();
    const before = fake.tokensIssued();
    const codes = Array.from({ length: 50 }, (_, i) =>
      fake.phoneCode(`1390000${String(i).padStart(4, '0')}`),
    );
    const phones = await Promise.all(codes.map((code) => c.phoneNumber(code)));
    expect(new Set(phones.map((p) => p.phone)).size).toBe(50);
    expect(fake.tokensIssued()).toBe(before + 1);
  });

  test('with Redis: 50 parallel calls across two processes make one token request', async () => {
    const prefix = `medrelay-test:${randomBytes(6).toString('hex')}:`;
    const a = new Redis(REDIS_URL, { lazyConnect: false });
    const b = new Redis(REDIS_URL, { lazyConnect: false });
    try {
      const one = client(MINI, { redis: a, redisPrefix: prefix });
      const two = client(MINI, { redis: b, redisPrefix: prefix });
      fake.invalidateToken();
      const before = fake.tokensIssued();
      const codes = Array.from({ length: 50 }, (_, i) =>
        fake.phoneCode(`1380000${String(i).padStart(4, '0')}`),
      );
      const got = await Promise.all(codes.map((code, i) => (i % 2 ? one : two).phoneNumber(code)));
      expect(got).toHaveLength(50);
      expect(fake.tokensIssued()).toBe(before + 1);
      // The token lives in Redis under the private prefix, with a TTL; the lock is gone.
      const key = `${prefix}wechat:${MINI.appId}:access_token`;
      expect(JSON.parse((await a.get(key)) ?? '{}').value).toBe(`tok-${fake.tokensIssued()}`);
      expect(await a.pttl(key)).toBeGreaterThan(0);
      expect(await a.exists(`${key}:lock`)).toBe(0);
      // A third process starting later takes the shared token and asks WeChat for nothing.
      const three = client(MINI, { redis: b, redisPrefix: prefix });
      expect(await three.accessToken()).toBe(`tok-${fake.tokensIssued()}`);
      expect(fake.tokensIssued()).toBe(before + 1);
      // WeChat refusing the shared token (40001) makes exactly one process refresh it for all.
      fake.invalidateToken();
      const more = Array.from({ length: 10 }, (_, i) =>
        fake.phoneCode(`1370000${String(i).padStart(4, '0')}`),
      );
      await Promise.all(more.map((code, i) => (i % 2 ? one : three).phoneNumber(code)));
      expect(fake.tokensIssued()).toBe(before + 2);
      await a.del(key);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  test('official-account OAuth: authorize URL, snsapi_base exchange, snsapi_userinfo unionid', async () => {
    const c = client(MP, { openBaseUrl: 'https://open.weixin.qq.com' });
    const url = new URL(
      c.oauthAuthorizeUrl('https://medrelay.example/api/v1/auth/wechat/oauth/callback', 'snsapi_base', 'st1'),
    );
    expect(url.origin + url.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(url.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: MP.appId,
      redirect_uri: 'https://medrelay.example/api/v1/auth/wechat/oauth/callback',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'st1',
    });
    const base = await c.oauthExchange(fake.oauthCode(MP.appId, { openid: 'o-mp-1', unionid: 'u-9' }));
    expect(base).toMatchObject({ openid: 'o-mp-1', scope: 'snsapi_base' });
    expect(base.unionid).toBeUndefined();
    const full = await c.oauthExchange(
      fake.oauthCode(MP.appId, { openid: 'o-mp-2', unionid: 'u-10' }, 'snsapi_userinfo'),
    );
    expect(await c.oauthUserinfo(full.accessToken, full.openid)).toEqual({ unionid: 'u-10' });
    // A code for another app, or a forged one, is 40029.
    await expect(c.oauthExchange(fake.oauthCode(MINI.appId, { openid: 'x' }))).rejects.toMatchObject({
      errcode: 40029,
    });
  });

  test('JS-SDK config: the jsapi_ticket is fetched once and signs the page URL', async () => {
    const c = client(MP, { now: () => new Date('2026-01-15T08:00:00Z') });
    const cfg = await c.jsSdkConfig('https://medrelay.example/posts/1?x=1#frag');
    expect(cfg.appId).toBe(MP.appId);
    expect(cfg.timestamp).toBe(Date.parse('2026-01-15T08:00:00Z') / 1000);
    expect(cfg.signature).toBe(
      jsSdkSignature({
        jsapiTicket: fake.jsapiTicket,
        nonceStr: cfg.nonceStr,
        timestamp: cfg.timestamp,
        url: 'https://medrelay.example/posts/1?x=1',
      }),
    );
    const before = paths('/cgi-bin/ticket/getticket').length;
    await c.jsSdkConfig('https://medrelay.example/');
    expect(paths('/cgi-bin/ticket/getticket')).toHaveLength(before);
    const q = new URL(paths('/cgi-bin/ticket/getticket').at(-1)?.url ?? '', 'http://f').searchParams;
    expect(q.get('type')).toBe('jsapi');
  });

  test('getwxacodeunlimit: the image bytes; an error answer is a WechatApiError', async () => {
    const c = client();
    const got = await c.wxacodeUnlimit({ scene: 'p=abc123', page: 'pages/index/index' });
    expect(got.contentType).toBe('image/png');
    expect(got.bytes.equals(FAKE_WXACODE)).toBe(true);
    const req = paths('/wxa/getwxacodeunlimit').at(-1);
    expect(JSON.parse(req?.body ?? '')).toEqual({
      scene: 'p=abc123',
      page: 'pages/index/index',
      check_path: false,
      env_version: 'release',
      width: 430,
    });
    await expect(
      c.wxacodeUnlimit({ scene: 'x'.repeat(40), page: 'pages/index/index' }),
    ).rejects.toMatchObject({
      errcode: 40169,
    });
  });

  test('subscribe messages share the mini program client and its token', async () => {
    const c = client();
    const token = await c.accessToken();
    const sub = new WechatSubscribeClient({ ...MINI, templateId: 'TPL', baseUrl: fake.endpoint, client: c });
    const before = fake.tokensIssued();
    expect(await sub.send({ touser: 'o-mini-1', page: 'pages/index/index', data: {} })).toBe('sent');
    expect(fake.tokensIssued()).toBe(before);
    expect(fake.subscribeSent.at(-1)).toMatchObject({ touser: 'o-mini-1', template_id: 'TPL' });
    expect(await c.accessToken()).toBe(token);
  });
});
