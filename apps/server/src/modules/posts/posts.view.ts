import type { MyPostView, PostView, VulnerableFlag } from '@medrelay/contracts';
import type { schema } from '../../platform/db/index.ts';
import { distanceKm, roundForPublic } from '../../platform/geo.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';

export type PostRow = typeof schema.posts.$inferSelect;
export type ItemRow = typeof schema.postItems.$inferSelect;
/** The columns the public view reads: what the square's look-up selects, and nothing more. */
export type PublicPostRow = Pick<
  PostRow,
  | 'id'
  | 'kind'
  | 'status'
  | 'lat'
  | 'lng'
  | 'provinceCode'
  | 'cityCode'
  | 'districtCode'
  | 'forWhom'
  | 'flags'
  | 'note'
  | 'contactPhoneMasked'
  | 'contactMode'
  | 'redFlags'
  | 'assistedByName'
  | 'isDemo'
  | 'createdAt'
  | 'expiresAt'
>;
export type PublicItemRow = Pick<
  ItemRow,
  'medicineId' | 'category' | 'quantity' | 'expiresOn' | 'unopened' | 'position'
>;

// Vulnerable-group flags are stored as a bit mask so the feed can filter "any of" with one AND.
const FLAG_BITS: Record<VulnerableFlag, number> = { elderly: 1, infant: 2, pregnant: 4, chronic: 8 };

export const flagsToMask = (flags: readonly VulnerableFlag[]): number =>
  flags.reduce((mask, f) => mask | FLAG_BITS[f], 0);

export const maskToFlags = (mask: number): VulnerableFlag[] =>
  (Object.keys(FLAG_BITS) as VulnerableFlag[]).filter((f) => (mask & FLAG_BITS[f]) !== 0);

/** The public face of a post: masked phone, rounded location, no owner id. */
export function presentPost(
  post: PublicPostRow,
  items: PublicItemRow[],
  deps: { catalog: Catalog; regions: Regions },
  near?: { lat: number; lng: number },
): PostView {
  const placement = {
    provinceCode: post.provinceCode,
    cityCode: post.cityCode,
    districtCode: post.districtCode,
  };
  return {
    id: post.id,
    kind: post.kind,
    status: post.status,
    items: [...items]
      .sort((a, b) => a.position - b.position)
      .map((i) => {
        const entry = deps.catalog.get(i.medicineId);
        return {
          medicineId: i.medicineId,
          name: entry?.name ?? { zh: i.medicineId, en: i.medicineId },
          category: i.category,
          unit: entry?.unit ?? { zh: '', en: '' },
          quantity: i.quantity,
          expiresOn: i.expiresOn,
          unopened: i.unopened,
        };
      }),
    location: { lat: roundForPublic(post.lat), lng: roundForPublic(post.lng) },
    region: { ...placement, ...deps.regions.names(placement) },
    forWhom: post.forWhom,
    flags: maskToFlags(post.flags),
    note: post.note,
    contactPhoneMasked: post.contactPhoneMasked,
    contactMode: post.contactMode,
    redFlags: post.redFlags,
    assistedBy: post.assistedByName,
    isDemo: post.isDemo,
    createdAt: post.createdAt.toISOString(),
    expiresAt: post.expiresAt.toISOString(),
    ...(near && { distanceKm: Math.round(distanceKm(near.lat, near.lng, post.lat, post.lng) * 10) / 10 }),
  };
}

export function presentMyPost(
  post: PostRow,
  items: ItemRow[],
  deps: { catalog: Catalog; regions: Regions },
): MyPostView {
  return {
    ...presentPost(post, items, deps),
    closedAt: post.closedAt?.toISOString() ?? null,
    renewCount: post.renewCount,
    revealCount: post.revealCount,
    moderationReason: post.moderationReason,
  };
}
