import { createHash, randomUUID } from 'node:crypto';
import type { OrderPaymentView } from '@medrelay/contracts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { VendorFailure } from '../../platform/vendors/vendor-http.ts';
import { WechatPayError } from '../../platform/vendors/wechat-pay.ts';
import type { Notice } from '../notifications/index.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { type PaymentRow, paymentLedger, payments } from './payments.tables.ts';

const view = (p: PaymentRow): OrderPaymentView => ({
  status: p.status,
  amountFen: p.amountFen,
  paidFen: p.paidFen,
  refundedFen: p.refundedFen,
});

/** WeChat's out_trade_no is 6–32 characters of letters and digits: the order id without its dashes. */
const outTradeNoOf = (orderId: string) => orderId.replaceAll('-', '');
/** out_refund_no is at most 64 characters: a digest of the operation, stable across retries. */
const outRefundNoOf = (operationId: string) =>
  `R${createHash('sha256').update(operationId).digest('hex').slice(0, 40)}`;

function providerDown(err: unknown): never {
  if (err instanceof VendorFailure) throw new AppError('payment_unavailable', 503, { reason: err.reason });
  if (err instanceof WechatPayError)
    throw new AppError('payment_unavailable', 503, { vendorCode: err.code, httpStatus: err.httpStatus });
  throw err;
}

/**
 * Online payments for orders, and their ledger. Every movement of money is a ledger row keyed by
 * an operation id (the provider's transaction id for a charge; the caller's operation for a
 * refund), inserted in the same transaction as the figures it changes: a retried callback, a refund
 * asked twice or a double tap finds its row and changes nothing.
 */
