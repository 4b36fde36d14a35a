import type { HealthPart } from '@medrelay/contracts';
import { and, arrayContains, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';
import { type HealthGrantRow, healthGrants, healthReads } from './health.tables.ts';

const { partners, users } = schema;

/** SQL only: grants and the read audit. */
export const healthAccessRepo = {
  async insertGrant(db: Db, row: HealthGrantRow) {
    await db.insert(healthGrants).values(row);
  },
  async findGrant(db: Db, id: string): Promise<HealthGrantRow | undefined> {
    const [row] = await db.select().from(healthGrants).where(eq(healthGrants.id, id));
    return row;
  },
  async revokeGrant(db: Db, id: string, at: Date) {
    await db
      .update(healthGrants)
      .set({ revokedAt: at })
      .where(and(eq(healthGrants.id, id), isNull(healthGrants.revokedAt)));
  },
  /** A person's grants that cover a part and are live at `now`, newest first. */
  async liveGrants(db: Db, userId: string, part: HealthPart, now: Date): Promise<HealthGrantRow[]> {
    return db
      .select()
      .from(healthGrants)
      .where(
        and(
          eq(healthGrants.userId, userId),
          isNull(healthGrants.revokedAt),
          gt(healthGrants.expiresAt, now),
          arrayContains(healthGrants.parts, [part]),
        ),
      )
      .orderBy(desc(healthGrants.createdAt));
  },
  /** Grants to one institution that cover a part and are live at `now`, newest first. */
  async liveGrantsTo(db: Db, partnerId: string, part: HealthPart, now: Date): Promise<HealthGrantRow[]> {
    return db
      .select()
      .from(healthGrants)
      .where(
        and(
          eq(healthGrants.partnerId, partnerId),
          isNull(healthGrants.revokedAt),
          gt(healthGrants.expiresAt, now),
          arrayContains(healthGrants.parts, [part]),
        ),
      )
      .orderBy(desc(healthGrants.createdAt));
  },
  /** Every grant a person made, with the pharmacy's name. */
  async grantsOf(db: Db, userId: string) {
    return db
      .select({ grant: healthGrants, pharmacyName: partners.name })
      .from(healthGrants)
      .innerJoin(partners, eq(partners.id, healthGrants.partnerId))
      .where(eq(healthGrants.userId, userId))
      .orderBy(desc(healthGrants.createdAt));
  },
  async insertRead(db: Db, row: typeof healthReads.$inferInsert) {
    await db.insert(healthReads).values(row);
  },
  /** Reads of one person's data by others, newest first, with the reader masked. */
  async readsOf(db: Db, userId: string, limit = 200) {
    return db
      .select({
        at: healthReads.readAt,
        part: healthReads.part,
        purpose: healthReads.purpose,
        grantId: healthReads.grantId,
        pharmacyName: partners.name,
        reader: users.phoneMasked,
      })
      .from(healthReads)
      .leftJoin(partners, eq(partners.id, healthReads.partnerId))
      .leftJoin(users, eq(users.id, healthReads.readerId))
      .where(eq(healthReads.subjectUserId, userId))
      .orderBy(desc(healthReads.readAt), desc(healthReads.id))
      .limit(limit);
  },
  async countReads(db: Db, userId: string): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(healthReads)
      .where(eq(healthReads.subjectUserId, userId));
    return row?.n ?? 0;
  },
};
