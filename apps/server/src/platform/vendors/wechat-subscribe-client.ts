import { fetchJson, VendorFailure } from './vendor-http.ts';

export interface WechatSubscribeOptions {
  /** The mini program's AppID (小程序 AppID). */
  appId: string;
  appSecret: string;
  /** The subscribe-message template (订阅消息模板 ID) chosen in the mini program's console. */
  templateId: string;
  /** Which version of the mini program a tap opens; default formal. */
  miniprogramState?: 'formal' | 'trial' | 'developer';
  /** Default https://api.weixin.qq.com (tests point it at a local fake). */
  baseUrl?: string;
  /** Default 5000. */
  timeoutMs?: number;
  /** Token expiry is reckoned on this clock; default the system clock. */
  now?: () => Date;
}

export interface WechatSubscribeMessage {
  /** The receiver's openid in this mini program. */
  touser: string;
  /** A mini program page with its query, e.g. pages/index/index?url=%2Fposts%2F… */
  page: string;
  /** Template keyword values, e.g. { thing1: { value: '…' }, time2: { value: '2026-01-15 16:00' } }. */
  data: Record<string, { value: string }>;
}

/**
 * A WeChat API error code, without the request: the openid and the access token stay out of errors
 * and logs (errmsg is dropped too, since WeChat echoes request fields in it).
 */
export class WechatApiError extends Error {
  constructor(readonly errcode: number) {
    super(`WeChat API errcode ${errcode}`);
    this.name = 'WechatApiError';
  }
}

// 40001 invalid credential (the token expired or was replaced by a newer one), 40014 invalid token,
// 42001 token expired: fetch a fresh token and try once more.
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
// 43101: the user did not accept this template, or used up the one-time acceptance. 40003: the
// openid is not a user of this mini program. Neither gets better by retrying.
const REFUSED = new Set([43101, 40003]);
// Refresh this long before WeChat says the token expires (it is valid for 7200 s).
const TOKEN_MARGIN_MS = 5 * 60_000;

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  errcode?: number;
}

/**
 * Sends mini program subscribe messages (订阅消息, `subscribeMessage.send`): POST
 * /cgi-bin/message/subscribe/send?access_token=… with {touser, template_id, page, data,
 * miniprogram_state, lang}. The access token comes from GET /cgi-bin/token
 * (grant_type=client_credential) and is kept until five minutes before it expires; one request for
 * a token at a time, since each new token replaces the last.
 */
export class WechatSubscribeClient {
  readonly description: string;
  private token: { value: string; expiresAt: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(private readonly options: WechatSubscribeOptions) {
    this.description =
      `WeChat subscribe messages: sends REAL messages as mini program ${options.appId}, ` +
      `template ${options.templateId} (${options.miniprogramState ?? 'formal'})`;
  }

  /** 'refused' when this person cannot receive it (no acceptance on file, not our user). */
  async send(message: WechatSubscribeMessage): Promise<'sent' | 'refused'> {
    const token = await this.accessToken();
    let errcode = await this.post(message, token);
    if (TOKEN_ERRORS.has(errcode)) errcode = await this.post(message, await this.accessToken(token));
    if (errcode === 0) return 'sent';
    if (REFUSED.has(errcode)) return 'refused';
    throw new WechatApiError(errcode);
  }

  private async post(message: WechatSubscribeMessage, token: string): Promise<number> {
    const { status, body } = await fetchJson(
      `${this.base()}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: message.touser,
          template_id: this.options.templateId,
          page: message.page,
          data: message.data,
          miniprogram_state: this.options.miniprogramState ?? 'formal',
          lang: 'zh_CN',
        }),
        timeoutMs: this.options.timeoutMs ?? 5000,
      },
    );
    const errcode = (body as { errcode?: unknown }).errcode;
    if (status !== 200 || typeof errcode !== 'number') throw new VendorFailure('bad_response', status);
    return errcode;
  }

  /** The cached token; a new one if it expires soon, or if `rejected` is still the cached one. */
  private async accessToken(rejected?: string): Promise<string> {
    const cached = this.token;
    if (cached && cached.expiresAt > this.now() && cached.value !== rejected) return cached.value;
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const q = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.options.appId,
      secret: this.options.appSecret,
    });
    const { status, body } = await fetchJson(`${this.base()}/cgi-bin/token?${q}`, {
      method: 'GET',
      headers: {},
      timeoutMs: this.options.timeoutMs ?? 5000,
    });
    const answer = body as TokenAnswer;
    if (answer.errcode) throw new WechatApiError(answer.errcode);
    if (status !== 200 || !answer.access_token || typeof answer.expires_in !== 'number')
      throw new VendorFailure('bad_response', status);
    this.token = {
      value: answer.access_token,
      expiresAt: this.now() + answer.expires_in * 1000 - TOKEN_MARGIN_MS,
    };
    return answer.access_token;
  }

  private base() {
    return (this.options.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/$/, '');
  }

  private now() {
    return (this.options.now ?? (() => new Date()))().getTime();
  }
}
