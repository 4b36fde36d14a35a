import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type FakeAnswer,
  type FakeVendorServer,
  type SeenRequest,
  startFakeVendor,
} from './fake-vendor-server.ts';
import { WechatApiError, WechatSubscribeClient } from './wechat-subscribe-client.ts';

const APP = { appId: 'wx1234567890abcdef', appSecret: 'secret-of-the-app', templateId: 'TPL-match-1' };
const OPENID = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M';
const message = {
  touser: OPENID,
  page: 'pages/index/index?url=%2Fposts%2F1',
  data: { thing1: { value: '附近有信息可能帮到你' }, time2: { value: '2026-01-15 16:00' } },
};

/**
 * A local WeChat API: /cgi-bin/token hands out tok-1, tok-2, … (each valid 7200 s); the send endpoint
 * answers what the test queued per call, or checks that the token is the newest one.
 */
describe('WeChat subscribe messages (subscribeMessage.send)', () => {
  let fake: FakeVendorServer;
  let tokens = 0;
  let sendAnswers: number[] = [];
  let tokenAnswer: FakeAnswer | undefined;
  let now = new Date('2026-01-15T08:00:00Z');
  beforeAll(async () => {
    fake = await startFakeVendor((req: SeenRequest) => {
      const url = new URL(req.url, 'http://fake');
      if (url.pathname === '/cgi-bin/token') {
        if (tokenAnswer) return tokenAnswer;
        tokens++;
        return { json: { access_token: `tok-${tokens}`, expires_in: 7200 } };
      }
      if (url.pathname === '/cgi-bin/message/subscribe/send') {
        const errcode = sendAnswers.shift() ?? 0;
        return { json: { errcode, errmsg: errcode ? `fake error, openid ${OPENID}` : 'ok', msgid: 1 } };
      }
      return { status: 404, text: 'no such path' };
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seen.length = 0;
    sendAnswers = [];
    tokenAnswer = undefined;
  });
  const client = () => new WechatSubscribeClient({ ...APP, baseUrl: fake.endpoint, now: () => now });
  const tokenCalls = () => fake.seen.filter((r) => r.url.startsWith('/cgi-bin/token'));
  const sends = () => fake.seen.filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send'));

  test('a message is posted with the documented fields and a token from /cgi-bin/token', async () => {
    const c = client();
    expect(await c.send(message)).toBe('sent');
    const [token] = tokenCalls();
    expect(token?.method).toBe('GET');
    const q = new URL(token?.url ?? '', 'http://fake').searchParams;
    expect(Object.fromEntries(q)).toEqual({
      grant_type: 'client_credential',
      appid: APP.appId,
      secret: APP.appSecret,
    });
    const [send] = sends();
    expect(send?.method).toBe('POST');
    expect(new URL(send?.url ?? '', 'http://fake').searchParams.get('access_token')).toBe(`tok-${tokens}`);
    expect(send?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(send?.body ?? '')).toEqual({
      touser: OPENID,
      template_id: APP.templateId,
      page: message.page,
      data: message.data,
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
    expect(c.description).toMatch(/REAL messages/);
  });

  test('the token is kept until five minutes before it expires', async () => {
    const c = client();
    await c.send(message);
    await c.send(message);
    expect(tokenCalls()).toHaveLength(1);
    now = new Date(now.getTime() + (7200 - 301) * 1000);
    await c.send(message);
    expect(tokenCalls()).toHaveLength(1);
    now = new Date(now.getTime() + 2000);
    await c.send(message);
    expect(tokenCalls()).toHaveLength(2);
  });

  test('sends at the same time share one token request', async () => {
    const c = client();
    await Promise.all([c.send(message), c.send(message), c.send(message)]);
    expect(tokenCalls()).toHaveLength(1);
    expect(sends()).toHaveLength(3);
  });

  test('40001 (token expired or replaced) fetches a new token and tries once more', async () => {
    const c = client();
    await c.send(message);
    const before = tokens;
    sendAnswers = [40001, 0];
    expect(await c.send(message)).toBe('sent');
    expect(tokens).toBe(before + 1);
    const retried = sends().at(-1);
    expect(new URL(retried?.url ?? '', 'http://fake').searchParams.get('access_token')).toBe(`tok-${tokens}`);
  });

  test('a second 40001 is an error, not a loop', async () => {
    sendAnswers = [40001, 40001];
    const err = await client()
      .send(message)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect((err as WechatApiError).errcode).toBe(40001);
    expect(sends()).toHaveLength(2);
  });

  test('43101 (the user did not accept the template) and 40003 (not our user) are refusals', async () => {
    sendAnswers = [43101];
    expect(await client().send(message)).toBe('refused');
    sendAnswers = [40003];
    expect(await client().send(message)).toBe('refused');
  });

  test('other errors name only the errcode: no openid, token or secret', async () => {
    sendAnswers = [47003];
    const err = (await client()
      .send(message)
      .catch((e: unknown) => e)) as WechatApiError;
    expect(err.errcode).toBe(47003);
    const text = JSON.stringify({ ...err, text: err.message });
    for (const secret of [OPENID, APP.appSecret, 'tok-']) expect(text).not.toContain(secret);

    tokenAnswer = { json: { errcode: 40125, errmsg: 'invalid appsecret' } };
    const tokenErr = await client()
      .send(message)
      .catch((e: unknown) => e);
    expect(tokenErr).toMatchObject({ name: 'WechatApiError', errcode: 40125 });
  });

  test('a WeChat server that fails or never answers is a vendor failure within the deadline', async () => {
    tokenAnswer = { status: 502, text: 'Bad Gateway' };
    await expect(client().send(message)).rejects.toMatchObject({ name: 'VendorFailure', httpStatus: 502 });
    tokenAnswer = { hang: true };
    const started = Date.now();
    const c = new WechatSubscribeClient({ ...APP, baseUrl: fake.endpoint, timeoutMs: 200 });
    await expect(c.send(message)).rejects.toMatchObject({ name: 'VendorFailure', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
