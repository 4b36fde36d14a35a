import { MedicinesQuery, MedicinesReply } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { Catalog } from './catalog.service.ts';

export const CATALOGUE_CACHE = 'public, max-age=600';

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: Catalog }> = async (app, { catalog }) => {
  app.get(
    '/medicines',
    {
      schema: {
        operationId: 'listMedicines',
        security: SECURITY.public,
        tags: ['catalog'],
        summary: 'The medicine catalogue, searchable by name, brand alias, pinyin initials or symptom',
        querystring: MedicinesQuery,
        response: { 200: MedicinesReply },
      },
    },
    async (req, reply) => {
      // Reference data that changes with a deploy: a phone that opens the square again within minutes
      // reuses its copy instead of fetching ~15 KB (compressed) again. Posting checks items on the
      // server, so a copy a few minutes stale after a deploy cannot let a wrong item through.
      reply.header('cache-control', CATALOGUE_CACHE);
      return {
        version: catalog.version,
        categories: catalog.categories,
        items: catalog.search(req.query.q, req.query.category),
      };
    },
  );
};
