import type { WechatPayClient } from '../../platform/vendors/wechat-pay.ts';

/**
 * How an order is paid.
 * - `pay_at_pickup` (the default, and the only choice unless a pharmacy enables online payment and
 *   the platform is configured with a provider): nothing is charged online; the order says, honestly,
 *   that it is paid at the counter (or to the pharmacy's rider for a delivery).
 * - online, through a `PaymentProvider`: today WeChat Pay API v3 (JSAPI / mini program).
 */
export type PaymentMethod = 'pay_at_pickup' | 'online';

/** What the client needs to open the provider's payment sheet (WeChat: wx.requestPayment's fields). */
export interface ClientPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export type PaymentNotice =
  | { kind: 'paid'; outTradeNo: string; transactionId: string; amountFen: number }
  | { kind: 'refund'; outTradeNo: string; outRefundNo: string; succeeded: boolean }
  | { kind: 'other' };

export interface PaymentProvider {
  readonly name: 'wechat_pay';
  /** Opens a payment at the provider (idempotent per outTradeNo) and signs the client's parameters. */
  open(p: {
    outTradeNo: string;
    description: string;
    amountFen: number;
    openid: string;
  }): Promise<ClientPayParams>;
  /** A callback as received; undefined when its signature or encryption does not check out. */
  parseNotice(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): PaymentNotice | undefined;
  /** The provider's own word on an order (when a callback is late). */
  query(outTradeNo: string): Promise<{ paid: boolean; transactionId?: string; amountFen: number }>;
  /** A refund; the provider treats a repeated outRefundNo as the same refund. */
  refund(r: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason?: string;
  }): Promise<{
    refundId: string;
  }>;
}

/** WeChat Pay API v3 behind the interface. */
export function wechatPayProvider(client: WechatPayClient): PaymentProvider {
  return {
    name: 'wechat_pay',
    async open(p) {
      const { prepayId } = await client.jsapiPrepay({
        outTradeNo: p.outTradeNo,
        description: p.description,
        totalFen: p.amountFen,
        openid: p.openid,
      });
      return client.clientParams(prepayId);
    },
    parseNotice(headers, rawBody) {
      const n = client.parseNotice(headers, rawBody);
      if (!n) return undefined;
      if (n.transaction && n.eventType === 'TRANSACTION.SUCCESS' && n.transaction.trade_state === 'SUCCESS') {
        return {
          kind: 'paid',
          outTradeNo: n.transaction.out_trade_no,
          transactionId: n.transaction.transaction_id,
          amountFen: n.transaction.amount.total,
        };
      }
      if (n.refund) {
        return {
          kind: 'refund',
          outTradeNo: n.refund.out_trade_no,
          outRefundNo: n.refund.out_refund_no,
          succeeded: n.refund.refund_status === 'SUCCESS',
        };
      }
      return { kind: 'other' };
    },
    async query(outTradeNo) {
      const t = await client.query(outTradeNo);
      return {
        paid: t.trade_state === 'SUCCESS',
        transactionId: t.transaction_id || undefined,
        amountFen: t.amount.total,
      };
    },
    async refund(r) {
      const { refundId } = await client.refund(r);
      return { refundId };
    },
  };
}
