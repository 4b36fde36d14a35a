import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';
import { pharmacies, pharmacists } from './pharmacies.tables.ts';

const { partners } = schema;

/**
 * Who is a pharmacist of which approved pharmacy: for modules that decide access by it (care's
 * health-data policy). Read-only; a suspended or unapproved pharmacy has no pharmacists here.
 */
export const pharmacyStaff = {
  async isPharmacist(db: Db, partnerId: string, userId: string): Promise<boolean> {
    const [row] = await db
      .select({ userId: pharmacists.userId })
      .from(pharmacists)
      .innerJoin(partners, and(eq(partners.id, pharmacists.partnerId), eq(partners.status, 'approved')))
      .where(and(eq(pharmacists.partnerId, partnerId), eq(pharmacists.userId, userId)));
    return Boolean(row);
  },
  /** The approved pharmacies this person works at as a pharmacist. */
  async pharmaciesOf(db: Db, userId: string): Promise<{ partnerId: string; name: string }[]> {
    return db
      .select({ partnerId: pharmacists.partnerId, name: partners.name })
      .from(pharmacists)
      .innerJoin(partners, and(eq(partners.id, pharmacists.partnerId), eq(partners.status, 'approved')))
      .where(eq(pharmacists.userId, userId))
      .orderBy(partners.name);
  },
  /** An approved pharmacy by id, with its name; undefined for anything else. */
  async approvedPharmacy(
    db: Db,
    partnerId: string,
  ): Promise<{ partnerId: string; name: string } | undefined> {
    const [row] = await db
      .select({ partnerId: pharmacies.partnerId, name: partners.name })
      .from(pharmacies)
      .innerJoin(partners, and(eq(partners.id, pharmacies.partnerId), eq(partners.status, 'approved')))
      .where(eq(pharmacies.partnerId, partnerId));
    return row;
  },
};
