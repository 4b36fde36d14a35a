import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIVE_EMBED_HOSTS } from '@medrelay/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { AppError } from './errors.ts';

/**
 * Security headers with a strict CSP for the H5 app (scripts only from our origin; map tiles are
 * images from any https host because the tile server is configuration).
 *
 * Helmet decides them once, at start: none of them depends on the request (no nonces), and running
 * helmet's middleware chain on every request (the CSP re-serialised each time) cost about as much as
 * the square's own work on a cached page (docs/benchmarks.md, "Where a request's time goes").
 */
export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  const headers = helmetHeaders(securityOptions(opts));
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers helmet sets with these options, read from one run of its middleware. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

const securityOptions = (opts: { https: boolean }): HelmetOptions => ({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // WeChat's JS-SDK (jweixin), loaded by the app only inside WeChat for its share data.
      scriptSrc: ["'self'", 'https://res.wx.qq.com', 'https://res2.wx.qq.com'],
      // Leaflet positions tiles and markers with inline style attributes.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      // A live session's player, only from the allow-listed https hosts (issue 14).
      frameSrc: LIVE_EMBED_HOSTS.map((host) => `https://${host}`),
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Only when the app is served over TLS: on a plain-http deployment (a community centre's LAN)
      // the browser would rewrite every asset URL to https and load nothing.
      upgradeInsecureRequests: opts.https ? [] : null,
    },
  },
  // The API answers cross-origin-isolated JSON; the embed (a later issue) relaxes this per route.
  crossOriginEmbedderPolicy: false,
});

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence for cookie-authenticated writes (OWASP "verifying origin with standard headers", on top
 * of SameSite=Lax cookies): a browser tells where a request comes from in Sec-Fetch-Site and Origin;
 * a write from another site is refused. Requests without a session cookie carry no ambient authority.
 */
export function installCsrfCheck(app: FastifyInstance, sessionCookie: string): void {
  // A callback hook: every request passes it, and reads pass straight through without a promise.
  app.addHook('onRequest', (req, _reply, done) => {
    if (!UNSAFE.has(req.method) || !req.cookies?.[sessionCookie]) return done();
    try {
      refuseCrossSite(req);
    } catch (err) {
      return done(err as Error);
    }
    done();
  });
}

function refuseCrossSite(req: FastifyRequest): void {
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new AppError('csrf_rejected', 403, { reason: 'cross_site' });
  }
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    const host = req.headers['x-forwarded-host'] ?? req.headers.host;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('csrf_rejected', 403, { reason: 'bad_origin' });
    }
    if (originHost !== host) throw new AppError('csrf_rejected', 403, { reason: 'cross_origin' });
  } else if (origin === 'null') {
    throw new AppError('csrf_rejected', 403, { reason: 'opaque_origin' });
  }
}
