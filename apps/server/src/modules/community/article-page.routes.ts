import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ArticlesService } from './articles.service.ts';
import { plainExcerpt } from './markdown.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/**
 * The browser page of a published article, `/articles/:id`: the web app's index.html with the share
 * card in its head (og:title, og:description, og:image), since WeChat and other link previews read
 * the HTML and never run the app. The card holds the article and its institution, never a person.
 * Without a built web app, a plain page with the card and the sanitised article.
 */
export const articlePageRoutes: FastifyPluginAsync<{
  articles: ArticlesService;
  publicUrl: string;
  webDist?: string;
}> = async (app, { articles, publicUrl, webDist }) => {
  let indexHtml: string | undefined;
  const shell = async () => {
    if (!webDist) return undefined;
    indexHtml ??= await readFile(path.join(webDist, 'index.html'), 'utf8').catch(() => '');
    return indexHtml || undefined;
  };

  app.get('/articles/:articleId', { schema: { hide: true } }, async (req, reply) => {
    const parsed = z.object({ articleId: z.uuid() }).safeParse(req.params);
    const article = parsed.success
      ? await articles.publicView(parsed.data.articleId).catch(() => undefined)
      : undefined;
    const html = await shell();
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    if (!article) return reply.code(404).send(html ?? '<!doctype html><title>Not found</title>');
    const url = new URL(`/articles/${article.id}`, publicUrl).toString();
    const description = article.summary || plainExcerpt(article.html);
    const image = article.coverUrl ?? new URL('/icon-512.png', publicUrl).toString();
    const meta = [
      ['og:type', 'article'],
      ['og:title', article.title],
      ['og:description', description],
      ['og:image', image],
      ['og:url', url],
      ['og:site_name', '余药互助 MedRelay'],
    ]
      .map(([p, c]) => `<meta property="${p}" content="${escapeHtml(c as string)}">`)
      .concat(
        `<meta name="description" content="${escapeHtml(description)}">`,
        '<meta name="twitter:card" content="summary">',
      )
      .join('');
    const title = `<title>${escapeHtml(article.title)} · ${escapeHtml(article.institution)}</title>`;
    if (html)
      return reply.send(html.replace(/<title>[^<]*<\/title>/, '').replace('<head>', `<head>${title}${meta}`));
    return reply.send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${title}${meta}</head>` +
        `<body><article><h1>${escapeHtml(article.title)}</h1>${article.html}</article></body></html>`,
    );
  });
};
