import { MedicinesQuery, MedicinesReply } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { Catalog } from './catalog.service.ts';

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
    async (req) => ({
      version: catalog.version,
      categories: catalog.categories,
      items: catalog.search(req.query.q, req.query.category),
    }),
  );
};
