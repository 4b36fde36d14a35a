import { createPublicKey, createVerify, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeVendorServer, SeenRequest } from './fake-vendor-server.ts';
import {
  encryptResource,
  parseAuthorization,
  type WechatPayOptions,
  type WechatTransaction,
  wechatpaySignatureHeaders,
} from './wechat-pay.ts';

/** A merchant key pair and a platform key pair, made fresh for a test run (never real keys). */
export function wechatPayTestKeys() {
  const pem = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  };
  return { merchant: pem(), platform: pem(), apiV3Key: 'medrelayTestApiV3Key0123456789AB' };
}

export interface FakeWechatPay extends FakeVendorServer {
  options: WechatPayOptions;
  /** Requests whose Authorization signature did not verify (answered 401 SIGN_ERROR). */
  refusedSignatures: number;
  orders: Map<string, { total: number; openid: string; state: string; transactionId?: string }>;
  refunds: Map<string, { outTradeNo: string; refund: number }>;
  /** The user paid: the order is SUCCESS and a signed, encrypted TRANSACTION.SUCCESS notice is returned. */
  pay(outTradeNo: string): { headers: Record<string, string>; body: string };
  /** Posts a notice to the merchant's notify_url (for a server in another process). */
  send(notice: { headers: Record<string, string>; body: string }, url?: string): Promise<number>;
}

/**
 * A local stand-in for WeChat Pay API v3 that checks every request's SHA256-RSA2048 signature with
 * the merchant's public key (401 SIGN_ERROR otherwise), signs its answers and notices with the
 * platform key, and encrypts notice resources with the APIv3 key, as the real service does.
 */
