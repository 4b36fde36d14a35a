import type { Kind } from '@medrelay/contracts';
import { ALERT_RADIUS_CHOICES_KM } from '@medrelay/contracts/rules';
import type { LatLng } from '../../lib/coordinates.ts';

/** The radii an alert may use (the square's choices up to 20 km), from the contracts' zod-free rules. */
export const ALERT_RADII: readonly number[] = ALERT_RADIUS_CHOICES_KM;
/** The issue's own example: "有人在 3 公里内提供布洛芬时告诉我". */
export const DEFAULT_ALERT_RADIUS_KM = 3;

export interface AlertSubject {
  kind: Kind;
  medicineId?: string;
  category?: string;
}

export interface AlertDraft extends AlertSubject {
  radiusKm: number;
}

/**
 * An alert from the square's current filters: the same kind and item (an item beats a category, as
 * the server takes one or the other), and the filter's radius brought within the alert's choices.
 */
export function draftFromFilters(f: {
  kind: Kind;
  medicineId?: string;
  category?: string;
  radiusKm?: number;
}): AlertDraft {
  return {
    kind: f.kind,
    medicineId: f.medicineId,
    category: f.medicineId ? undefined : f.category,
    radiusKm: alertRadius(f.radiusKm),
  };
}

/** The largest allowed radius not above the wanted one (20 km for the square's 50), or the default. */
export function alertRadius(wanted: number | undefined): number {
  if (wanted === undefined) return DEFAULT_ALERT_RADIUS_KM;
  const fits = ALERT_RADII.filter((km) => km <= wanted);
  return fits.at(-1) ?? (ALERT_RADII[0] as number);
}

export const hasSubject = (d: AlertSubject): boolean => Boolean(d.medicineId || d.category);

/** The body of POST /me/alerts. */
export function alertBody(d: AlertDraft, at: LatLng) {
  return {
    kind: d.kind,
    ...(d.medicineId ? { medicineId: d.medicineId } : { category: d.category }),
    location: { lat: round5(at.lat), lng: round5(at.lng), coordSystem: 'wgs84' as const },
    radiusKm: d.radiusKm,
  };
}

// About a metre: more would only be false precision about where someone lives.
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

const DAY_MS = 86_400_000;

/** Whole days until an alert lapses (0 on its last day), or -1 once it has lapsed. */
export function daysLeft(expiresAt: string, now: number = Date.now()): number {
  const ms = new Date(expiresAt).getTime() - now;
  return ms <= 0 ? -1 : Math.floor(ms / DAY_MS);
}

/** What an alert takes from the square: its filters (the position never goes into the URL). */
export interface AlertFilters {
  kind: Kind;
  medicineId?: string;
  category?: string;
  radiusKm?: number;
  region?: string;
}
