import { StockBody, StockReply } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { partnerKeyGuard } from '../partners/index.ts';
import type { PharmacyServices } from './pharmacy-services.ts';

/** The pharmacy's part of the partner API (/api/partner/v1): its till or ERP sets stock statuses. */
export const pharmacyApiRoutes: FastifyPluginAsyncZod<PharmacyServices> = async (app, { keys, stock }) => {
  app.decorateRequest('partnerKey');
  const { requireScope, perKey } = partnerKeyGuard(keys);
  app.put(
    '/stock',
    {
      schema: {
        operationId: 'partnerSetStock',
        tags: ['partner API'],
        security: SECURITY.partner('stock:write'),
        summary: "Set the pharmacy's stock statuses (scope stock:write)",
        body: StockBody,
        response: { 200: StockReply },
      },
      config: perKey,
      preHandler: requireScope('stock:write'),
    },
    async (req) => ({ items: await stock.setByKey(req.partnerKey.partner, req.body.items) }),
  );
};
