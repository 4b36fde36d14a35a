import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { fetchJson, VendorFailure } from './vendor-http.ts';
import { SharedCredential } from './wechat-credentials.ts';

export interface WechatAppOptions {
  /** The AppID of a mini program (小程序) or of an official account (公众号/服务号). */
  appId: string;
  appSecret: string;
  /** Default https://api.weixin.qq.com (tests and local development point it at a fake). */
  baseUrl?: string;
  /** Where the OAuth authorize page is; default https://open.weixin.qq.com. */
  openBaseUrl?: string;
  /** Default 5000. */
  timeoutMs?: number;
  /** Credential expiry is reckoned on this clock; default the system clock. */
  now?: () => Date;
  /** Shares the access token and jsapi_ticket between server processes (REDIS_URL). */
  redis?: Redis;
  /** Prefix of the Redis keys; default `medrelay:`. */
  redisPrefix?: string;
}

/**
 * A WeChat API error code, without the request: openids, codes, tokens and secrets stay out of
 * errors and logs (errmsg is dropped too, since WeChat echoes request fields in it).
 */
export class WechatApiError extends Error {
  constructor(readonly errcode: number) {
    super(`WeChat API errcode ${errcode}`);
    this.name = 'WechatApiError';
  }
}

// 40001 invalid credential (expired, or replaced by a newer token), 40014 invalid token, 42001
// token expired: fetch a fresh token and try once more.
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
// A code from wx.login / getPhoneNumber / the OAuth redirect that is wrong, used or expired.
// (40029 invalid code, 40163 code already used, 41008 missing code.)
export const BAD_CODE_ERRORS = new Set([40029, 40163, 41008]);

export interface JsSdkConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/**
 * The JS-SDK `wx.config` signature (JS-SDK doc, appendix 1): SHA-1 of
 * `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` with the page URL up to but not including `#`.
 */
export function jsSdkSignature(p: { jsapiTicket: string; nonceStr: string; timestamp: number; url: string }) {
  const url = p.url.split('#')[0];
  const plain = `jsapi_ticket=${p.jsapiTicket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${url}`;
  return createHash('sha1').update(plain).digest('hex');
}

type Answer = Record<string, unknown> & { errcode?: number };

/**
 * One WeChat app's server API (api.weixin.qq.com), written to the documented endpoints: the access
 * token (GET /cgi-bin/token, cached and refreshed once for everyone), mini program login
 * (jscode2session) and phone number (getuserphonenumber), official-account web OAuth
 * (snsapi_base / snsapi_userinfo), the JS-SDK ticket and signature, and the unlimited mini program
 * code. Subscribe messages (WechatSubscribeClient) go through the same client and token.
 */
export class WechatClient {
  readonly appId: string;
  private readonly token: SharedCredential;
  private readonly ticket: SharedCredential;

  constructor(private readonly options: WechatAppOptions) {
    this.appId = options.appId;
    const now = () => this.now();
    const prefix = `${options.redisPrefix ?? 'medrelay:'}wechat:${options.appId}`;
    this.token = new SharedCredential({
      key: `${prefix}:access_token`,
      redis: options.redis,
      now,
      fetch: async () => {
        const a = await this.getJson('/cgi-bin/token', {
          grant_type: 'client_credential',
          appid: options.appId,
          secret: options.appSecret,
        });
        if (typeof a.access_token !== 'string' || typeof a.expires_in !== 'number')
          throw new VendorFailure('bad_response', 200);
        return { value: a.access_token, expiresIn: a.expires_in };
      },
    });
    this.ticket = new SharedCredential({
      key: `${prefix}:jsapi_ticket`,
      redis: options.redis,
      now,
      fetch: async () => {
        const a = await this.withToken((token) =>
          this.getJson('/cgi-bin/ticket/getticket', { access_token: token, type: 'jsapi' }, true),
        );
        if (typeof a.ticket !== 'string' || typeof a.expires_in !== 'number')
          throw new VendorFailure('bad_response', 200);
        return { value: a.ticket, expiresIn: a.expires_in };
      },
    });
  }

  /** The app's access token, cached; `rejected` is a token WeChat just refused (40001). */
  accessToken(rejected?: string): Promise<string> {
    return this.token.get(rejected);
  }

