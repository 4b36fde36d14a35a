import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { PartnerKeysService } from './partner-keys.service.ts';

const asset = (name: string) => readFileSync(new URL(`./embed/${name}`, import.meta.url), 'utf8');
const WIDGET_JS = asset('widget.js');
const EMBED_JS = asset('embed.js');
const EMBED_CSS = asset('embed.css');

const EmbedQuery = z.object({ key: z.string().max(80).optional() });

const page = (error?: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>余药互助 · 信息广场</title><link rel="stylesheet" href="/embed/embed.css"></head>
<body><main id="square" aria-live="polite">${error ? `<p class="empty">${error}</p>` : '<p class="empty">加载中… Loading…</p>'}</main>
${error ? '' : '<script src="/embed/embed.js"></script>'}</body></html>`;

/**
 * The embeddable square. Framing is allowed only for the origins the partner listed, through the CSP
 * frame-ancestors of the page itself; a publishable key names the partner. Without a valid key the
 * page still works on its own but cannot be framed anywhere.
 */
export const embedRoutes: FastifyPluginAsync<{ keys: PartnerKeysService }> = async (app, { keys }) => {
  // The query goes through the route's validation like every other: a key too long or given twice is
  // a 400, not an exception thrown in the handler (issue 17).
  app.get(
    '/embed/square',
    {
      schema: {
        operationId: 'getEmbedSquare',
        summary: 'The embeddable square (an HTML page to put in an iframe)',
        security: SECURITY.widget,
        querystring: EmbedQuery,
      },
    },
    async (req, reply) => {
      const { key } = req.query as z.infer<typeof EmbedQuery>;
      let ancestors = "'none'";
      let error: string | undefined;
      if (key) {
        try {
          const found = await keys.authenticateKey(key, { count: false });
          if (found.key.kind !== 'publishable') throw new Error('secret key in a web page');
          if (found.partner.allowedOrigins.length) ancestors = found.partner.allowedOrigins.join(' ');
        } catch {
          error = '组件密钥无效 · The widget key is not valid';
        }
      }
      reply.removeHeader('x-frame-options');
      reply.header(
        'content-security-policy',
        `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${ancestors}; base-uri 'none'; form-action 'none'`,
      );
      reply.header('cache-control', 'no-store');
      return reply.type('text/html; charset=utf-8').send(page(error));
    },
  );

  const serve = (path: string, type: string, body: string) =>
    app.get(path, { schema: { hide: true } }, async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      // The widget script is loaded by partners' pages from another origin.
      reply.header('cross-origin-resource-policy', 'cross-origin');
      return reply.type(type).send(body);
    });
  serve('/embed/widget.js', 'text/javascript; charset=utf-8', WIDGET_JS);
  serve('/embed/embed.js', 'text/javascript; charset=utf-8', EMBED_JS);
  serve('/embed/embed.css', 'text/css; charset=utf-8', EMBED_CSS);
};
