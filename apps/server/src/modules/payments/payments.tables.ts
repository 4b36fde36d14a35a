// Drizzle's view of the tables that migrations/0020_pharmacy_orders.sql creates for payments.
import { PAYMENT_STATUSES } from '@medrelay/contracts/rules';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const payments = pgTable('payments', {
  id: uuid('id').primaryKey(),
  orderKind: text('order_kind', { enum: ['reservation'] }).notNull(),
  orderId: uuid('order_id').notNull(),
  partnerId: uuid('partner_id').notNull(),
  userId: uuid('user_id').notNull(),
  provider: text('provider', { enum: ['wechat_pay'] }).notNull(),
  outTradeNo: text('out_trade_no').notNull(),
  amountFen: integer('amount_fen').notNull(),
  paidFen: integer('paid_fen').notNull(),
  refundedFen: integer('refunded_fen').notNull(),
  status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
  transactionId: text('transaction_id'),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type PaymentRow = typeof payments.$inferSelect;

export const paymentLedger = pgTable('payment_ledger', {
  operationId: text('operation_id').primaryKey(),
  paymentId: uuid('payment_id').notNull(),
  kind: text('kind', { enum: ['charge', 'refund'] }).notNull(),
  amountFen: integer('amount_fen').notNull(),
  vendorRef: text('vendor_ref'),
  createdAt: tstz('created_at').notNull(),
});
