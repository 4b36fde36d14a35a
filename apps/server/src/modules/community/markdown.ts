import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Articles may hold a little HTML (a table pasted from a leaflet), so markdown-it passes raw HTML and
// sanitize-html decides: only the tags and attributes an article needs, and only http(s)/mailto
// links. An article is written by an institution's staff but read by anyone, so neither a <script>
// nor an event handler nor a javascript: link may pass.
const md = new MarkdownIt({ html: true, linkify: true, breaks: true });

const ALLOWED = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'strong',
    'em',
    's',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
} satisfies sanitizeHtml.IOptions;

/** An article's Markdown as HTML that is safe to put in a page. */
export function renderArticle(markdown: string): string {
  return sanitizeHtml(md.render(markdown), {
    ...ALLOWED,
    allowedAttributes: { ...ALLOWED.allowedAttributes, a: ['href', 'title', 'rel', 'target'] },
  });
}

/** Plain text of the first characters, for a share card's description. */
export function plainExcerpt(markdown: string, max = 100): string {
  const text = sanitizeHtml(md.render(markdown), { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
