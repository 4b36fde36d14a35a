import type { FastifyInstance } from 'fastify';
import { type Store, storeAnswers } from './db/index.ts';
import { SECURITY } from './openapi/security.ts';

/**
 * `GET /health`: `ok` (200) when the database answers, `degraded` (503) while it does not, so that a
 * load balancer takes this process out of rotation until the database is back. The process itself
 * stays up and reconnects on its own: use this as a readiness check, not as a reason to restart.
 */
export function registerHealth(api: FastifyInstance, deps: { store: Store; readStore?: Store }): void {
  api.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        security: SECURITY.public,
        tags: ['health'],
        summary: 'Readiness: the store in use and whether it answers',
      },
    },
    async (_req, reply) => {
      const [primary, replica] = await Promise.all([
        storeAnswers(deps.store),
        deps.readStore ? storeAnswers(deps.readStore) : Promise.resolve(undefined),
      ]);
      const degraded = !primary || replica === false;
      if (degraded) reply.code(503).header('retry-after', '5');
      return {
        status: degraded ? 'degraded' : 'ok',
        store: deps.store.kind,
        readReplica: Boolean(deps.readStore),
        database: primary ? 'up' : 'down',
        ...(replica === undefined ? {} : { replica: replica ? 'up' : 'down' }),
      };
    },
  );
}
