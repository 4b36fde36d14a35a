import {
  ContactReply,
  PostIdParams,
  PostResponses,
  RevealQuota,
  SendMessageBody,
  ThreadIdParams,
  ThreadsReply,
  ThreadView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { strictLimit } from '../../platform/rate-limits.ts';
import type { ContactService } from './contact.service.ts';

export const contactRoutes: FastifyPluginAsyncZod<{ contact: ContactService }> = async (app, { contact }) => {
  app.post(
    '/posts/:id/contact',
    {
      schema: {
        operationId: 'revealContact',
        security: SECURITY.verifiedSession,
        tags: ['contact'],
        summary: "Reveal the poster's phone (verified users; audited; limited per hour, day and IP)",
        params: PostIdParams,
        response: { 200: ContactReply },
      },
      config: strictLimit('contact'),
      preHandler: app.requireVerifiedUser,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return contact.reveal(req.user, req.params.id, req.ip);
    },
  );

  app.get(
    '/me/reveal-quota',
    {
      schema: {
        operationId: 'getMyRevealQuota',
        security: SECURITY.session,
        tags: ['contact'],
        summary: 'How many more numbers I may reveal today and this hour',
        response: { 200: RevealQuota },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return contact.revealQuota(req.user);
    },
  );

  app.get(
    '/posts/:id/responses',
    {
      schema: {
        operationId: 'countPostResponses',
        security: SECURITY.public,
        tags: ['contact'],
        summary: 'How many people already responded to a post (revealed its number or wrote), never who',
        params: PostIdParams,
        response: { 200: PostResponses },
      },
    },
    async (req) => contact.responses(req.params.id),
  );

  app.post(
    '/posts/:id/messages',
    {
      schema: {
        operationId: 'sendFirstMessage',
        security: SECURITY.verifiedSession,
        tags: ['contact'],
        summary: 'Message the poster in the app (no phone shown to either side)',
        params: PostIdParams,
        body: SendMessageBody,
        response: { 201: ThreadView },
      },
      preHandler: app.requireVerifiedUser,
    },
    async (req, reply) =>
      reply.code(201).send(await contact.sendToPost(req.user, req.params.id, req.body.text)),
  );

  app.get(
    '/me/threads',
    {
      schema: {
        operationId: 'listMyThreads',
        security: SECURITY.session,
        tags: ['contact'],
        summary: 'My message threads',
        response: { 200: ThreadsReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => ({ items: await contact.threads(req.user) }),
  );

  app.get(
    '/threads/:id',
    {
      schema: {
        operationId: 'getThread',
        security: SECURITY.session,
        tags: ['contact'],
        summary: 'One thread with its messages',
        params: ThreadIdParams,
        response: { 200: ThreadView },
      },
      preHandler: app.requireUser,
    },
    async (req) => contact.thread(req.user, req.params.id),
  );

  app.post(
    '/threads/:id/messages',
    {
      schema: {
        operationId: 'replyInThread',
        security: SECURITY.session,
        tags: ['contact'],
        summary: 'Reply in a thread',
        params: ThreadIdParams,
        body: SendMessageBody,
        response: { 201: ThreadView },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => reply.code(201).send(await contact.reply(req.user, req.params.id, req.body.text)),
  );
};
