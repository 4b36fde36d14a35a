import { AlertBody, AlertIdParams, AlertsReply, AlertView } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { AlertsService } from './alerts.service.ts';

export const alertsRoutes: FastifyPluginAsyncZod<{ alerts: AlertsService }> = async (app, { alerts }) => {
  app.get(
    '/me/alerts',
    {
      schema: {
        operationId: 'listMyAlerts',
        security: SECURITY.session,
        tags: ['alerts'],
        summary: 'My saved alerts that have not lapsed',
        response: { 200: AlertsReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => alerts.list(req.user),
  );

  app.post(
    '/me/alerts',
    {
      schema: {
        operationId: 'createAlert',
        security: SECURITY.activeSession,
        tags: ['alerts'],
        summary: 'Save an alert: tell me when someone within N km offers (or needs) an item',
        description: 'At most 5 per person; an alert lapses after 14 days unless renewed.',
        body: AlertBody,
        response: { 201: AlertView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => reply.code(201).send(await alerts.create(req.user, req.body)),
  );

  app.delete(
    '/me/alerts/:id',
    {
      schema: {
        operationId: 'deleteAlert',
        security: SECURITY.session,
        tags: ['alerts'],
        summary: 'Stop an alert (the one-tap unsubscribe of every alert notification)',
        params: AlertIdParams,
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await alerts.remove(req.user, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/alerts/:id/renew',
    {
      schema: {
        operationId: 'renewAlert',
        security: SECURITY.activeSession,
        tags: ['alerts'],
        summary: 'Keep an alert for another 14 days',
        params: AlertIdParams,
        response: { 200: AlertView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => alerts.renew(req.user, req.params.id),
  );
};
