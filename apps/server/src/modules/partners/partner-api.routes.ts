import { AssistedPostBody, FeedQuery, FeedReply, PostView, RegionalStats } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { PostsService } from '../posts/index.ts';
import { partnerKeyGuard } from './partner-key-guard.ts';
import type { PartnerServices } from './partner-services.ts';

/**
 * The partner API (/api/partner/v1): secret keys in `Authorization: Bearer mr_sk_…`, scoped, limited
 * per key per minute and per day. Nothing here ever returns a full phone, an ID number or an exact
 * location: posts come in the same public view as the square.
 */
export const partnerApiRoutes: FastifyPluginAsyncZod<PartnerServices & { posts: PostsService }> = async (
  app,
  { keys, posts, stats, assisted },
) => {
  app.decorateRequest('partnerKey');
  const { requireScope, perKey } = partnerKeyGuard(keys);
  const tags = ['partner API'];

  app.get(
    '/posts',
    {
      schema: {
        operationId: 'partnerListPosts',
        tags,
        security: SECURITY.partner('posts:read'),
        summary: 'The square (scope posts:read)',
        querystring: FeedQuery,
        response: { 200: FeedReply },
      },
      config: perKey,
      preHandler: requireScope('posts:read'),
    },
    async (req) => posts.feed(req.query),
  );

  app.get(
    '/stats',
    {
      schema: {
        operationId: 'partnerGetStats',
        tags,
        security: SECURITY.partner('stats:read'),
        summary: "Figures for the partner's regions (scope stats:read)",
        response: { 200: RegionalStats },
      },
      config: perKey,
      preHandler: requireScope('stats:read'),
    },
    async (req) => stats.forPartner(req.partnerKey.partner),
  );

  app.post(
    '/assisted-posts',
    {
      schema: {
        operationId: 'partnerCreateAssistedPost',
        tags,
        security: SECURITY.partner('posts:write_assisted'),
        summary: 'Publish for a resident without a smartphone (scope posts:write_assisted)',
        description:
          "The resident's consent is recorded with who took it; the post shows the assisting institution, " +
          "counts against the resident's quotas, and must lie inside the partner's regions.",
        body: AssistedPostBody,
        headers: z.object({
          'idempotency-key': z
            .string()
            .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
            .optional(),
        }),
        response: { 201: PostView },
      },
      config: perKey,
      preHandler: requireScope('posts:write_assisted'),
    },
    async (req, reply) => {
      const post = await assisted.create(req.partnerKey.partner, req.body, req.headers['idempotency-key']);
      return reply.code(201).send(post);
    },
  );
};
