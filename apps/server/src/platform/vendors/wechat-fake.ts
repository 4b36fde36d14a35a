import { type FakeVendorServer, type SeenRequest, startFakeVendor } from './fake-vendor-server.ts';

// A 1×1 PNG: what the fake answers for a mini program code.
export const FAKE_WXACODE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface FakeWechatUser {
  openid: string;
  unionid?: string;
}

/**
 * A local stand-in for api.weixin.qq.com with the documented shapes, for tests and local development
 * (`npm run wechat:fake` is not needed: tests start it in-process). Codes are one-time, as WeChat's
 * are; a code the test did not hand out is 40029. Access tokens are tok-1, tok-2, …, each valid
 * `tokenTtl` seconds, and only the newest one is accepted (a new token replaces the old).
 */
export interface FakeWechat {
  server: FakeVendorServer;
  endpoint: string;
  /** How many access tokens were handed out. */
  tokensIssued(): number;
  /** A wx.login code for this user of the mini program `appId`. */
  loginCode(appId: string, user: FakeWechatUser): string;
  /** A getPhoneNumber code for this phone. */
  phoneCode(phone: string): string;
  /** An OAuth redirect code for this user of the official account `appId`. */
  oauthCode(appId: string, user: FakeWechatUser, scope?: 'snsapi_base' | 'snsapi_userinfo'): string;
  /** Makes WeChat forget the current token (as when another process fetched a new one): next call is 40001. */
  invalidateToken(): void;
  /** Subscribe messages received. */
  subscribeSent: { touser: string; template_id: string; page: string }[];
  /** The jsapi_ticket the fake hands out. */
  jsapiTicket: string;
  close(): Promise<void>;
}

