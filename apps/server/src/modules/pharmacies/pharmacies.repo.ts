import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';
import {
  type PharmacyRow,
  pharmacies,
  pharmacists,
  pharmacyStock,
  type StockRow,
} from './pharmacies.tables.ts';

const { partners, users } = schema;

/** A pharmacy with its partner's name and status (the partners module owns those). */
export interface PharmacyRecord {
  pharmacy: PharmacyRow;
  name: string;
  status: 'pending' | 'approved' | 'rejected' | 'suspended';
}

const withPartner = { pharmacy: pharmacies, name: partners.name, status: partners.status };

/** SQL only: stores, staff certificates and stock statuses. */
export const pharmaciesRepo = {
  async insertPharmacy(db: Db, row: PharmacyRow) {
    await db.insert(pharmacies).values(row);
  },
  async findPharmacy(db: Db, partnerId: string): Promise<PharmacyRecord | undefined> {
    const [row] = await db
      .select(withPartner)
      .from(pharmacies)
      .innerJoin(partners, eq(partners.id, pharmacies.partnerId))
      .where(eq(pharmacies.partnerId, partnerId));
    return row;
  },
  async updatePharmacy(db: Db, partnerId: string, set: Partial<PharmacyRow>) {
    await db.update(pharmacies).set(set).where(eq(pharmacies.partnerId, partnerId));
  },
  /** Approved pharmacies in the given grid cells, with one medicine's stock row when asked. */
  async inCells(db: Db, cells: number[], medicineId?: string) {
    return db
      .select({
        ...withPartner,
        stockStatus: pharmacyStock.status,
        stockUpdatedAt: pharmacyStock.updatedAt,
      })
      .from(pharmacies)
      .innerJoin(partners, and(eq(partners.id, pharmacies.partnerId), eq(partners.status, 'approved')))
      .leftJoin(
        pharmacyStock,
        and(
          eq(pharmacyStock.partnerId, pharmacies.partnerId),
          eq(pharmacyStock.medicineId, medicineId ?? ''),
        ),
      )
      .where(inArray(pharmacies.cell, cells));
  },
  async stock(db: Db, partnerId: string): Promise<StockRow[]> {
    return db.select().from(pharmacyStock).where(eq(pharmacyStock.partnerId, partnerId));
  },
  /**
   * Sets statuses. A quantity left out keeps the units already held; 无货 releases them all;
   * a limit left out (undefined) keeps the one set before.
   */
  async upsertStock(
    db: Db,
    rows: {
      partnerId: string;
      medicineId: string;
      status: StockRow['status'];
      quantity?: number;
      perPersonLimit?: number | null;
      updatedAt: Date;
    }[],
  ) {
    for (const r of rows) {
      const reservable = r.status === 'out' ? 0 : (r.quantity ?? null);
      await db.execute(sql`
        INSERT INTO pharmacy_stock (partner_id, medicine_id, status, reservable, per_person_limit, updated_at)
        VALUES (${r.partnerId}, ${r.medicineId}, ${r.status}, coalesce(${reservable}::int, 0),
          ${r.perPersonLimit ?? null}::int, ${r.updatedAt})
        ON CONFLICT (partner_id, medicine_id) DO UPDATE SET
          status = excluded.status,
          reservable = coalesce(${reservable}::int, pharmacy_stock.reservable),
          per_person_limit = ${r.perPersonLimit === undefined ? sql`pharmacy_stock.per_person_limit` : sql`excluded.per_person_limit`},
          updated_at = excluded.updated_at`);
    }
  },
  async pharmacists(db: Db, partnerId: string) {
    return db
      .select({
        userId: pharmacists.userId,
        phoneMasked: users.phoneMasked,
        certificateNumber: pharmacists.certificateNumber,
        createdAt: pharmacists.createdAt,
      })
      .from(pharmacists)
      .innerJoin(users, eq(users.id, pharmacists.userId))
      .where(eq(pharmacists.partnerId, partnerId))
      .orderBy(pharmacists.createdAt);
  },
  async upsertPharmacist(db: Db, row: typeof pharmacists.$inferInsert) {
    await db
      .insert(pharmacists)
      .values(row)
      .onConflictDoUpdate({
        target: [pharmacists.partnerId, pharmacists.userId],
        set: { certificateNumber: row.certificateNumber },
      });
  },
};