export async function startFakeWechatPay(
  opts: { notifyUrl?: string; nowSeconds?: () => number } = {},
): Promise<FakeWechatPay> {
  const keys = wechatPayTestKeys();
  const merchantPublic: KeyObject = createPublicKey(keys.merchant.publicKeyPem);
  const platform = { serial: 'FAKEPLATFORMSERIAL01', privateKey: keys.platform.privateKeyPem };
  const mchid = '1900009191';
  const appid = 'wxd678efh567hg6787';
  const now = opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const orders: FakeWechatPay['orders'] = new Map();
  const refunds: FakeWechatPay['refunds'] = new Map();
  let refusedSignatures = 0;

  const handle = (req: SeenRequest): { status: number; json: unknown } => {
    const auth = parseAuthorization(req.headers.authorization);
    const message = `${req.method}\n${req.url}\n${auth?.timestamp}\n${auth?.nonce_str}\n${req.body}\n`;
    const ok =
      auth?.mchid === mchid &&
      auth.serial_no === 'FAKEMERCHANTSERIAL01' &&
      Math.abs(now() - Number(auth.timestamp)) <= 300 &&
      createVerify('RSA-SHA256')
        .update(message)
        .verify(merchantPublic, auth.signature ?? '', 'base64');
    if (!ok) {
      refusedSignatures += 1;
      return { status: 401, json: { code: 'SIGN_ERROR', message: '签名错误' } };
    }
    const body = req.body ? (JSON.parse(req.body) as Record<string, any>) : {};
    if (req.method === 'POST' && req.url === '/v3/pay/transactions/jsapi') {
      if (body.appid !== appid || body.mchid !== mchid || !body.payer?.openid || !(body.amount?.total > 0))
        return { status: 400, json: { code: 'PARAM_ERROR', message: '参数错误' } };
      const existing = orders.get(body.out_trade_no);
      if (existing && existing.total !== body.amount.total)
        return { status: 400, json: { code: 'INVALID_REQUEST', message: '参数与首次请求时不一致' } };
      if (!existing)
        orders.set(body.out_trade_no, {
          total: body.amount.total,
          openid: body.payer.openid,
          state: 'NOTPAY',
        });
      return { status: 200, json: { prepay_id: `wx${body.out_trade_no.slice(0, 20)}` } };
    }
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^?]+)\?mchid=(\d+)$/.exec(req.url);
    if (req.method === 'GET' && q) {
      const order = orders.get(decodeURIComponent(q[1] as string));
      if (!order) return { status: 404, json: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } };
      return { status: 200, json: transaction(decodeURIComponent(q[1] as string)) };
    }
    if (req.method === 'POST' && req.url === '/v3/refund/domestic/refunds') {
      const order = orders.get(body.out_trade_no);
      if (!order || order.state !== 'SUCCESS')
        return { status: 404, json: { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' } };
      const already = refunds.get(body.out_refund_no);
      if (!already) {
        const refunded = [...refunds.values()]
          .filter((r) => r.outTradeNo === body.out_trade_no)
          .reduce((s, r) => s + r.refund, 0);
        if (body.amount.total !== order.total || refunded + body.amount.refund > order.total)
          return { status: 400, json: { code: 'INVALID_REQUEST', message: '退款金额超过订单金额' } };
        refunds.set(body.out_refund_no, { outTradeNo: body.out_trade_no, refund: body.amount.refund });
      }
      const r = refunds.get(body.out_refund_no) as { refund: number };
      return {
        status: 200,
        json: {
          refund_id: `50000${body.out_refund_no.length}${body.out_refund_no.slice(-12)}`,
          out_refund_no: body.out_refund_no,
          out_trade_no: body.out_trade_no,
          status: 'PROCESSING',
          amount: { refund: r.refund, total: order.total, currency: 'CNY' },
        },
      };
    }
    return { status: 404, json: { code: 'NOT_FOUND', message: 'no such API' } };
  };

  function transaction(outTradeNo: string): WechatTransaction & Record<string, unknown> {
    const order = orders.get(outTradeNo) as {
      total: number;
      openid: string;
      state: string;
      transactionId?: string;
    };
    return {
      appid,
      mchid,
      out_trade_no: outTradeNo,
      transaction_id: order.transactionId ?? '',
      trade_type: 'JSAPI',
      trade_state: order.state,
      payer: { openid: order.openid },
      amount: { total: order.total, payer_total: order.total, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  // Answers are signed: the server wraps startFakeVendor's plain answer with Wechatpay-* headers.
  const server = await startSignedVendor(handle, platform, now);
  const options: WechatPayOptions = {
    mchid,
    appid,
    serialNo: 'FAKEMERCHANTSERIAL01',
    privateKeyPem: keys.merchant.privateKeyPem,
    apiV3Key: keys.apiV3Key,
    platformSerial: platform.serial,
    platformPublicKeyPem: keys.platform.publicKeyPem,
    notifyUrl: opts.notifyUrl ?? 'http://127.0.0.1/api/v1/payments/wechat/notify',
    endpoint: server.endpoint,
  };
  return {
    ...server,
    options,
    get refusedSignatures() {
      return refusedSignatures;
    },
    orders,
    refunds,
    pay(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`the fake has no order ${outTradeNo}`);
      order.state = 'SUCCESS';
      order.transactionId ??= `4200001${String(Date.now()).slice(-10)}${orders.size}`;
      const body = JSON.stringify({
        id: randomUUID(),
        create_time: new Date().toISOString(),
        resource_type: 'encrypt-resource',
        event_type: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        resource: encryptResource(JSON.stringify(transaction(outTradeNo)), keys.apiV3Key, 'transaction'),
      });
      return {
        headers: { 'content-type': 'application/json', ...wechatpaySignatureHeaders(body, platform, now()) },
        body,
      };
    },
    async send(notice, url = options.notifyUrl) {
      const res = await fetch(url, { method: 'POST', headers: notice.headers, body: notice.body });
      return res.status;
    },
  };
}

/** startFakeVendor, but every answer carries WeChat Pay's response signature headers. */
async function startSignedVendor(
  answer: (req: SeenRequest) => { status: number; json: unknown },
  platform: { serial: string; privateKey: string },
  now: () => number,
): Promise<FakeVendorServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      const a = answer(request);
      const body = JSON.stringify(a.json);
      res.writeHead(a.status, {
        'content-type': 'application/json',
        'request-id': randomUUID(),
        ...wechatpaySignatureHeaders(body, platform, now()),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
