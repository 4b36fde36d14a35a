import { createHash } from 'node:crypto';
import { DEFAULT_TIMEOUT_MS, fetchJson, VendorFailure } from './vendor-http.ts';

/**
 * 达达 same-city delivery, open platform (newopen.imdada.cn), merchant side:
 * - every call is a POST of `{app_key, timestamp, format: "json", v: "1.0", source_id, body, signature}`
 *   where `body` is the business JSON as a string and `signature` = MD5(app_secret + each of the
 *   other six fields, sorted by name, as name+value + app_secret), in upper case;
 * - answers are `{status: "success"|"fail", code, msg, result}`, code 0 meaning success;
 * - status callbacks (回调) are POSTed as JSON with `client_id, order_id, order_status, update_time,
 *   signature`, the signature being MD5 of the three values client_id, order_id and update_time
 *   sorted as strings and joined. That signature involves no secret, so MedRelay treats a callback
 *   only as a hint: it reads the order's status back with a signed `/api/order/status/query` and
 *   believes that answer.
 * Coordinates are GCJ-02 (高德), like the platform's maps.
 */
export interface DadaOptions {
  appKey: string;
  appSecret: string;
  /** The merchant id (商户编号). */
  sourceId: string;
  /** The pharmacy's shop number at Dada (门店编号). */
  shopNo: string;
  /** Dada city code of the shop (e.g. 0755 Shenzhen). */
  cityCode: string;
  callbackUrl: string;
  endpoint?: string;
  timeoutMs?: number;
}

export const DADA_ENDPOINT = 'https://newopen.imdada.cn';

/** Dada's order statuses and what MedRelay makes of them. */
export const DADA_STATUS = {
  1: 'waiting', // 待接单
  2: 'rider_assigned', // 待取货
  100: 'rider_at_shop', // 骑士到店
  3: 'delivering', // 配送中
  4: 'delivered', // 已完成
  5: 'cancelled', // 已取消
  7: 'expired', // 已过期
  8: 'assigned', // 指派单
  9: 'returning', // 妥投异常之物品返回中
  10: 'returned', // 妥投异常之物品返回完成
  1000: 'create_failed', // 创建达达运单失败
} as const;

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export function dadaSignature(fields: Record<string, string>, appSecret: string): string {
  const joined = Object.keys(fields)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}${fields[k]}`)
    .join('');
  return md5(`${appSecret}${joined}${appSecret}`).toUpperCase();
}

export function dadaCallbackSignature(cb: {
  client_id: string;
  order_id: string;
  update_time: number | string;
}) {
  return md5([String(cb.client_id), String(cb.order_id), String(cb.update_time)].sort().join(''));
}

export interface DadaCallback {
  client_id: string;
  order_id: string;
  order_status: number;
  update_time: number;
  signature: string;
  cancel_reason?: string;
}

export class DadaError extends Error {
  constructor(readonly code: number) {
    super(`Dada answered code ${code}`);
    this.name = 'DadaError';
  }
}

export class DadaClient {
  readonly name = 'dada' as const;
  private readonly endpoint: string;

  constructor(
    private readonly options: DadaOptions,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.endpoint = (options.endpoint ?? DADA_ENDPOINT).replace(/\/$/, '');
  }

  private async call(path: string, business: Record<string, unknown>) {
    const fields: Record<string, string> = {
      app_key: this.options.appKey,
      body: JSON.stringify(business),
      format: 'json',
      source_id: this.options.sourceId,
      timestamp: String(this.nowSeconds()),
      v: '1.0',
    };
    const payload = { ...fields, signature: dadaSignature(fields, this.options.appSecret) };
    const { body } = await fetchJson(`${this.endpoint}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    const answer = body as { status?: string; code?: number; result?: Record<string, unknown> };
    if (typeof answer.code !== 'number') throw new VendorFailure('bad_response');
    if (answer.code !== 0) throw new DadaError(answer.code);
    return answer.result ?? {};
  }

  /** `/api/order/addOrder`: a new delivery from the pharmacy's shop to the resident's door. */
  async addOrder(o: {
    originId: string;
    cargoPriceYuan: number;
    receiverName: string;
    receiverAddress: string;
    receiverPhone: string;
    /** GCJ-02. */
    receiverLat: number;
    receiverLng: number;
  }) {
    const result = await this.call('/api/order/addOrder', {
      shop_no: this.options.shopNo,
      origin_id: o.originId,
      city_code: this.options.cityCode,
      cargo_price: o.cargoPriceYuan,
      is_prepay: 0,
      receiver_name: o.receiverName,
      receiver_address: o.receiverAddress,
      receiver_lat: o.receiverLat,
      receiver_lng: o.receiverLng,
      receiver_phone: o.receiverPhone,
      callback: this.options.callbackUrl,
    });
    return { fee: Number(result.fee ?? 0), distance: Number(result.distance ?? 0) };
  }

  /** `/api/order/status/query`: the order's status as Dada holds it. */
  async queryStatus(originId: string) {
    const result = await this.call('/api/order/status/query', { order_id: originId });
    return { statusCode: Number(result.statusCode), clientId: String(result.deliveryNo ?? '') };
  }

  /** `/api/order/formalCancel`: the merchant cancels (reason id 4 = 顾客取消订单). */
  async cancel(originId: string) {
    await this.call('/api/order/formalCancel', { order_id: originId, cancel_reason_id: 4 });
  }
}
