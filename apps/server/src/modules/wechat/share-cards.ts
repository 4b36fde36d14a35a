import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { PostView, ShareCardView } from '@medrelay/contracts';
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';
import { renderShareImage, type ShareImageKind } from './share-image.ts';

const SITE = '余药互助 MedRelay';
const KIND_ZH = { need: '求药', offer: '赠药' } as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * Share cards (Open Graph for any crawler, the same data for WeChat's JS-SDK share and the mini
 * program's onShareAppMessage): a post page, the square with its filters, a partner's deep link.
 * Built from public fields only: the kind, medicine names, the district, a partner's name. Never a
 * phone, a person's name, a note or a point.
 */
export function createShareCards(deps: {
  publicUrl: string;
  catalog: Catalog;
  regions: Regions;
  post: (id: string) => Promise<PostView>;
  /** A deep link's ref → the partner's (organisation's) name, undefined if unknown. */
  partnerName: (ref: string) => Promise<string | undefined>;
}) {
  const base = deps.publicUrl.replace(/\/$/, '');
  const images = new Map<ShareImageKind, Buffer>();
  const imageUrl = (kind: ShareImageKind) => `${base}/api/v1/share/images/${kind}.png`;
  const medicine = (id: string) => deps.catalog.get(id)?.name.zh;

  async function postCard(id: string, link: string): Promise<ShareCardView | undefined> {
    let post: PostView;
    try {
      post = await deps.post(id);
    } catch {
      return undefined;
    }
    const names = [...new Set(post.items.map((i) => i.name.zh))];
    const what =
      names.length > 2 ? `${names.slice(0, 2).join('、')} 等 ${names.length} 种` : names.join('、');
    const where = post.region.district || post.region.city;
    const title = `${KIND_ZH[post.kind]}：${what} · ${where}`;
    const desc =
      post.kind === 'need'
        ? `${post.region.city}${where === post.region.city ? '' : where}有邻居需要${what}，你家有闲置的吗？`
        : `${post.region.city}${where === post.region.city ? '' : where}有邻居可分享${what}，需要的邻居可联系。`;
    return { title, desc: `${desc} · ${SITE}`, imageUrl: imageUrl(post.kind), link };
  }

  async function squareCard(q: URLSearchParams, link: string): Promise<ShareCardView> {
    const parts: string[] = [];
    const kind = q.get('kind');
    if (kind === 'need' || kind === 'offer') parts.push(KIND_ZH[kind]);
    const med = q.get('medicineId') ? medicine(q.get('medicineId') as string) : undefined;
    if (med) parts.push(med);
    const region = q.get('region') ? deps.regions.get(q.get('region') as string)?.name : undefined;
    if (region) parts.push(region);
    const ref = q.get('ref');
    const partner = ref && /^[0-9a-f]{8}$/i.test(ref) ? await deps.partnerName(ref) : undefined;
    const title = partner
      ? `${partner} 邀请你看附近的余药互助${parts.length ? ` · ${parts.join(' · ')}` : ''}`
      : `余药互助广场${parts.length ? ` · ${parts.join(' · ')}` : ''}`;
    return {
      title,
      desc: `附近邻居的闲置药品和求药信息，免费互助，不买卖。 · ${SITE}`,
      imageUrl: imageUrl(kind === 'need' || kind === 'offer' ? kind : 'square'),
      link,
    };
  }

  return {
    /** The card for a path of the H5 app (with its query), or undefined if it has none. */
    async card(pathAndQuery: string): Promise<ShareCardView | undefined> {
      const url = new URL(pathAndQuery, 'http://x');
      const link = `${base}${url.pathname}${url.search}`;
      const post = /^\/posts\/([0-9a-f-]{36})\/?$/i.exec(url.pathname);
      if (post) return postCard(post[1] as string, link);
      if (url.pathname === '/' || url.pathname === '/square' || url.pathname === '/square/')
        return squareCard(url.searchParams, link);
      return undefined;
    },
    /** The PNG for a kind, drawn once per process. */
    image(kind: ShareImageKind): Buffer {
      let png = images.get(kind);
      if (!png) {
        png = renderShareImage(kind);
        images.set(kind, png);
      }
      return png;
    },
  };
}

export type ShareCards = ReturnType<typeof createShareCards>;

export function shareMetaTags(card: ShareCardView): string {
  const tags = [
    ['og:type', 'website'],
    ['og:site_name', SITE],
    ['og:title', card.title],
    ['og:description', card.desc],
    ['og:image', card.imageUrl],
    ['og:image:width', '1200'],
    ['og:image:height', '630'],
    ['og:url', card.link],
  ];
  return [
    ...tags.map(([p, c]) => `<meta property="${p}" content="${escapeHtml(c as string)}" data-share>`),
    `<meta name="description" content="${escapeHtml(card.desc)}" data-share>`,
    `<meta name="twitter:card" content="summary_large_image" data-share>`,
  ].join('');
}

/**
 * The H5 app's index.html, for the paths that have a share card, with the card's meta tags in its
 * head: crawlers and WeChat's link preview read them without running the app. Other paths are left
 * to the static files and the app's fallback.
 */
export function installShareMeta(app: FastifyInstance, opts: { webDist: string; cards: ShareCards }) {
  const file = path.join(opts.webDist, 'index.html');
  if (!existsSync(file)) return;
  let index: string | undefined;
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !(req.headers.accept ?? '').includes('text/html')) return;
    const pathOnly = req.url.split('?')[0] ?? '';
    if (!/^\/(square\/?|posts\/[0-9a-fA-F-]{36}\/?)?$/.test(pathOnly)) return;
    const card = await opts.cards.card(req.url);
    if (!card) return;
    // Read at first use: a rebuild while the server runs is served after a restart, as the assets are.
    index ??= readFileSync(file, 'utf8');
    // Only added tags (each marked data-share): without them the page is index.html as built.
    const html = index.replace('</head>', `${shareMetaTags(card)}</head>`);
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding');
    // Compressed as the static index.html is (its .br/.gz copies cannot carry the card).
    const accepts = String(req.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accepts))
      return reply
        .header('content-encoding', 'br')
        .send(brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));
    if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(gzipSync(html));
    return reply.send(html);
  });
}
