import helmet from '@fastify/helmet';
import { LIVE_EMBED_HOSTS } from '@medrelay/contracts';
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Security headers with a strict CSP for the H5 app (scripts only from our origin; map tiles are
 * images from any https host because the tile server is configuration).
 */
export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
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
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence for cookie-authenticated writes (OWASP "verifying origin with standard headers", on top
 * of SameSite=Lax cookies): a browser tells where a request comes from in Sec-Fetch-Site and Origin;
 * a write from another site is refused. Requests without a session cookie carry no ambient authority.
 */
export function installCsrfCheck(app: FastifyInstance, sessionCookie: string): void {
  app.addHook('onRequest', async (req) => {
    if (!UNSAFE.has(req.method) || !req.cookies?.[sessionCookie]) return;
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
  });
}
