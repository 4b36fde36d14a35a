import type { PharmacySummary, StockItemView } from '@medrelay/contracts';
import { DAY } from '../../platform/clock.ts';
import type { Catalog } from '../catalog/index.ts';
import { isOpenAt } from './opening-hours.ts';
import type { PharmacyRecord } from './pharmacies.repo.ts';
import type { StockRow } from './pharmacies.tables.ts';

/** A status nobody has confirmed for a day says nothing about the shelf today. */
export const STOCK_FRESH_MS = DAY;

export const seenStatus = (
  status: StockRow['status'] | null,
  updatedAt: Date | null,
  now: Date,
): StockRow['status'] | 'unknown' =>
  status && updatedAt && now.getTime() - updatedAt.getTime() < STOCK_FRESH_MS ? status : 'unknown';

/** The catalogue's per-post cap for a need is the default per-person daily limit. */
export const limitOf = (catalog: Catalog, row: Pick<StockRow, 'medicineId' | 'perPersonLimit'>) =>
  row.perPersonLimit ?? catalog.get(row.medicineId)?.caps.need ?? 1;

export function summaryView(
  r: PharmacyRecord,
  now: Date,
  extra: { distanceKm?: number | null; stock?: PharmacySummary['stock'] } = {},
): PharmacySummary {
  const p = r.pharmacy;
  return {
    id: p.partnerId,
    name: r.name,
    address: p.address,
    location: { lat: p.lat, lng: p.lng },
    districtCode: p.districtCode,
    hours: p.hours,
    openNow: isOpenAt(p.hours, now),
    services: p.services,
    pickupWindowHours: p.pickupWindowHours,
    distanceKm: extra.distanceKm ?? null,
    stock: extra.stock ?? null,
  };
}

export function stockItemView(catalog: Catalog, row: StockRow, now: Date): StockItemView {
  const status = seenStatus(row.status, row.updatedAt, now);
  return {
    medicineId: row.medicineId,
    status,
    reservable: status === 'unknown' || status === 'out' ? 0 : row.reservable,
    perPersonLimit: limitOf(catalog, row),
    updatedAt: row.updatedAt.toISOString(),
  };
}
