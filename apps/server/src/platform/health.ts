import type { FastifyInstance } from 'fastify';
import { type Store, storeAnswers } from './db/index.ts';
import { SECURITY } from './openapi/security.ts';

/**
 * `GET /health`: `ok` (200) when the database answers, `degraded` (503) while it does not, so that a
 * load balancer takes this process out of rotation until the database is back. The process itself
 * stays up and reconnects on its own: use this as a readiness check, not as a reason to restart.
 */
export function registerHealth(api: FastifyInstance, probe: HealthProbe): void {
  api.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        security: SECURITY.public,
        tags: ['health'],
        summary: 'Readiness: the store in use and whether it answers',
      },
      // Load balancers poll this several times a second: no line per poll (a failure still logs), and
      // no rate limit (a balancer probing every 100 ms from one address would spend the whole
      // per-address budget and take a healthy process out of rotation).
      logLevel: 'warn',
      config: { rateLimit: false },
    },
    async (_req, reply) => {
      const { primary, replica, kind, hasReplica } = await probe.check();
      const degraded = !primary || replica === false;
      if (degraded) reply.code(503).header('retry-after', '5');
      return {
        status: degraded ? 'degraded' : 'ok',
        store: kind,
        readReplica: hasReplica,
        database: primary ? 'up' : 'down',
        ...(replica === undefined ? {} : { replica: replica ? 'up' : 'down' }),
      };
    },
  );
}

/** How long an answer that the database is up is trusted: one round trip a second serves every poll. */
const UP_TRUSTED_MS = 1000;

export interface HealthProbe {
  check(): Promise<{ primary: boolean; replica?: boolean; kind: Store['kind']; hasReplica: boolean }>;
  /** A request just found the database away: the next check asks it again. */
  forget(): void;
}

/**
 * The database check behind `/health`. A load balancer (and every process's neighbours) poll it many
 * times a second; asking the database each time made `/health` cost several bare routes
 * (docs/benchmarks.md). An "up" answer is reused for a second, unless a request meanwhile met the
 * database away (the error handler calls `forget`); a "down" answer is never reused, so recovery shows
 * at the next poll. Concurrent checks share one round trip.
 */
export function createHealthProbe(deps: { store: Store; readStore?: Store }): HealthProbe {
  type Answer = { primary: boolean; replica?: boolean };
  let trusted: { answer: Answer; until: number } | undefined;
  let pending: Promise<Answer> | undefined;
  const ask = async (): Promise<Answer> => {
    const [primary, replica] = await Promise.all([
      storeAnswers(deps.store),
      deps.readStore ? storeAnswers(deps.readStore) : Promise.resolve(undefined),
    ]);
    return replica === undefined ? { primary } : { primary, replica };
  };
  return {
    async check() {
      const base = { kind: deps.store.kind, hasReplica: Boolean(deps.readStore) };
      if (trusted && performance.now() < trusted.until) return { ...trusted.answer, ...base };
      pending ??= ask().finally(() => {
        pending = undefined;
      });
      const answer = await pending;
      const up = answer.primary && answer.replica !== false;
      trusted = up ? { answer, until: performance.now() + UP_TRUSTED_MS } : undefined;
      return { ...answer, ...base };
    },
    forget() {
      trusted = undefined;
    },
  };
}
