import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';

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
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`alerts:${userId}`}))`);
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
    post: { kind: 'need' | 'offer'; medicineIds: string[]; categories: string[]; lat: number },
    now: Date,
  ) {
    const band = and(
      eq(alerts.kind, post.kind),
      sql`${alerts.lat} BETWEEN ${post.lat - BAND_DEG} AND ${post.lat + BAND_DEG}`,
      gt(alerts.expiresAt, now),
    );
    const [byMedicine, byCategory] = await Promise.all([
      post.medicineIds.length
        ? db
            .select()
            .from(alerts)
            .where(and(inArray(alerts.medicineId, post.medicineIds), band))
        : [],
      post.categories.length
        ? db
            .select()
            .from(alerts)
            .where(and(inArray(alerts.category, post.categories), band))
        : [],
    ]);
    return [...byMedicine, ...byCategory];
  },
};
