import { createHash } from 'node:crypto';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { AppError } from './errors.ts';

export interface RateLimitPlatform {
  /** True when limits are configured to be shared through Redis and Redis cannot be reached. */
  sharedStoreDown(): boolean;
  close(): Promise<void>;
}

const SESSION_COOKIE = 'mr_sid';

export const byIp = (req: FastifyRequest): string => `ip:${req.ip}`;

// The global budget's key, as the plugin's own default: an IPv4 address, or an IPv6 address's /64
// (one home's or one phone's prefix, whose low bits the device may change at will). Parsing IPv6 is
// about a tenth of a cached public read's CPU, so each address's key is remembered (a bounded map,
// emptied when full: a busy process sees far fewer distinct addresses a minute than this).
const REMEMBERED_KEYS = 100_000;
const globalKeys = new Map<string, string>();
export function globalKeyOf(ip: string): string {
  let key = globalKeys.get(ip);
  if (key === undefined) {
    key = normalizeIP(ip);
    if (globalKeys.size >= REMEMBERED_KEYS) globalKeys.clear();
    globalKeys.set(ip, key);
  }
  return key;
}

/** Per account where a session cookie is present, else per address. */
export const bySessionOrIp = (req: FastifyRequest): string => {
  const token = req.cookies?.[SESSION_COOKIE];
  return token ? `s:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `ip:${req.ip}`;
};

/**
 * Route budgets (per minute). Reads are generous: infinite scroll and a map fire many requests.
 * Writes that cost money (SMS), expose people (contact) or fill the square (posts, reports) are tight,
 * and they fail closed: if the shared store is down they answer 503 rather than run unlimited.
 */
export const LIMITS: Record<LimitName, { max: number; timeWindow: number }> = {
  global: { max: 600, timeWindow: 60_000 },
  sms: { max: 20, timeWindow: 60_000 },
  login: { max: 20, timeWindow: 60_000 },
  verification: { max: 10, timeWindow: 3_600_000 },
  post: { max: 20, timeWindow: 60_000 },
  contact: { max: 20, timeWindow: 60_000 },
  report: { max: 20, timeWindow: 60_000 },
  visit: { max: 10, timeWindow: 60_000 },
  // The post form screens the draft while the resident types (debounced): about one a second at most.
  screen: { max: 60, timeWindow: 60_000 },
};

export type LimitName =
  | 'global'
  | 'sms'
  | 'login'
  | 'verification'
  | 'post'
  | 'contact'
  | 'report'
  | 'visit'
  | 'screen';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Multiplies every budget: 1 in production. Tests that are not about limits raise it, since the
     * plugin counts real time, which a test clock cannot move.
     */
    rateLimitFactor: number;
  }
}

const budget = (name: LimitName) => ({
  timeWindow: LIMITS[name].timeWindow,
  max: (req: FastifyRequest) => LIMITS[name].max * req.server.rateLimitFactor,
});

/** Route config for a tighter limit that is not worth refusing service over when Redis is down. */
export const softLimit = (name: LimitName, keyGenerator = byIp) => ({
  rateLimit: { ...budget(name), keyGenerator, skipOnError: true, groupId: name },
});

/** Route config for a strict, fail-closed limit; spread into a route's `config`. */
export const strictLimit = (name: LimitName, keyGenerator = bySessionOrIp) => ({
  rateLimit: { ...budget(name), keyGenerator, skipOnError: false, groupId: name },
});

/**
 * In-process counters by default; a Redis store when REDIS_URL is set, so that several server
 * processes share one budget per client.
 */
export async function installRateLimits(
  app: FastifyInstance,
  opts: { redisUrl?: string; factor?: number },
): Promise<RateLimitPlatform> {
  app.decorate('rateLimitFactor', opts.factor ?? 1);
  const { redisUrl } = opts;
  const redis = redisUrl
    ? new Redis(redisUrl, {
        // Limits must answer fast: no queue of commands while disconnected, one retry at most.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 1000,
        lazyConnect: false,
      })
    : undefined;
  redis?.on('error', (err) => app.log.warn({ err: { message: err.message } }, 'redis unavailable'));
  // Start answering only once the first connection attempt has settled: otherwise the first
  // strict-limit request after start-up sees "connecting" and fails closed for no reason.
  if (redis) await firstConnection(redis);
  await app.register(rateLimit, {
    global: true,
    ...budget('global'),
    keyGenerator: (req) => globalKeyOf(req.ip),
    redis,
    nameSpace: 'medrelay:rl:',
    // Reads keep working when the shared store is down.
    skipOnError: true,
    // The web app's hashed, immutable files are not API calls: a household behind one address that
    // opens the app on a few phones must not spend its API budget on CSS and JavaScript.
    allowList: (req) => req.url.startsWith('/assets/'),
    // Thrown into the one error handler, which answers in the API's error shape with Retry-After.
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', 429, {
        limit: ctx.max,
        retryAfterSeconds: Math.max(1, Math.ceil(ctx.ttl / 1000)),
      }),
  });
  return {
    sharedStoreDown: () => Boolean(redis && redis.status !== 'ready'),
    close: async () => {
      redis?.disconnect();
    },
  };
}

/** Resolves when Redis is ready or has failed its first attempt (never rejects; bounded wait). */
function firstConnection(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, 2000);
    redis.once('ready', done);
    redis.once('error', done);
  });
}
