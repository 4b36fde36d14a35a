import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { DEFAULT_TIMEOUT_MS, VendorFailure } from './vendor-http.ts';

/**
 * WeChat Pay API v3 (微信支付 APIv3), merchant side, as documented at pay.weixin.qq.com:
 * - every request carries `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
 *   signature="…",timestamp="…",serial_no="…"`, the signature being SHA256-RSA2048 (PKCS#1 v1.5) with
 *   the merchant's API certificate key over `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`;
 * - answers and callbacks are signed by WeChat Pay: `Wechatpay-Signature` over
 *   `Wechatpay-Timestamp\nWechatpay-Nonce\nBODY\n`, checked with the platform certificate's (or the
 *   微信支付公钥's) public key named by `Wechatpay-Serial`; a timestamp more than 5 minutes off is refused;
 * - a callback's `resource` is AEAD_AES_256_GCM with the APIv3 key (32 bytes), its `nonce` (12
 *   bytes) and `associated_data`; the ciphertext is base64 of the encrypted bytes followed by the
 *   16-byte tag;
 * - the JSAPI / mini-program client pays with `paySign` = the same RSA signature over
 *   `appId\ntimeStamp\nnonceStr\nprepay_id=…\n`.
 */
export interface WechatPayOptions {
  mchid: string;
  appid: string;
  /** The merchant API certificate's serial number (商户API证书序列号). */
  serialNo: string;
  privateKeyPem: string;
  /** APIv3 key (32 ASCII characters). */
  apiV3Key: string;
  /** The platform certificate's or WeChat Pay public key's id, and the key itself (PEM). */
  platformSerial: string;
  platformPublicKeyPem: string;
  notifyUrl: string;
  refundNotifyUrl?: string;
  endpoint?: string;
  timeoutMs?: number;
}

export const WECHAT_PAY_ENDPOINT = 'https://api.mch.weixin.qq.com';
export const SIGNATURE_MAX_SKEW_S = 300;

const rsaSign = (message: string, key: KeyObject | string) =>
  createSign('RSA-SHA256').update(message).sign(key, 'base64');

export const newNonce = () => randomBytes(16).toString('hex').toUpperCase();

/** The Authorization header of one request. */
export function authorization(
  req: { method: string; pathAndQuery: string; body: string },
  who: { mchid: string; serialNo: string; privateKey: KeyObject | string },
  nonce = newNonce(),
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const message = `${req.method}\n${req.pathAndQuery}\n${timestamp}\n${nonce}\n${req.body}\n`;
  const signature = rsaSign(message, who.privateKey);
  return `WECHATPAY2-SHA256-RSA2048 mchid="${who.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${who.serialNo}"`;
}

/** Parses an Authorization header back into its fields (the fake checks requests with it). */
export function parseAuthorization(header: string | undefined): Record<string, string> | undefined {
  const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const fields: Record<string, string> = {};
  for (const part of m[1].matchAll(/(\w+)="([^"]*)"/g)) fields[part[1] as string] = part[2] as string;
  return fields;
}

/** Checks the `Wechatpay-*` headers of an answer or a callback against the body as received. */
export function verifyWechatpaySignature(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  platform: { serial: string; publicKey: KeyObject | string },
  nowSeconds: number,
): boolean {
  const h = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = h('wechatpay-timestamp');
  const nonce = h('wechatpay-nonce');
  const signature = h('wechatpay-signature');
  const serial = h('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return false;
  if (serial !== platform.serial) return false;
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > SIGNATURE_MAX_SKEW_S) return false;
  try {
    return createVerify('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .verify(platform.publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** The headers WeChat Pay puts on what it signs (used by the local fake). */
export function wechatpaySignatureHeaders(
  body: string,
  platform: { serial: string; privateKey: KeyObject | string },
  nowSeconds: number,
  nonce = newNonce(),
): Record<string, string> {
  return {
    'wechatpay-timestamp': String(nowSeconds),
    'wechatpay-nonce': nonce,
    'wechatpay-serial': platform.serial,
    'wechatpay-signature': rsaSign(`${nowSeconds}\n${nonce}\n${body}\n`, platform.privateKey),
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  original_type?: string;
}

/** AEAD_AES_256_GCM decryption of a callback resource; throws when the tag does not match. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error('unsupported algorithm');
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= 16) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** The inverse, as WeChat Pay does it (the local fake encrypts its callbacks with it). */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  originalType: string,
  associatedData = originalType,
): EncryptedResource {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const enc = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    original_type: originalType,
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: enc.toString('base64'),
    nonce,
    associated_data: associatedData,
  };
}

/** A decrypted `transaction` resource (the fields MedRelay reads). */
export interface WechatTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  trade_state: string;
  amount: { total: number; payer_total?: number; currency: string; payer_currency?: string };
}

export interface WechatNotice {
  id: string;
  eventType: string;
  transaction?: WechatTransaction;
  refund?: { out_trade_no: string; out_refund_no: string; refund_id: string; refund_status: string };
}

export class WechatPayError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
  ) {
    super(`WeChat Pay answered ${httpStatus} ${code}`);
    this.name = 'WechatPayError';
  }
}

