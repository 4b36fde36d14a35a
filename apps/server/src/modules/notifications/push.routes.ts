import { PushKeyReply, PushSubscriptionBody } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { PushService } from './push.service.ts';

const PushUnsubscribeBody = z.strictObject({ endpoint: z.string().min(1).max(1000) });

export const pushRoutes: FastifyPluginAsyncZod<{ push: PushService }> = async (app, { push }) => {
  app.get(
    '/push/key',
    {
      schema: {
        operationId: 'getPushKey',
        security: SECURITY.public,
        tags: ['notifications'],
        summary: "The server's VAPID public key, for pushManager.subscribe (404 push_not_enabled when off)",
        response: { 200: PushKeyReply },
      },
    },
    async () => ({ publicKey: push.publicKey() }),
  );

  app.post(
    '/me/push-subscriptions',
    {
      schema: {
        operationId: 'subscribePush',
        security: SECURITY.session,
        tags: ['notifications'],
        summary: "Save this browser's push subscription (PushSubscription.toJSON())",
        body: PushSubscriptionBody,
        response: { 201: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await push.subscribe(req.user.id, req.body);
      return reply.code(201).send(null);
    },
  );

  app.delete(
    '/me/push-subscriptions',
    {
      schema: {
        operationId: 'unsubscribePush',
        security: SECURITY.session,
        tags: ['notifications'],
        summary: "Forget this browser's push subscription",
        body: PushUnsubscribeBody,
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await push.unsubscribe(req.user.id, req.body.endpoint);
      return reply.code(204).send(null);
    },
  );
};
