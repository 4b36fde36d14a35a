import type { StockItemView, StockUpdate } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import { pharmaciesRepo as repo } from './pharmacies.repo.ts';
import type { PharmacyAccess } from './pharmacy-access.ts';
import { limitOf, stockItemView } from './pharmacy-views.ts';
import { parseStockCsv } from './stock-csv.ts';

type Update = z.output<typeof StockUpdate>;

/** Stock statuses, set one tap at a time, by CSV, or by a partner key; every catalogue item listed. */
export function createPharmacyStockService(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  access: PharmacyAccess;
}) {
  const { db, clock, catalog, access } = deps;

  async function list(partnerId: string): Promise<StockItemView[]> {
    const now = clock.now();
    const rows = new Map((await repo.stock(db, partnerId)).map((r) => [r.medicineId, r]));
    return catalog.search().map((m) => {
      const row = rows.get(m.id);
      return row
        ? stockItemView(catalog, row, now)
        : {
            medicineId: m.id,
            status: 'unknown',
            reservable: 0,
            perPersonLimit: limitOf(catalog, { medicineId: m.id, perPersonLimit: null }),
            updatedAt: null,
          };
    });
  }

  async function set(partnerId: string, items: Update[]) {
    for (const [i, item] of items.entries()) {
      if (!catalog.get(item.medicineId))
        throw new AppError('unknown_medicine', 400, { field: `items[${i}].medicineId` });
    }
    const now = clock.now();
    await db.transaction((tx) =>
      repo.upsertStock(
        tx,
        items.map((item) => ({ partnerId, ...item, updatedAt: now })),
      ),
    );
    return list(partnerId);
  }

  return {
    async list(user: User, partnerId: string) {
      await access.asStaff(user, partnerId);
      return list(partnerId);
    },
    async set(user: User, partnerId: string, items: Update[]) {
      await access.asStaff(user, partnerId);
      return set(partnerId, items);
    },
    async importCsv(user: User, partnerId: string, csv: string) {
      await access.asStaff(user, partnerId);
      return set(partnerId, parseStockCsv(csv));
    },
    /** For the partner API: the key already names the pharmacy. */
    async setByKey(partner: { id: string; type: string }, items: Update[]) {
      if (partner.type !== 'pharmacy' || !(await repo.findPharmacy(db, partner.id)))
        throw new AppError('pharmacy_not_found', 404);
      return set(partner.id, items);
    },
  };
}

export type PharmacyStockService = ReturnType<typeof createPharmacyStockService>;