export async function startFakeWechat(
  opts: {
    tokenTtl?: number;
    /** Local development: `dev-<openid>` is a login/OAuth code of that user, `dev-<phone>` a phone code. */
    devCodes?: boolean;
    port?: number;
  } = {},
): Promise<FakeWechat> {
  let issued = 0;
  let current = '';
  let counter = 0;
  const logins = new Map<string, { appId: string; user: FakeWechatUser }>();
  const phones = new Map<string, string>();
  const oauth = new Map<string, { appId: string; user: FakeWechatUser; scope: string }>();
  const userTokens = new Map<string, FakeWechatUser>();
  const subscribeSent: FakeWechat['subscribeSent'] = [];
  const jsapiTicket = 'fake-jsapi-ticket-0001';
  const next = (p: string) => `${p}${++counter}${Math.random().toString(36).slice(2, 8)}`;
  const tokenOk = (url: URL) => url.searchParams.get('access_token') === current && current !== '';

  const answer = (req: SeenRequest) => {
    const url = new URL(req.url, 'http://fake');
    const q = url.searchParams;
    switch (url.pathname) {
      case '/cgi-bin/token': {
        if (!q.get('appid') || !q.get('secret'))
          return { json: { errcode: 40125, errmsg: 'invalid appsecret' } };
        issued++;
        current = `tok-${issued}`;
        return { json: { access_token: current, expires_in: opts.tokenTtl ?? 7200 } };
      }
      case '/sns/jscode2session': {
        const dev = opts.devCodes && /^dev-(\w+)$/.exec(q.get('js_code') ?? '')?.[1];
        if (dev) return { json: { openid: dev, unionid: `union-${dev}`, session_key: 'fake-session-key' } };
        const got = logins.get(q.get('js_code') ?? '');
        if (!got || got.appId !== q.get('appid')) return { json: { errcode: 40029, errmsg: 'invalid code' } };
        logins.delete(q.get('js_code') ?? '');
        return { json: { ...got.user, session_key: 'fake-session-key' } };
      }
      case '/wxa/business/getuserphonenumber': {
        if (!tokenOk(url)) return { json: { errcode: 40001, errmsg: 'invalid credential' } };
        const code = (JSON.parse(req.body || '{}') as { code?: string }).code ?? '';
        const phone = phones.get(code) ?? (opts.devCodes ? /^dev-(1\d{10})$/.exec(code)?.[1] : undefined);
        if (!phone) return { json: { errcode: 40029, errmsg: 'invalid code' } };
        phones.delete(code);
        return {
          json: {
            errcode: 0,
            errmsg: 'ok',
            phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: {} },
          },
        };
      }
      case '/sns/oauth2/access_token': {
        const dev = opts.devCodes && /^dev-(\w+)$/.exec(q.get('code') ?? '')?.[1];
        if (dev)
          oauth.set(q.get('code') ?? '', {
            appId: q.get('appid') ?? '',
            user: { openid: dev },
            scope: 'snsapi_base',
          });
        const got = oauth.get(q.get('code') ?? '');
        if (!got || got.appId !== q.get('appid')) return { json: { errcode: 40029, errmsg: 'invalid code' } };
        oauth.delete(q.get('code') ?? '');
        const token = next('utok-');
        userTokens.set(token, got.user);
        // snsapi_base answers no unionid; snsapi_userinfo's /sns/userinfo does.
        return {
          json: {
            access_token: token,
            expires_in: 7200,
            refresh_token: 'r',
            openid: got.user.openid,
            scope: got.scope,
          },
        };
      }
      case '/sns/userinfo': {
        const user = userTokens.get(q.get('access_token') ?? '');
        if (!user || user.openid !== q.get('openid')) return { json: { errcode: 40001, errmsg: 'invalid' } };
        return { json: { openid: user.openid, nickname: '微信用户', unionid: user.unionid } };
      }
      case '/cgi-bin/ticket/getticket': {
        if (!tokenOk(url)) return { json: { errcode: 40001, errmsg: 'invalid credential' } };
        return { json: { errcode: 0, errmsg: 'ok', ticket: jsapiTicket, expires_in: 7200 } };
      }
      case '/wxa/getwxacodeunlimit': {
        if (!tokenOk(url)) return { json: { errcode: 40001, errmsg: 'invalid credential' } };
        const body = JSON.parse(req.body || '{}') as { scene?: string };
        if (!body.scene || body.scene.length > 32)
          return { json: { errcode: 40169, errmsg: 'invalid scene' } };
        return { bytes: FAKE_WXACODE, contentType: 'image/png' };
      }
      case '/cgi-bin/message/subscribe/send': {
        if (!tokenOk(url)) return { json: { errcode: 40001, errmsg: 'invalid credential' } };
        subscribeSent.push(JSON.parse(req.body) as FakeWechat['subscribeSent'][number]);
        return { json: { errcode: 0, errmsg: 'ok', msgid: counter } };
      }
      case '/connect/oauth2/authorize': {
        // Development only: WeChat's consent page, approved at once by the user `dev-h5user`.
        if (!opts.devCodes) return { status: 404, text: 'no such path' };
        const back = new URL(q.get('redirect_uri') ?? '');
        back.searchParams.set('code', 'dev-h5user');
        back.searchParams.set('state', q.get('state') ?? '');
        return { status: 302, text: '', headers: { location: back.toString() } };
      }
      default:
        return { status: 404, text: 'no such path' };
    }
  };
  const server = await startFakeVendor((req) => answer(req), opts.port);
  return {
    server,
    endpoint: server.endpoint,
    tokensIssued: () => issued,
    loginCode(appId, user) {
      const code = next('lc-');
      logins.set(code, { appId, user });
      return code;
    },
    phoneCode(phone) {
      const code = next('pc-');
      phones.set(code, phone);
      return code;
    },
    oauthCode(appId, user, scope = 'snsapi_base') {
      const code = next('oc-');
      oauth.set(code, { appId, user, scope });
      return code;
    },
    invalidateToken() {
      current = 'replaced';
    },
    subscribeSent,
    jsapiTicket,
    close: () => server.close(),
  };
}
