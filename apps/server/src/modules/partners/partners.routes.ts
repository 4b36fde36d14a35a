import {
  ApiKeyCreateBody,
  ApiKeyCreated,
  ApiKeysReply,
  DeepLinkQuery,
  DeepLinkReply,
  DeliveriesReply,
  DeliveryParams,
  KeyParams,
  MemberBody,
  MembersReply,
  PartnerApplyBody,
  PartnerDecisionBody,
  PartnerIdParams,
  PartnersReply,
  PartnerUpdateBody,
  PartnerView,
  RegionalStats,
  WebhookCreateBody,
  WebhookCreated,
  WebhookParams,
  WebhooksReply,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { PartnerServices } from './partner-services.ts';

/** The partner page's API (session users) and the admin's review of applications. */
export const partnersRoutes: FastifyPluginAsyncZod<PartnerServices> = async (
  app,
  { partners, members, keys, webhooks, links, stats },
) => {
  const tags = ['partners'];
  const member = { preHandler: app.requireActiveUser };
  const none = z.null();

  app.post(
    '/partners',
    {
      schema: {
        operationId: 'applyAsPartner',
        security: SECURITY.activeSession,
        tags,
        summary: 'Apply as a partner institution (an admin approves)',
        body: PartnerApplyBody,
        response: { 201: PartnerView },
      },
      ...member,
    },
    async (req, reply) => reply.code(201).send(await partners.apply(req.user, req.body)),
  );
  app.get(
    '/me/partners',
    {
      schema: {
        operationId: 'listMyPartners',
        security: SECURITY.activeSession,
        tags,
        summary: 'Institutions I belong to',
        response: { 200: PartnersReply },
      },
      ...member,
    },
    async (req) => ({
      items: await partners.mine(req.user),
    }),
  );
  app.get(
    '/partners/:id',
    {
      schema: {
        operationId: 'getPartner',
        summary: 'One partner institution I belong to',
        security: SECURITY.activeSession,
        tags,
        params: PartnerIdParams,
        response: { 200: PartnerView },
      },
      ...member,
    },
    async (req) => partners.get(req.user, req.params.id),
  );
  app.patch(
    '/partners/:id',
    {
      schema: {
        operationId: 'updatePartner',
        security: SECURITY.activeSession,
        tags,
        summary: 'Origins allowed to embed the square',
        params: PartnerIdParams,
        body: PartnerUpdateBody,
        response: { 200: PartnerView },
      },
      ...member,
    },
    async (req) => partners.setOrigins(req.user, req.params.id, req.body.allowedOrigins),
  );
  app.get(
    '/partners/:id/members',
    {
      schema: {
        operationId: 'listPartnerMembers',
        summary: "A partner's members and their roles",
        security: SECURITY.activeSession,
        tags,
        params: PartnerIdParams,
        response: { 200: MembersReply },
      },
      ...member,
    },
    async (req) => ({
      items: await members.members(req.user, req.params.id),
    }),
  );
  app.post(
    '/partners/:id/members',
    {
      schema: {
        operationId: 'addPartnerMember',
        security: SECURITY.activeSession,
        tags,
        summary: 'Add or change a member (owner only)',
        params: PartnerIdParams,
        body: MemberBody,
        response: { 200: MembersReply },
      },
      ...member,
    },
    async (req) => ({
      items: await members.addMember(req.user, req.params.id, req.body.phone, req.body.role),
    }),
  );
  app.get(
    '/partners/:id/keys',
    {
      schema: {
        operationId: 'listPartnerKeys',
        summary: "A partner's API keys (never the secrets)",
        security: SECURITY.activeSession,
        tags,
        params: PartnerIdParams,
        response: { 200: ApiKeysReply },
      },
      ...member,
    },
    async (req) => ({
      items: await keys.keys(req.user, req.params.id),
    }),
  );
  app.post(
    '/partners/:id/keys',
    {
      schema: {
        operationId: 'createPartnerKey',
        security: SECURITY.activeSession,
        tags,
        summary: 'Create an API key; the key is shown in this answer only',
        params: PartnerIdParams,
        body: ApiKeyCreateBody,
        response: { 201: ApiKeyCreated },
      },
      ...member,
    },
    async (req, reply) => reply.code(201).send(await keys.createKey(req.user, req.params.id, req.body)),
  );
  app.post(
    '/partners/:id/keys/:keyId/rotate',
    {
      schema: {
        operationId: 'rotatePartnerKey',
        security: SECURITY.activeSession,
        tags,
        summary: 'Replace a key by a new one; the old one stops working',
        params: KeyParams,
        response: { 201: ApiKeyCreated },
      },
      ...member,
    },
    async (req, reply) =>
      reply.code(201).send(await keys.rotateKey(req.user, req.params.id, req.params.keyId)),
  );
  app.delete(
    '/partners/:id/keys/:keyId',
    {
      schema: {
        operationId: 'revokePartnerKey',
        security: SECURITY.activeSession,
        tags,
        summary: 'Revoke a key',
        params: KeyParams,
        response: { 204: none },
      },
      ...member,
    },
    async (req, reply) => {
      await keys.revokeKey(req.user, req.params.id, req.params.keyId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/partners/:id/webhooks',
    {
      schema: {
        operationId: 'listPartnerWebhooks',
        summary: "A partner's webhook subscriptions",
        security: SECURITY.activeSession,
        tags,
        params: PartnerIdParams,
        response: { 200: WebhooksReply },
      },
      ...member,
    },
    async (req) => ({
      items: await webhooks.webhooks(req.user, req.params.id),
    }),
  );
  app.post(
    '/partners/:id/webhooks',
    {
      schema: {
        operationId: 'createPartnerWebhook',
        security: SECURITY.activeSession,
        tags,
        summary: 'Subscribe to events in my regions; the signing secret is shown once',
        params: PartnerIdParams,
        body: WebhookCreateBody,
        response: { 201: WebhookCreated },
      },
      ...member,
    },
    async (req, reply) =>
      reply.code(201).send(await webhooks.createWebhook(req.user, req.params.id, req.body)),
  );
  app.delete(
    '/partners/:id/webhooks/:webhookId',
    {
      schema: {
        operationId: 'deletePartnerWebhook',
        security: SECURITY.activeSession,
        tags,
        summary: 'Stop a webhook subscription',
        params: WebhookParams,
        response: { 204: none },
      },
      ...member,
    },
    async (req, reply) => {
      await webhooks.deleteWebhook(req.user, req.params.id, req.params.webhookId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/partners/:id/deliveries',
    {
      schema: {
        operationId: 'listPartnerDeliveries',
        security: SECURITY.activeSession,
        tags,
        summary: 'Webhook deliveries: status, latency, attempts',
        params: PartnerIdParams,
        response: { 200: DeliveriesReply },
      },
      ...member,
    },
    async (req) => ({
      items: await webhooks.deliveries(req.user, req.params.id),
    }),
  );
  app.post(
    '/partners/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        operationId: 'redeliverWebhook',
        security: SECURITY.activeSession,
        tags,
        summary: 'Send a delivery again',
        params: DeliveryParams,
        response: { 202: none },
      },
      ...member,
    },
    async (req, reply) => {
      await webhooks.redeliver(req.user, req.params.id, req.params.deliveryId);
      return reply.code(202).send(null);
    },
  );
  app.get(
    '/partners/:id/deep-link',
    {
      schema: {
        operationId: 'getPartnerDeepLink',
        security: SECURITY.activeSession,
        tags,
        summary: 'A link into a preset square, with attribution, and its QR code (SVG)',
        params: PartnerIdParams,
        querystring: DeepLinkQuery,
        response: { 200: DeepLinkReply },
      },
      ...member,
    },
    async (req) => links.deepLink(req.user, req.params.id, req.query),
  );
  app.get(
    '/partners/:id/stats',
    {
      schema: {
        operationId: 'getPartnerStats',
        security: SECURITY.activeSession,
        tags,
        summary: 'Figures for my regions',
        params: PartnerIdParams,
        response: { 200: RegionalStats },
      },
      ...member,
    },
    async (req) => stats.forMember(req.user, req.params.id),
  );

  const admin = { preHandler: app.requireRole('admin') };
  app.get(
    '/admin/partners',
    {
      schema: {
        operationId: 'listPartnerApplications',
        summary: 'Partner applications and partners, for review (admin)',
        security: SECURITY.admin,
        tags: ['admin'],
        querystring: z.object({
          status: PartnerView.shape.status.optional(),
        }),
        response: { 200: PartnersReply },
      },
      ...admin,
    },
    async (req) => ({ items: await partners.list(req.query.status) }),
  );
  app.post(
    '/admin/partners/:id/decision',
    {
      schema: {
        operationId: 'decidePartnerApplication',
        security: SECURITY.admin,
        tags: ['admin'],
        summary: 'Approve, reject or suspend a partner',
        params: PartnerIdParams,
        body: PartnerDecisionBody,
        response: { 200: PartnerView },
      },
      ...admin,
    },
    async (req) => partners.decide(req.user, req.params.id, req.body.decision),
  );
};
