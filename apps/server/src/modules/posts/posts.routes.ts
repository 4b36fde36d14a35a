import {
  CreatePostBody,
  FeedQuery,
  FeedReply,
  MatchesReply,
  MyPostsReply,
  MyPostView,
  PostIdParams,
  PostView,
  ResolveQuery,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { strictLimit } from '../../platform/rate-limits.ts';
import type { PostsService } from './posts.service.ts';

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/, '8–100 letters, digits or _.:-')
    .optional(),
});

export const postsRoutes: FastifyPluginAsyncZod<{ posts: PostsService }> = async (app, { posts }) => {
  app.post(
    '/posts',
    {
      schema: {
        operationId: 'createPost',
        security: SECURITY.verifiedSession,
        tags: ['posts'],
        summary: 'Publish a need (我需要药) or an offer (我有多的药)',
        description:
          'A retry with the same Idempotency-Key and body returns the same post, never a second one.',
        body: CreatePostBody,
        headers: IdempotencyHeaders,
        response: { 201: PostView },
      },
      config: strictLimit('post'),
      preHandler: app.requireVerifiedUser,
    },
    async (req, reply) => {
      const { post } = await posts.create(req.user, req.body, req.headers['idempotency-key']);
      return reply.code(201).send(post);
    },
  );

  app.get(
    '/posts',
    {
      schema: {
        operationId: 'listPosts',
        security: SECURITY.public,
        tags: ['posts'],
        summary: 'The information square: open posts, newest or nearest first, with keyset pagination',
        querystring: FeedQuery,
        response: { 200: FeedReply },
      },
      // The most frequent request by far, and public: two log lines per page cost more than a cached
      // page itself. The reverse proxy's access log records these (deploy/nginx); failures still log.
      logLevel: 'warn',
    },
    // Serialised by the service (cached bodies of the square's index): the UTF-8 JSON of a FeedReply,
    // sent as it is (Fastify does not serialise a Buffer).
    async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send((await posts.feedJson(req.query)) as unknown as z.output<typeof FeedReply>),
  );

  app.get(
    '/posts/:id',
    {
      schema: {
        operationId: 'getPost',
        security: SECURITY.public,
        tags: ['posts'],
        summary: 'One post',
        params: PostIdParams,
        response: { 200: PostView },
      },
    },
    async (req) => posts.get(req.params.id),
  );

  app.get(
    '/posts/:id/matches',
    {
      schema: {
        operationId: 'listPostMatches',
        security: SECURITY.optionalSession,
        tags: ['posts'],
        summary: '可能帮到你的: open posts of the other kind for the same medicines nearby, nearest first',
        params: PostIdParams,
        response: { 200: MatchesReply },
      },
      preHandler: app.optionalUser,
    },
    async (req) => posts.matches(req.params.id, req.user ?? undefined),
  );

  app.post(
    '/posts/:id/resolve',
    {
      schema: {
        operationId: 'resolvePost',
        security: SECURITY.session,
        tags: ['posts'],
        summary: '已解决: take my post off the square',
        params: PostIdParams,
        querystring: ResolveQuery,
        response: { 200: MyPostView },
      },
      preHandler: app.requireUser,
    },
    async (req) => posts.resolve(req.user, req.params.id, req.query.outcome),
  );

  app.post(
    '/posts/:id/reopen',
    {
      schema: {
        operationId: 'reopenPost',
        security: SECURITY.session,
        tags: ['posts'],
        summary: 'Undo 已解决 within a few seconds: my post is back on the square as it was',
        params: PostIdParams,
        response: { 200: MyPostView },
      },
      preHandler: app.requireUser,
    },
    async (req) => posts.reopen(req.user, req.params.id),
  );

  app.post(
    '/posts/:id/renew',
    {
      schema: {
        operationId: 'renewPost',
        security: SECURITY.session,
        tags: ['posts'],
        summary: 'Keep my open or expired post on the square for another period',
        params: PostIdParams,
        response: { 200: MyPostView },
      },
      preHandler: app.requireUser,
    },
    async (req) => posts.renew(req.user, req.params.id),
  );

  app.delete(
    '/posts/:id',
    {
      schema: {
        operationId: 'deletePost',
        security: SECURITY.session,
        tags: ['posts'],
        summary: 'Delete my post',
        params: PostIdParams,
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await posts.remove(req.user, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me/posts',
    {
      schema: {
        operationId: 'listMyPosts',
        security: SECURITY.session,
        tags: ['posts'],
        summary: 'My posts, newest first',
        response: { 200: MyPostsReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => ({ items: await posts.mine(req.user) }),
  );
};
