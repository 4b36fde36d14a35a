import type { Kind, VulnerableFlag } from '@medrelay/contracts';
import { FEED_DEFAULT_RADIUS_KM, RADIUS_CHOICES_KM, VULNERABLE_FLAGS } from '@medrelay/contracts/rules';
import type { Query } from '../../lib/api-client.ts';
import type { LatLng } from '../../lib/coordinates.ts';

/**
 * The square's filters live in the URL, so that official-account menus and articles can link
 * straight into a preset square: /square?kind=need&region=440300&medicineId=ibuprofen-tablet&sort=distance.
 * The user's position never goes into the URL: it is personal data and links get shared.
 */
export interface SquareFilters {
  kind: Kind;
  sort: 'time' | 'distance';
  medicineId?: string;
  category?: string;
  region?: string;
  radiusKm?: number;
  flags: VulnerableFlag[];
  /**
   * A partner's attribution from its deep link (the first 8 characters of its id). It is not a filter:
   * it rides along in the URL so that moving around the square keeps crediting the partner.
   */
  ref?: string;
}

const ID = /^[a-z0-9-]{1,64}$/;
const REF = /^[a-z0-9]{1,32}$/i;

/**
 * `defaultSort` applies when the link names no order: nearest-first once the browser may share the
 * position, newest-first nationwide otherwise (the square never asks for the position by itself).
 */
export function parseFilters(
  params: URLSearchParams,
  defaultSort: SquareFilters['sort'] = 'time',
): SquareFilters {
  const kind = params.get('kind') === 'offer' ? 'offer' : 'need';
  const sortParam = params.get('sort');
  const sort = sortParam === 'distance' || sortParam === 'time' ? sortParam : defaultSort;
  const medicineId = params.get('medicineId') ?? undefined;
  const category = params.get('category') ?? undefined;
  const region = params.get('region') ?? undefined;
  const ref = params.get('ref') ?? undefined;
  const radius = Number(params.get('radiusKm'));
  const flags = (params.get('flags') ?? '')
    .split(',')
    .filter((f): f is VulnerableFlag => (VULNERABLE_FLAGS as readonly string[]).includes(f));
  return {
    kind,
    sort,
    medicineId: medicineId && ID.test(medicineId) ? medicineId : undefined,
    category: category && ID.test(category) ? category : undefined,
    region: region && /^\d{6}$/.test(region) ? region : undefined,
    radiusKm: (RADIUS_CHOICES_KM as readonly number[]).includes(radius) ? radius : undefined,
    flags: [...new Set(flags)],
    ref: ref && REF.test(ref) ? ref : undefined,
  };
}

export function filtersToParams(f: SquareFilters): URLSearchParams {
  const params = new URLSearchParams();
  params.set('kind', f.kind);
  // Always written: a chosen "newest" must survive a reload where nearest-first is the default.
  params.set('sort', f.sort);
  if (f.medicineId) params.set('medicineId', f.medicineId);
  if (f.category) params.set('category', f.category);
  if (f.region) params.set('region', f.region);
  if (f.radiusKm) params.set('radiusKm', String(f.radiusKm));
  if (f.flags.length) params.set('flags', f.flags.join(','));
  if (f.ref) params.set('ref', f.ref);
  return params;
}

/** Does this view need the user's position? Nearest-first and a radius both do. */
export const needsPosition = (f: SquareFilters): boolean => f.sort === 'distance' || f.radiusKm !== undefined;

/**
 * The API query for the filters. Without a position the square falls back to newest-first over the
 * region (or everywhere), rather than showing nothing.
 */
export function feedQuery(f: SquareFilters, position: LatLng | undefined, limit = 20): Query {
  const usePosition = position && needsPosition(f);
  return {
    kind: f.kind,
    medicineId: f.medicineId,
    category: f.category,
    region: f.region,
    flags: f.flags.length ? f.flags.join(',') : undefined,
    sort: usePosition && f.sort === 'distance' ? 'distance' : 'time',
    near: usePosition ? `${position.lat.toFixed(5)},${position.lng.toFixed(5)}` : undefined,
    radiusKm: usePosition ? (f.radiusKm ?? FEED_DEFAULT_RADIUS_KM) : undefined,
    limit,
  };
}

export const activeFilterCount = (f: SquareFilters): number =>
  [f.medicineId, f.category, f.region, f.radiusKm].filter(Boolean).length + f.flags.length;

/** The radius the feed query applies (km), or undefined when it is not limited by distance. */
export const appliedRadiusKm = (query: Query): number | undefined =>
  typeof query.radiusKm === 'number' ? query.radiusKm : undefined;

/** The next larger radius choice, for "扩大范围" at the end of a distance-limited list. */
export function widerRadiusKm(km: number): number | undefined {
  return RADIUS_CHOICES_KM.find((choice) => choice > km);
}
