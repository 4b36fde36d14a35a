import { StatsSummary } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { StatsService } from './stats.service.ts';

export const statsRoutes: FastifyPluginAsyncZod<{ stats: StatsService }> = async (app, { stats }) => {
  app.get(
    '/stats/summary',
    {
      schema: {
        operationId: 'getStatsSummary',
        security: SECURITY.public,
        tags: ['stats'],
        summary: 'Totals, top 5 cities by needs and by offers, top medicines needed and offered',
        response: { 200: StatsSummary },
      },
    },
    async () => stats.summary(),
  );
};
