import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

// Vite names every file under assets/ after a hash of its content: a new build is a new URL, so a
// browser (or a CDN) may keep it for a year without asking again.
export const IMMUTABLE = 'public, max-age=31536000, immutable';
// Everything else (index.html, the service worker, the icon) names the current build: a browser may
// keep a copy but must ask first (a 304 costs one round trip, a stale index.html costs a broken app).
export const REVALIDATE = 'no-cache';

// Helmet's headers that only a document (a page, a worker) obeys: on a hashed script or stylesheet a
// browser ignores them, and on HTTP/1.1 they cost ~0.5 KB per file, ~7 KB of the square's first load.
// nosniff, Cross-Origin-Resource-Policy, Referrer-Policy (a stylesheet's own requests) and HSTS stay.
const DOCUMENT_ONLY = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/** The cache policy of a file of the built app, by its path inside the build folder. */
export function cacheControlFor(relativePath: string): string {
  return relativePath.split(path.sep).join('/').startsWith('assets/') ? IMMUTABLE : REVALIDATE;
}

/**
 * Serves the built H5 app at `/`; returns whether it was there to serve. The build writes Brotli and
 * gzip copies beside each text file (apps/web/vite.config.ts), sent as they are to a browser that
 * accepts them, so no asset is compressed per request.
 */
export async function serveWebApp(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    app.log.warn({ distDir }, 'web app not built; run `npm run build`');
    return false;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    // The .br and .gz copies are answers to /x.js, not files of their own.
    globIgnore: ['**/*.br', '**/*.gz', '.vite/**'],
    setHeaders: (reply: FastifyReply, file: string) => {
      const served = path.relative(distDir, file).replace(/\.(br|gz)$/, '');
      const policy = cacheControlFor(served);
      reply.header('cache-control', policy);
      if (policy === IMMUTABLE) for (const name of DOCUMENT_ONLY) reply.removeHeader(name);
      // The same URL answers differently by Accept-Encoding: caches in between must keep them apart.
      reply.header('vary', 'accept-encoding');
    },
  });
  return true;
}