export function createPaymentsService(deps: {
  db: Db;
  clock: Clock;
  provider?: PaymentProvider;
  openidOf: (userId: string) => Promise<string | undefined>;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
}) {
  const { db, clock, provider, notify } = deps;

  async function lockByOrder(tx: Db, orderId: string) {
    const [row] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.orderKind, 'reservation'), eq(payments.orderId, orderId)))
      .for('update');
    return row;
  }

  async function applyCharge(outTradeNo: string, transactionId: string, amountFen: number) {
    return db.transaction(async (tx) => {
      const [p] = await tx.select().from(payments).where(eq(payments.outTradeNo, outTradeNo)).for('update');
      if (!p) throw new AppError('payment_not_found', 404);
      if (amountFen !== p.amountFen) throw new AppError('validation_failed', 400, { field: 'amount' });
      const inserted = await tx
        .insert(paymentLedger)
        .values({
          operationId: `charge:${transactionId}`,
          paymentId: p.id,
          kind: 'charge',
          amountFen,
          vendorRef: transactionId,
          createdAt: clock.now(),
        })
        .onConflictDoNothing()
        .returning({ id: paymentLedger.operationId });
      if (inserted.length === 0 || p.status !== 'pending') return { payment: p, applied: false };
      const [updated] = await tx
        .update(payments)
        .set({ paidFen: amountFen, status: 'paid', transactionId, updatedAt: clock.now() })
        .where(eq(payments.id, p.id))
        .returning();
      return { payment: updated as PaymentRow, applied: true };
    });
  }

  return {
    /** Whether online payment can be offered at all (a provider is configured). */
    available: Boolean(provider),

    /** Opens (or reopens, while unpaid) the online payment of an order; the client pays with the params. */
    async open(order: {
      orderId: string;
      partnerId: string;
      userId: string;
      amountFen: number;
      description: string;
    }) {
      if (!provider) throw new AppError('payment_unavailable', 503, { reason: 'not_configured' });
      const openid = await deps.openidOf(order.userId);
      if (!openid) throw new AppError('wechat_openid_missing', 409);
      const now = clock.now();
      const payment = await db.transaction(async (tx) => {
        const existing = await lockByOrder(tx, order.orderId);
        if (existing) {
          if (existing.status !== 'pending') throw new AppError('already_paid', 409);
          return existing;
        }
        const row: PaymentRow = {
          id: randomUUID(),
          orderKind: 'reservation',
          orderId: order.orderId,
          partnerId: order.partnerId,
          userId: order.userId,
          provider: provider.name,
          outTradeNo: outTradeNoOf(order.orderId),
          amountFen: order.amountFen,
          paidFen: 0,
          refundedFen: 0,
          status: 'pending',
          transactionId: null,
          createdAt: now,
          updatedAt: now,
        };
        await tx.insert(payments).values(row);
        return row;
      });
      const wechat = await provider
        .open({
          outTradeNo: payment.outTradeNo,
          description: order.description,
          amountFen: payment.amountFen,
          openid,
        })
        .catch(providerDown);
      return { payment: view(payment), wechat };
    },

    /** A provider callback as received. A forged or altered one is refused and changes nothing. */
    async notice(headers: Record<string, string | string[] | undefined>, rawBody: string) {
      const n = provider?.parseNotice(headers, rawBody);
      if (!n) throw new AppError('callback_signature_invalid', 401);
      if (n.kind !== 'paid') return { applied: false };
      const { applied } = await applyCharge(n.outTradeNo, n.transactionId, n.amountFen);
      return { applied };
    },

    /** Asks the provider when the client says it paid but no callback came yet. */
    async check(orderId: string) {
      const [p] = await db.select().from(payments).where(eq(payments.orderId, orderId));
      if (!p) throw new AppError('payment_not_found', 404);
      if (p.status !== 'pending' || !provider) return view(p);
      const q = await provider.query(p.outTradeNo).catch(providerDown);
      if (!q.paid || !q.transactionId) return view(p);
      return view((await applyCharge(p.outTradeNo, q.transactionId, q.amountFen)).payment);
    },

    /**
     * Refunds part or all of what was paid. `operationId` names the act (a cancellation, or the
     * pharmacy's Idempotency-Key): the same operation again returns the first result.
     */
    async refund(r: { orderId: string; amountFen: number; operationId: string; reason?: string }) {
      return db.transaction(async (tx) => {
        const p = await lockByOrder(tx, r.orderId);
        if (!p) throw new AppError('payment_not_found', 404);
        const opId = `refund:${r.operationId}`;
        const [done] = await tx.select().from(paymentLedger).where(eq(paymentLedger.operationId, opId));
        if (done) return view(p);
        const refundable = p.paidFen - p.refundedFen;
        if (r.amountFen > refundable)
          throw new AppError('refund_above_paid', 409, { refundableFen: refundable, amountFen: r.amountFen });
        if (!provider) throw new AppError('payment_unavailable', 503, { reason: 'not_configured' });
        // The provider is asked inside the transaction: if it refuses, nothing is recorded; if the
        // answer is lost, the same out_refund_no asked again is the same refund at WeChat Pay.
        const { refundId } = await provider
          .refund({
            outTradeNo: p.outTradeNo,
            outRefundNo: outRefundNoOf(opId),
            refundFen: r.amountFen,
            totalFen: p.amountFen,
            reason: r.reason,
          })
          .catch(providerDown);
        const now = clock.now();
        await tx.insert(paymentLedger).values({
          operationId: opId,
          paymentId: p.id,
          kind: 'refund',
          amountFen: r.amountFen,
          vendorRef: refundId,
          createdAt: now,
        });
        const refundedFen = p.refundedFen + r.amountFen;
        const [updated] = await tx
          .update(payments)
          .set({
            refundedFen,
            status: refundedFen === p.paidFen ? 'refunded' : 'partly_refunded',
            updatedAt: now,
          })
          .where(eq(payments.id, p.id))
          .returning();
        await notify(tx, {
          userId: p.userId,
          type: 'order_refunded',
          dedupKey: opId,
          data: { orderId: p.orderId, pharmacyId: p.partnerId, amountFen: r.amountFen },
        });
        return view(updated as PaymentRow);
      });
    },

    /** Refunds whatever is left of a paid order (a cancellation, a decline, a failed delivery). */
    async refundRest(orderId: string, operationId: string, reason: string) {
      const [p] = await db.select().from(payments).where(eq(payments.orderId, orderId));
      if (!p || p.paidFen - p.refundedFen <= 0) return undefined;
      return this.refund({ orderId, amountFen: p.paidFen - p.refundedFen, operationId, reason });
    },

    async ofOrders(orderIds: string[]) {
      const out = new Map<string, OrderPaymentView>();
      if (orderIds.length === 0) return out;
      const rows = await db.select().from(payments).where(inArray(payments.orderId, orderIds));
      for (const p of rows) out.set(p.orderId, view(p));
      return out;
    },

    async ofPartner(partnerId: string) {
      const rows = await db
        .select()
        .from(payments)
        .where(eq(payments.partnerId, partnerId))
        .orderBy(sql`${payments.createdAt} DESC`)
        .limit(500);
      return rows.map((p) => ({ orderId: p.orderId, ...view(p) }));
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
