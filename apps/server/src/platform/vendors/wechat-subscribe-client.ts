import { fetchJson, VendorFailure } from './vendor-http.ts';
import { TOKEN_ERRORS, WechatApiError, WechatClient } from './wechat-client.ts';

export { WechatApiError };

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
  /** The mini program's client, shared with login (one token for both); made from the above if absent. */
  client?: WechatClient;
}

export interface WechatSubscribeMessage {
  /** The receiver's openid in this mini program. */
  touser: string;
  /** A mini program page with its query, e.g. pages/index/index?url=%2Fposts%2F… */
  page: string;
  /** Template keyword values, e.g. { thing1: { value: '…' }, time2: { value: '2026-01-15 16:00' } }. */
  data: Record<string, { value: string }>;
}

// 43101: the user did not accept this template, or used up the one-time acceptance. 40003: the
// openid is not a user of this mini program. Neither gets better by retrying.
const REFUSED = new Set([43101, 40003]);

/**
 * Sends mini program subscribe messages (订阅消息, `subscribeMessage.send`): POST
 * /cgi-bin/message/subscribe/send?access_token=… with {touser, template_id, page, data,
 * miniprogram_state, lang}. The access token comes from GET /cgi-bin/token
 * (grant_type=client_credential) and is kept until five minutes before it expires; one request for
 * a token at a time, since each new token replaces the last.
 */
export class WechatSubscribeClient {
  readonly description: string;
  private readonly client: WechatClient;

  constructor(private readonly options: WechatSubscribeOptions) {
    this.client = options.client ?? new WechatClient(options);
    this.description =
      `WeChat subscribe messages: sends REAL messages as mini program ${options.appId}, ` +
      `template ${options.templateId} (${options.miniprogramState ?? 'formal'})`;
  }

  /** 'refused' when this person cannot receive it (no acceptance on file, not our user). */
  async send(message: WechatSubscribeMessage): Promise<'sent' | 'refused'> {
    const token = await this.client.accessToken();
    let errcode = await this.post(message, token);
    if (TOKEN_ERRORS.has(errcode)) errcode = await this.post(message, await this.client.accessToken(token));
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

  private base() {
    return (this.options.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/$/, '');
  }
}
