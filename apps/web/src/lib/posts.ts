import type { PostView } from '@medrelay/contracts';
import { pick } from './i18n.ts';

type Item = PostView['items'][number];

/**
 * The unit for a quantity. Chinese units do not inflect; the catalogue's English units are singular
 * count nouns (tablet, test, sachet …) whose plural is a plain -s.
 */
export function unitFor(unit: Item['unit'], quantity: number, lang: 'zh' | 'en'): string {
  const word = pick(unit, lang);
  return lang === 'en' && quantity !== 1 && !word.endsWith('s') ? `${word}s` : word;
}

/** "布洛芬片 × 4 片" — the quantity always with its unit, never a price. */
export const itemLabel = (item: Item, lang: 'zh' | 'en'): string =>
  `${pick(item.name, lang)} × ${item.quantity} ${unitFor(item.unit, item.quantity, lang)}`;

/** "南山区 · 深圳市" style place text from the post's region names (Chinese names only in the data). */
export function placeLabel(region: PostView['region']): string {
  const parts = [region.city, region.district].filter((p, i, all) => p && all.indexOf(p) === i);
  return parts.join(' ');
}

export const isOpen = (post: Pick<PostView, 'status' | 'expiresAt'>, now = Date.now()): boolean =>
  post.status === 'open' && new Date(post.expiresAt).getTime() > now;
