import { RefParams, RefView } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { softLimit } from '../../platform/rate-limits.ts';
import type { PartnerLinksService } from './partner-links.service.ts';

/** Deep-link attribution for the square a link opens; counts per day only, nothing per person. */
export const attributionRoutes: FastifyPluginAsyncZod<{ links: PartnerLinksService }> = async (
  app,
  { links },
) => {
  app.get(
    '/refs/:ref',
    {
      schema: {
        operationId: 'getRef',
        security: SECURITY.public,
        tags: ['partners'],
        summary: "Who a deep link's ref credits (shown on the square it opens)",
        params: RefParams,
        response: { 200: RefView },
      },
    },
    async (req) => links.ref(req.params.ref),
  );

  app.post(
    '/refs/:ref/visits',
    {
      schema: {
        operationId: 'recordRefVisit',
        security: SECURITY.public,
        tags: ['partners'],
        summary: 'Count one square opened through a deep link (the app sends it once per visit)',
        params: RefParams,
        response: { 204: z.null() },
      },
      // Not personal and not costly, but a loop must not inflate a partner's figures.
      config: softLimit('visit'),
    },
    async (req, reply) => {
      await links.countVisit(req.params.ref);
      return reply.code(204).send(null);
    },
  );
};
