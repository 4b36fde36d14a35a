import {
  DeliveryActionParams,
  DeliveryBody,
  DeliveryQueueQuery,
  OrderingBody,
  OrderingView,
  OrderParams,
  OrderPaymentView,
  OrdersReply,
  OrderView,
  PartnerIdParams,
  PartnerOrderParams,
  PaymentsReply,
  PayReply,
  RefundBody,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../../platform/openapi/security.ts';
import type { OrdersService } from './orders.service.ts';

const RefundHeaders = z.object({
  /** Required: a double tap on 退款 must refund once. */
  'idempotency-key': z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, '8–100 letters, digits or _.:-'),
});

const DadaCallbackBody = z.object({
  client_id: z.string().max(64),
  order_id: z.uuid(),
  order_status: z.number().int(),
  update_time: z.number().int(),
  signature: z.string().max(64),
  cancel_reason: z.string().max(200).optional(),
  cancel_from: z.number().int().optional(),
});

/** Delivery orders, a pharmacy's prices and online payment: the resident's side and the pharmacy's. */
export const pharmacyOrdersRoutes: FastifyPluginAsyncZod<{ orders: OrdersService }> = async (
  app,
  { orders },
) => {
  const tags = ['pharmacies'];
  const staff = { preHandler: app.requireActiveUser };

  app.get(
    '/pharmacies/:id/ordering',
    {
      schema: {
        operationId: 'getPharmacyOrdering',
        security: SECURITY.public,
        tags,
        summary:
          "A pharmacy's delivery radius and fee, whether it takes online payment, and its own prices (fen)",
        params: PartnerIdParams,
        response: { 200: OrderingView },
      },
    },
    async (req) => orders.ordering(req.params.id),
  );
  app.post(
    '/pharmacies/:id/deliveries',
    {
      schema: {
        operationId: 'requestDelivery',
        security: SECURITY.verifiedSession,
        tags,
        summary: 'Ask for delivery (送药到家) of in-stock items within the pharmacy’s radius',
        params: PartnerIdParams,
        body: DeliveryBody,
        response: { 201: OrderView },
      },
      preHandler: app.requireVerifiedUser,
    },
    async (req, reply) =>
      reply.code(201).send(await orders.requestDelivery(req.user, req.params.id, req.body)),
  );
  app.get(
    '/me/pharmacy-orders',
    {
      schema: {
        operationId: 'listMyPharmacyOrders',
        security: SECURITY.session,
        tags,
        summary: 'My delivery orders, newest first',
        response: { 200: OrdersReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => ({ items: await orders.myOrders(req.user) }),
  );
  app.get(
    '/me/pharmacy-orders/:orderId',
    {
      schema: {
        operationId: 'getMyPharmacyOrder',
        security: SECURITY.session,
        tags,
        summary: 'One of my orders (a delivery or a reservation): status, items, prices and payment',
        params: OrderParams,
        response: { 200: OrderView },
      },
      preHandler: app.requireUser,
    },
    async (req) => orders.myOrder(req.user, req.params.orderId),
  );
  app.post(
    '/me/pharmacy-orders/:orderId/cancel',
    {
      schema: {
        operationId: 'cancelMyDelivery',
        security: SECURITY.session,
        tags,
        summary: 'Cancel my delivery before it is prepared; an online payment is refunded',
        params: OrderParams,
        response: { 200: OrderView },
      },
      preHandler: app.requireUser,
    },
    async (req) => orders.cancel(req.user, req.params.orderId),
  );
  app.post(
    '/me/pharmacy-orders/:orderId/pay',
    {
      schema: {
        operationId: 'payMyPharmacyOrder',
        security: SECURITY.session,
        tags,
        summary: 'Pay an open order online (WeChat Pay JSAPI): the signed parameters for wx.requestPayment',
        params: OrderParams,
        response: { 200: PayReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => orders.pay(req.user, req.params.orderId),
  );
  app.post(
    '/me/pharmacy-orders/:orderId/pay/check',
    {
      schema: {
        operationId: 'checkMyPharmacyPayment',
        security: SECURITY.session,
        tags,
        summary: 'After paying: asks WeChat Pay when its callback has not come yet',
        params: OrderParams,
        response: { 200: OrderPaymentView },
      },
      preHandler: app.requireUser,
    },
    async (req) => orders.checkPayment(req.user, req.params.orderId),
  );

  // The pharmacy's side (/partner/:id).
  app.get(
    '/partners/:id/pharmacy/ordering',
    {
      schema: {
        operationId: 'getMyPharmacyOrdering',
        security: SECURITY.activeSession,
        tags,
        summary: 'Delivery radius and fee, online payment, delivery provider and prices (staff)',
        params: PartnerIdParams,
        response: { 200: OrderingView },
      },
      ...staff,
    },
    async (req) => orders.myOrdering(req.user, req.params.id),
  );
  app.put(
    '/partners/:id/pharmacy/ordering',
    {
      schema: {
        operationId: 'updatePharmacyOrdering',
        security: SECURITY.activeSession,
        tags,
        summary: 'Set delivery radius and fee, online payment, delivery provider and prices (owner)',
        params: PartnerIdParams,
        body: OrderingBody,
        response: { 200: OrderingView },
      },
      ...staff,
    },
    async (req) => orders.updateOrdering(req.user, req.params.id, req.body),
  );
  app.get(
    '/partners/:id/pharmacy/deliveries',
    {
      schema: {
        operationId: 'listPharmacyDeliveries',
        security: SECURITY.activeSession,
        tags,
        summary: "The pharmacy's delivery queue (phones masked)",
        params: PartnerIdParams,
        querystring: DeliveryQueueQuery,
        response: { 200: OrdersReply },
      },
      ...staff,
    },
    async (req) => ({ items: await orders.queue(req.user, req.params.id, req.query.status) }),
  );
  app.get(
    '/partners/:id/pharmacy/deliveries/:orderId',
    {
      schema: {
        operationId: 'getPharmacyDelivery',
        security: SECURITY.activeSession,
        tags,
        summary: 'One delivery with the resident’s phone, for the rider (staff of this pharmacy only)',
        params: PartnerOrderParams,
        response: { 200: OrderView },
      },
      ...staff,
    },
    async (req) => orders.detail(req.user, req.params.id, req.params.orderId),
  );
  app.post(
    '/partners/:id/pharmacy/deliveries/:orderId/:action',
    {
      schema: {
        operationId: 'actOnPharmacyDelivery',
        security: SECURITY.activeSession,
        tags,
        summary: 'Accept, decline, prepare, dispatch, mark delivered or failed; the resident is notified',
        params: DeliveryActionParams,
        response: { 200: OrderView },
      },
      ...staff,
    },
    async (req) => orders.act(req.user, req.params.id, req.params.orderId, req.params.action),
  );
  app.get(
    '/partners/:id/pharmacy/payments',
    {
      schema: {
        operationId: 'listPharmacyPayments',
        security: SECURITY.activeSession,
        tags,
        summary: "Online payments of the pharmacy's orders: amount, paid, refunded",
        params: PartnerIdParams,
        response: { 200: PaymentsReply },
      },
      ...staff,
    },
    async (req) => ({ items: await orders.payments(req.user, req.params.id) }),
  );
  app.post(
    '/partners/:id/pharmacy/orders/:orderId/refund',
    {
      schema: {
        operationId: 'refundPharmacyOrder',
        security: SECURITY.activeSession,
        tags,
        summary:
          'Refund part or all of an online payment (Idempotency-Key required; never above what was paid)',
        params: PartnerOrderParams,
        headers: RefundHeaders,
        body: RefundBody,
        response: { 200: OrderPaymentView },
      },
      ...staff,
    },
    async (req) =>
      orders.refund(
        req.user,
        req.params.id,
        req.params.orderId,
        req.body.amountFen,
        req.headers['idempotency-key'],
        req.body.reason,
      ),
  );

  app.post(
    '/deliveries/dada/notify',
    {
      schema: {
        operationId: 'dadaDeliveryCallback',
        security: SECURITY.public,
        tags,
        summary: '达达 order status callback (signature checked, then the status read back from 达达)',
        body: DadaCallbackBody,
        response: { 200: z.object({ applied: z.boolean() }) },
      },
    },
    async (req) => orders.dadaCallback(req.body),
  );
};
