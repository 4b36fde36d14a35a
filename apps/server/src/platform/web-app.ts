import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built H5 app at `/`. Client routes (/square?kind=need…) are deep-linkable from
 * official-account menus and articles, so unknown non-API GETs answer with index.html.
 */
export async function serveWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ distDir }, 'web app not built; run `npm run build`');
    return;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/docs');
    if (req.method === 'GET' && !isApi && (req.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({
      error: { code: 'not_found', message: 'Not found.', details: { path: req.url.split('?')[0] } },
    });
  });
}
