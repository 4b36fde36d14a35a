import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { type Db, lockNames, schema } from '../../platform/db/index.ts';

const { alerts } = schema;
export type AlertRow = typeof alerts.$inferSelect;

// The largest alert radius in degrees of latitude (20 km / 111 km), with a margin.
const BAND_DEG = 0.2;

export const alertsRepo = {
  async insert(db: Db, row: AlertRow) {
    await db.insert(alerts).values(row);
  },
  async activeOf(db: Db, userId: string, now: Date) {
    return db
      .select()
      .from(alerts)
      .where(and(eq(alerts.userId, userId), gt(alerts.expiresAt, now)))
      .orderBy(asc(alerts.createdAt));
  },
  /** Serialises one person's alert changes, so two quick saves cannot both pass the limit. */
  async lockPerson(db: Db, userId: string) {
    await lockNames(db, `alerts:${userId}`);
  },
  async find(db: Db, userId: string, id: string) {
    const [row] = await db
      .select()
      .from(alerts)
      .where(and(eq(alerts.id, id), eq(alerts.userId, userId)));
    return row;
  },
  async delete(db: Db, userId: string, id: string) {
    const rows = await db
      .delete(alerts)
      .where(and(eq(alerts.id, id), eq(alerts.userId, userId)))
      .returning({ id: alerts.id });
    return rows.length > 0;
  },
  async renew(db: Db, userId: string, id: string, expiresAt: Date) {
    const [row] = await db
      .update(alerts)
      .set({ expiresAt })
      .where(and(eq(alerts.id, id), eq(alerts.userId, userId)))
      .returning();
    return row;
  },
  /**
   * Alerts that a new post may concern: same kind, one of its medicines or categories, live, in a
   * latitude band as wide as the largest radius (index range scans); the caller checks the exact
   * distance against each alert's own radius.
   */
  async candidates(
    db: Db,
    post: { kind: 'need' | 'offer'; medicineIds: string[]; categories: string[]; lat: number; lng: number },
    now: Date,
  ) {
    // A longitude band too: 0.2° of latitude is 22 km everywhere; of longitude, at least 11 km in
    // the far north of China, so 0.4° covers a 20 km radius up to 60° N.
    const band = and(
      eq(alerts.kind, post.kind),
      sql`${alerts.lat} BETWEEN ${post.lat - BAND_DEG} AND ${post.lat + BAND_DEG}`,
      sql`${alerts.lng} BETWEEN ${post.lng - 2 * BAND_DEG} AND ${post.lng + 2 * BAND_DEG}`,
      gt(alerts.expiresAt, now),
    );
    const columns = {
      id: alerts.id,
      userId: alerts.userId,
      lat: alerts.lat,
      lng: alerts.lng,
      radiusKm: alerts.radiusKm,
    };
    // One round trip, each half still an index-only range scan of its own index.
    const byMedicine = post.medicineIds.length
      ? db
          .select(columns)
          .from(alerts)
          .where(and(inArray(alerts.medicineId, post.medicineIds), band))
      : undefined;
    const byCategory = post.categories.length
      ? db
          .select(columns)
          .from(alerts)
          .where(and(inArray(alerts.category, post.categories), band))
      : undefined;
    if (byMedicine && byCategory) return await unionAll(byMedicine, byCategory);
    return (await (byMedicine ?? byCategory)) ?? [];
  },
};