  /**
   * Runs a call with the access token; on 40001/40014/42001 fetches a fresh token once and retries.
   * `call` returns the parsed answer; its errcode is checked here.
   */
  async withToken<T extends { errcode?: number }>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    let answer = await call(token);
    if (answer.errcode && TOKEN_ERRORS.has(answer.errcode))
      answer = await call(await this.accessToken(token));
    if (answer.errcode) throw new WechatApiError(answer.errcode);
    return answer;
  }

  /** Mini program login: the code of wx.login → openid (and unionid when the app is in an open platform). */
  async code2Session(code: string): Promise<{ openid: string; unionid?: string }> {
    const a = await this.getJson('/sns/jscode2session', {
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    if (typeof a.openid !== 'string') throw new VendorFailure('bad_response', 200);
    // session_key stays here: nothing we do decrypts wx data with it.
    return { openid: a.openid, unionid: typeof a.unionid === 'string' ? a.unionid : undefined };
  }

  /** The phone number the user chose in the getPhoneNumber button, by its one-time code. */
  async phoneNumber(code: string): Promise<{ phone: string; countryCode: string }> {
    const a = await this.withToken((token) =>
      this.postJson('/wxa/business/getuserphonenumber', token, { code }),
    );
    const info = a.phone_info as { purePhoneNumber?: unknown; countryCode?: unknown } | undefined;
    if (typeof info?.purePhoneNumber !== 'string') throw new VendorFailure('bad_response', 200);
    return { phone: info.purePhoneNumber, countryCode: String(info.countryCode ?? '86') };
  }

  /** Official-account web authorisation (网页授权): where to send the browser inside WeChat. */
  oauthAuthorizeUrl(redirectUri: string, scope: 'snsapi_base' | 'snsapi_userinfo', state: string): string {
    const q = new URLSearchParams({
      appid: this.options.appId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
      state,
    });
    const base = (this.options.openBaseUrl ?? 'https://open.weixin.qq.com').replace(/\/$/, '');
    return `${base}/connect/oauth2/authorize?${q}#wechat_redirect`;
  }

  /** The OAuth redirect's code → the user's openid in this official account (and a user access token). */
  async oauthExchange(
    code: string,
  ): Promise<{ openid: string; unionid?: string; accessToken: string; scope: string }> {
    const a = await this.getJson('/sns/oauth2/access_token', {
      appid: this.options.appId,
      secret: this.options.appSecret,
      code,
      grant_type: 'authorization_code',
    });
    if (typeof a.openid !== 'string' || typeof a.access_token !== 'string')
      throw new VendorFailure('bad_response', 200);
    return {
      openid: a.openid,
      unionid: typeof a.unionid === 'string' ? a.unionid : undefined,
      accessToken: a.access_token,
      scope: String(a.scope ?? ''),
    };
  }

  /** snsapi_userinfo only: the unionid (nickname and avatar are not kept; we do not need them). */
  async oauthUserinfo(accessToken: string, openid: string): Promise<{ unionid?: string }> {
    const a = await this.getJson('/sns/userinfo', { access_token: accessToken, openid, lang: 'zh_CN' });
    return { unionid: typeof a.unionid === 'string' ? a.unionid : undefined };
  }

  /** The official account's jsapi_ticket, cached like the access token. */
  jsapiTicket(): Promise<string> {
    return this.ticket.get();
  }

  /** What the web app passes to wx.config for the page at `url`. */
  async jsSdkConfig(url: string): Promise<JsSdkConfig> {
    const jsapiTicket = await this.jsapiTicket();
    const nonceStr = randomBytes(12).toString('base64url');
    const timestamp = Math.floor(this.now() / 1000);
    return {
      appId: this.options.appId,
      timestamp,
      nonceStr,
      signature: jsSdkSignature({ jsapiTicket, nonceStr, timestamp, url }),
    };
  }

  /**
   * An unlimited mini program code (小程序码) opening `page` with `scene` (at most 32 visible
   * characters): the image bytes (PNG/JPEG as WeChat sends them).
   */
  async wxacodeUnlimit(p: {
    scene: string;
    page: string;
    width?: number;
    envVersion?: 'release' | 'trial' | 'develop';
  }): Promise<{ contentType: string; bytes: Buffer }> {
    const body = {
      scene: p.scene,
      page: p.page,
      check_path: false,
      env_version: p.envVersion ?? 'release',
      width: p.width ?? 430,
    };
    const once = async (token: string) => {
      const url = `${this.base()}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`;
      let res: Response;
      let bytes: Buffer;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        bytes = Buffer.from(await res.arrayBuffer());
      } catch (err) {
        const timedOut =
          err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new VendorFailure(timedOut ? 'timeout' : 'network');
      }
      if (res.status !== 200) throw new VendorFailure('http_status', res.status);
      const type = res.headers.get('content-type') ?? '';
      // Errors come back as JSON; the code itself as an image.
      if (type.includes('json') || bytes[0] === 0x7b) {
        const a = JSON.parse(bytes.toString('utf8')) as Answer;
        return { errcode: a.errcode ?? -1, contentType: '', bytes };
      }
      return { errcode: 0, contentType: type.startsWith('image/') ? type : 'image/jpeg', bytes };
    };
    const got = await this.withToken(once);
    return { contentType: got.contentType, bytes: got.bytes };
  }

  /** POST to a token-bearing endpoint; answers the parsed body (errcode unchecked). */
  async postJson(path: string, token: string, body: unknown): Promise<Answer> {
    const { status, body: answer } = await fetchJson(
      `${this.base()}${path}?access_token=${encodeURIComponent(token)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        timeoutMs: this.options.timeoutMs ?? 5000,
      },
    );
    if (status !== 200 || typeof answer !== 'object' || answer === null)
      throw new VendorFailure('bad_response', status);
    return answer as Answer;
  }

  /** GET with a query; throws WechatApiError on an errcode unless `keepErrcode` (withToken checks). */
  private async getJson(path: string, query: Record<string, string>, keepErrcode = false): Promise<Answer> {
    const { status, body } = await fetchJson(`${this.base()}${path}?${new URLSearchParams(query)}`, {
      method: 'GET',
      headers: {},
      timeoutMs: this.options.timeoutMs ?? 5000,
    });
    if (status !== 200 || typeof body !== 'object' || body === null)
      throw new VendorFailure('bad_response', status);
    const a = body as Answer;
    if (!keepErrcode && a.errcode) throw new WechatApiError(a.errcode);
    return a;
  }

  private base() {
    return (this.options.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/$/, '');
  }

  private now() {
    return (this.options.now ?? (() => new Date()))().getTime();
  }
}
