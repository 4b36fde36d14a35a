import { type DadaCallback, dadaCallbackSignature, dadaSignature } from './dada.ts';
import { type FakeVendorServer, startFakeVendor } from './fake-vendor-server.ts';

export interface FakeDada extends FakeVendorServer {
  appKey: string;
  appSecret: string;
  sourceId: string;
  /** Requests refused for a bad signature (code 2005 签名错误). */
  refusedSignatures: number;
  orders: Map<string, { status: number; clientId: string; body: Record<string, unknown> }>;
  /** The platform moves an order on and returns the signed callback it sends. */
  move(originId: string, status: number, updateTime?: number): DadaCallback;
}

/**
 * A local stand-in for the 达达 open platform: it checks every request's MD5 signature with the
 * app secret, keeps the orders it was given, and signs the status callbacks it makes.
 */
export async function startFakeDada(): Promise<FakeDada> {
  const appKey = 'dada-test-app-key';
  const appSecret = 'dada-test-app-secret';
  const sourceId = '73753';
  const orders: FakeDada['orders'] = new Map();
  let refusedSignatures = 0;
  let n = 0;
  const server = await startFakeVendor((req) => {
    const payload = JSON.parse(req.body || '{}') as Record<string, string>;
    const { signature, ...fields } = payload;
    if (
      fields.app_key !== appKey ||
      fields.source_id !== sourceId ||
      signature !== dadaSignature(fields, appSecret)
    ) {
      refusedSignatures += 1;
      return { json: { status: 'fail', code: 2005, msg: '签名错误' } };
    }
    const body = JSON.parse(fields.body ?? '{}') as Record<string, unknown>;
    if (req.url === '/api/order/addOrder') {
      const originId = String(body.origin_id);
      if (!body.receiver_phone || !body.receiver_address || !body.callback)
        return { json: { status: 'fail', code: 2001, msg: '参数错误' } };
      if (!orders.has(originId)) orders.set(originId, { status: 1, clientId: `DD${++n}${Date.now()}`, body });
      return {
        json: {
          status: 'success',
          code: 0,
          msg: '成功',
          result: { distance: 1800, fee: 6.5, deliverFee: 6.5 },
        },
      };
    }
    if (req.url === '/api/order/status/query') {
      const order = orders.get(String(body.order_id));
      if (!order) return { json: { status: 'fail', code: 2006, msg: '订单不存在' } };
      return {
        json: {
          status: 'success',
          code: 0,
          msg: '成功',
          result: { orderId: body.order_id, statusCode: order.status, deliveryNo: order.clientId },
        },
      };
    }
    if (req.url === '/api/order/formalCancel') {
      const order = orders.get(String(body.order_id));
      if (!order) return { json: { status: 'fail', code: 2006, msg: '订单不存在' } };
      order.status = 5;
      return { json: { status: 'success', code: 0, msg: '成功', result: { deduct_fee: 0 } } };
    }
    return { json: { status: 'fail', code: 404, msg: 'no such API' } };
  });
  return {
    ...server,
    appKey,
    appSecret,
    sourceId,
    get refusedSignatures() {
      return refusedSignatures;
    },
    orders,
    move(originId, status, updateTime = Math.floor(Date.now() / 1000)) {
      const order = orders.get(originId);
      if (!order) throw new Error(`the fake has no order ${originId}`);
      order.status = status;
      const cb = {
        client_id: order.clientId,
        order_id: originId,
        order_status: status,
        update_time: updateTime,
      };
      return { ...cb, cancel_reason: '', signature: dadaCallbackSignature(cb) };
    },
  };
}