/** The merchant's client of WeChat Pay API v3: JSAPI prepay, query, refund, callbacks. */
export class WechatPayClient {
  readonly name = 'wechat_pay' as const;
  private readonly privateKey: KeyObject;
  private readonly platformKey: KeyObject;
  private readonly endpoint: string;

  constructor(
    private readonly options: WechatPayOptions,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.privateKey = createPrivateKey(options.privateKeyPem);
    this.platformKey = createPublicKey(options.platformPublicKeyPem);
    this.endpoint = (options.endpoint ?? WECHAT_PAY_ENDPOINT).replace(/\/$/, '');
  }

  private async call(method: 'GET' | 'POST', pathAndQuery: string, payload?: unknown) {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'MedRelay/1 (+wechatpay-apiv3)',
      authorization: authorization(
        { method, pathAndQuery, body },
        { mchid: this.options.mchid, serialNo: this.options.serialNo, privateKey: this.privateKey },
        newNonce(),
        this.nowSeconds(),
      ),
    };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const url = `${this.endpoint}${pathAndQuery}`;
    // The answer's signature is checked too: an answer not from WeChat Pay is not believed.
    const res = await fetch(url, {
      method,
      headers,
      body: payload === undefined ? undefined : body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    }).catch((err: unknown) => {
      const timedOut =
        err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new VendorFailure(timedOut ? 'timeout' : 'network');
    });
    const text = await res.text();
    if (res.status >= 500) throw new VendorFailure('http_status', res.status);
    const answerHeaders = Object.fromEntries(res.headers.entries());
    if (!verifyWechatpaySignature(answerHeaders, text, this.platform(), this.nowSeconds())) {
      throw new VendorFailure('bad_response', res.status);
    }
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new VendorFailure('bad_response', res.status);
    }
    if (res.status >= 400) throw new WechatPayError(res.status, String(json.code ?? 'UNKNOWN'));
    return json;
  }

  private platform() {
    return { serial: this.options.platformSerial, publicKey: this.platformKey };
  }

  /** JSAPI / mini-program order (`POST /v3/pay/transactions/jsapi`); returns the prepay_id. */
  async jsapiPrepay(order: { outTradeNo: string; description: string; totalFen: number; openid: string }) {
    const json = await this.call('POST', '/v3/pay/transactions/jsapi', {
      appid: this.options.appid,
      mchid: this.options.mchid,
      description: order.description.slice(0, 127),
      out_trade_no: order.outTradeNo,
      notify_url: this.options.notifyUrl,
      amount: { total: order.totalFen, currency: 'CNY' },
      payer: { openid: order.openid },
    });
    if (typeof json.prepay_id !== 'string') throw new VendorFailure('bad_response');
    return { prepayId: json.prepay_id };
  }

  /** What the client passes to wx.requestPayment / WeixinJSBridge 'getBrandWCPayRequest'. */
  clientParams(prepayId: string) {
    const timeStamp = String(this.nowSeconds());
    const nonceStr = newNonce();
    const pkg = `prepay_id=${prepayId}`;
    return {
      appId: this.options.appid,
      timeStamp,
      nonceStr,
      package: pkg,
      signType: 'RSA' as const,
      paySign: rsaSign(`${this.options.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, this.privateKey),
    };
  }

  /** `GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=…` */
  async query(outTradeNo: string): Promise<WechatTransaction> {
    const json = await this.call(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.options.mchid)}`,
    );
    return json as unknown as WechatTransaction;
  }

  /** `POST /v3/refund/domestic/refunds`; WeChat Pay treats a repeated out_refund_no as the same refund. */
  async refund(r: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason?: string;
  }) {
    const json = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: r.outTradeNo,
      out_refund_no: r.outRefundNo,
      reason: r.reason,
      notify_url: this.options.refundNotifyUrl ?? this.options.notifyUrl,
      amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
    });
    if (typeof json.refund_id !== 'string') throw new VendorFailure('bad_response');
    return { refundId: json.refund_id, status: String(json.status) };
  }

  /**
   * A callback (支付通知 / 退款通知) as received: undefined when the signature, the timestamp or the
   * decryption fails, so a forged or altered notice changes nothing.
   */
  parseNotice(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): WechatNotice | undefined {
    if (!verifyWechatpaySignature(headers, rawBody, this.platform(), this.nowSeconds())) return undefined;
    try {
      const body = JSON.parse(rawBody) as { id: string; event_type: string; resource: EncryptedResource };
      const plain = JSON.parse(decryptResource(body.resource, this.options.apiV3Key));
      if (body.event_type.startsWith('TRANSACTION.')) {
        const t = plain as WechatTransaction;
        if (t.mchid !== this.options.mchid || t.appid !== this.options.appid) return undefined;
        return { id: body.id, eventType: body.event_type, transaction: t };
      }
      if (body.event_type.startsWith('REFUND.'))
        return { id: body.id, eventType: body.event_type, refund: plain };
      return { id: body.id, eventType: body.event_type };
    } catch {
      return undefined;
    }
  }
}
