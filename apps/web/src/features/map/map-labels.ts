import type { PostView } from '@medrelay/contracts';

type Placed = Pick<PostView, 'region'>;

/** From this zoom on, pins name their district (南山区) rather than their city (深圳市). */
export const DISTRICT_ZOOM = 12;

/**
 * What a cluster is called on a plain map: its city when all its posts share one, its province when
 * they span cities of one province ("广东省"), and nothing beyond the count when they span provinces.
 */
export function clusterPlace(posts: readonly (Placed | undefined)[]): string {
  const placed = posts.filter((p): p is Placed => Boolean(p));
  const first = placed[0];
  if (!first) return '';
  if (placed.every((p) => p.region.cityCode === first.region.cityCode)) return first.region.city;
  if (placed.every((p) => p.region.provinceCode === first.region.provinceCode)) return first.region.province;
  return '';
}

const escapeHtml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A pin's label: the city, and the district once zoomed in (CSS shows one of the two by zoom). */
export function pinLabelHtml(post: Placed): string {
  const { city, district } = post.region;
  return `<em><b class="pin-city">${escapeHtml(city)}</b><b class="pin-district">${escapeHtml(district || city)}</b></em>`;
}

export function clusterHtml(count: number, place: string): string {
  return `<span>${count}</span>${place ? `<em>${escapeHtml(place)}</em>` : ''}`;
}
