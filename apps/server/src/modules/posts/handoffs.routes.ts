import {
  HandoffBody,
  HandoffConfirmBody,
  HandoffIdParams,
  HandoffsReply,
  HandoffView,
  PostIdParams,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { strictLimit } from '../../platform/rate-limits.ts';
import type { HandoffsService } from './posts.handoffs.ts';

export const handoffsRoutes: FastifyPluginAsyncZod<{ handoffs: HandoffsService }> = async (
  app,
  { handoffs },
) => {
  app.post(
    '/posts/:id/handoffs',
    {
      schema: {
        operationId: 'giveOfferPart',
        security: SECURITY.activeSession,
        tags: ['posts'],
        summary: 'Give part of my offer: outside the app at once, or in a thread confirmed by a 4-digit code',
        params: PostIdParams,
        body: HandoffBody,
        response: { 201: HandoffView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => reply.code(201).send(await handoffs.give(req.user, req.params.id, req.body)),
  );

  app.get(
    '/posts/:id/handoffs',
    {
      schema: {
        operationId: 'listOfferHandoffs',
        security: SECURITY.session,
        tags: ['posts'],
        summary: 'The hand-offs of my offer: what was given, and those waiting for the code',
        params: PostIdParams,
        response: { 200: HandoffsReply },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await handoffs.ofPost(req.user, req.params.id) };
    },
  );

  app.post(
    '/handoffs/:id/confirm',
    {
      schema: {
        operationId: 'confirmHandoff',
        security: SECURITY.activeSession,
        tags: ['posts'],
        summary: 'Confirm a hand-off with the code the receiver says (5 wrong tries lock it)',
        params: HandoffIdParams,
        body: HandoffConfirmBody,
        response: { 200: HandoffView },
      },
      config: strictLimit('contact'),
      preHandler: app.requireActiveUser,
    },
    async (req) => handoffs.confirm(req.user, req.params.id, req.body.code),
  );

  app.get(
    '/me/handoffs',
    {
      schema: {
        operationId: 'listMyHandoffCodes',
        security: SECURITY.session,
        tags: ['posts'],
        summary: 'Hand-offs waiting for me as receiver, with the code to say',
        response: { 200: HandoffsReply },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await handoffs.waitingFor(req.user) };
    },
  );
};
