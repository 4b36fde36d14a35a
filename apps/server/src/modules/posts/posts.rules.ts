import type { Kind } from '@medrelay/contracts';
import { chinaDate } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { Catalog, CatalogEntry } from '../catalog/index.ts';

export interface ItemInput {
  medicineId: string;
  quantity: number;
  expiresOn?: string;
  unopened?: boolean;
}

export interface CheckedItem {
  entry: CatalogEntry;
  quantity: number;
  expiresOn: string | null;
  unopened: boolean | null;
}

/**
 * Items must come from the catalogue, once each, within the per-post cap for the kind (the seed's
 * "4 ibuprofen, 2 antigen tests" spirit: mutual aid, not stock-piling). An offered item must state an
 * expiry date that has not passed; a need carries no expiry.
 */
export function checkItems(kind: Kind, items: ItemInput[], catalog: Catalog, now: Date): CheckedItem[] {
  const today = chinaDate(now);
  const seen = new Set<string>();
  return items.map((item, i) => {
    const field = (name: string) => `items[${i}].${name}`;
    const entry = catalog.get(item.medicineId);
    if (!entry) throw new AppError('unknown_medicine', 400, { field: field('medicineId') });
    if (seen.has(entry.id)) throw new AppError('duplicate_item', 400, { field: field('medicineId') });
    seen.add(entry.id);
    const cap = entry.caps[kind];
    if (item.quantity > cap) throw new AppError('quantity_over_cap', 400, { field: field('quantity'), cap });
    if (kind === 'need') return { entry, quantity: item.quantity, expiresOn: null, unopened: null };
    if (!item.expiresOn) throw new AppError('expiry_required', 400, { field: field('expiresOn') });
    if (item.expiresOn <= today) throw new AppError('expiry_in_past', 400, { field: field('expiresOn') });
    return { entry, quantity: item.quantity, expiresOn: item.expiresOn, unopened: item.unopened ?? null };
  });
}
