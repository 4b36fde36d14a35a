import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';

const {
  partners,
  partnerMembers,
  apiKeys,
  apiKeyUsage,
  users,
  webhookSubscriptions,
  webhookDeliveries,
  outbox,
} = schema;
export type PartnerRow = typeof partners.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export const partnersRepo = {
  async insertPartner(db: Db, row: PartnerRow, ownerId: string) {
    await db.insert(partners).values(row);
    await db
      .insert(partnerMembers)
      .values({ partnerId: row.id, userId: ownerId, role: 'owner', createdAt: row.createdAt });
  },
  async findPartner(db: Db, id: string) {
    const [row] = await db.select().from(partners).where(eq(partners.id, id));
    return row;
  },
  async listPartners(db: Db, status?: PartnerRow['status']) {
    return db
      .select()
      .from(partners)
      .where(status ? eq(partners.status, status) : undefined)
      .orderBy(desc(partners.createdAt))
      .limit(200);
  },
  async partnersOf(db: Db, userId: string) {
    return db
      .select({ partner: partners, role: partnerMembers.role })
      .from(partnerMembers)
      .innerJoin(partners, eq(partners.id, partnerMembers.partnerId))
      .where(eq(partnerMembers.userId, userId));
  },
  async memberRole(db: Db, partnerId: string, userId: string) {
    const [row] = await db
      .select({ role: partnerMembers.role })
      .from(partnerMembers)
      .where(and(eq(partnerMembers.partnerId, partnerId), eq(partnerMembers.userId, userId)));
    return row?.role;
  },
  async members(db: Db, partnerId: string) {
    return db
      .select({
        userId: partnerMembers.userId,
        role: partnerMembers.role,
        createdAt: partnerMembers.createdAt,
        phoneMasked: users.phoneMasked,
      })
      .from(partnerMembers)
      .innerJoin(users, eq(users.id, partnerMembers.userId))
      .where(eq(partnerMembers.partnerId, partnerId));
  },
  async upsertMember(db: Db, row: typeof partnerMembers.$inferInsert) {
    await db
      .insert(partnerMembers)
      .values(row)
      .onConflictDoUpdate({
        target: [partnerMembers.partnerId, partnerMembers.userId],
        set: { role: row.role },
      });
  },
  async updatePartner(db: Db, id: string, set: Partial<PartnerRow>) {
    const [row] = await db.update(partners).set(set).where(eq(partners.id, id)).returning();
    return row;
  },
  async findUserByPhoneHash(db: Db, phoneHash: string) {
    const [row] = await db.select().from(users).where(eq(users.phoneHash, phoneHash));
    return row;
  },
  async insertKey(db: Db, row: ApiKeyRow) {
    await db.insert(apiKeys).values(row);
  },
  async findKeyByHash(db: Db, keyHash: string) {
    const [row] = await db
      .select({ key: apiKeys, partner: partners })
      .from(apiKeys)
      .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
      .where(eq(apiKeys.keyHash, keyHash));
    return row;
  },
  async findKey(db: Db, partnerId: string, keyId: string) {
    const [row] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.partnerId, partnerId)));
    return row;
  },
  async keys(db: Db, partnerId: string) {
    return db.select().from(apiKeys).where(eq(apiKeys.partnerId, partnerId)).orderBy(desc(apiKeys.createdAt));
  },
  async revokeKey(db: Db, keyId: string, now: Date, replacedBy?: string) {
    await db
      .update(apiKeys)
      .set({ revokedAt: now, ...(replacedBy ? { replacedBy } : {}) })
      .where(and(eq(apiKeys.id, keyId), sql`${apiKeys.revokedAt} IS NULL`));
  },
  /** Counts one use for today and returns the new count (the daily quota check). */
  async countUse(db: Db, keyId: string, day: string, now: Date) {
    const [row] = await db
      .insert(apiKeyUsage)
      .values({ keyId, day, count: 1 })
      .onConflictDoUpdate({
        target: [apiKeyUsage.keyId, apiKeyUsage.day],
        set: { count: sql`${apiKeyUsage.count} + 1` },
      })
      .returning({ count: apiKeyUsage.count });
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, keyId));
    return row?.count ?? 1;
  },
  async usage(db: Db, keyIds: string[], day: string) {
    if (keyIds.length === 0) return [];
    return selectRows<{ key_id: string; today: number; total: number }>(
      db,
      sql`SELECT key_id, coalesce(sum(count) FILTER (WHERE day = ${day}::date), 0)::int AS today, sum(count)::int AS total
        FROM api_key_usage WHERE key_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(keyIds)}::jsonb)::uuid)
        GROUP BY key_id`,
    );
  },
  async insertWebhook(db: Db, row: typeof webhookSubscriptions.$inferInsert) {
    await db.insert(webhookSubscriptions).values(row);
  },
  async webhooks(db: Db, partnerId: string) {
    return db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.partnerId, partnerId));
  },
  async deactivateWebhook(db: Db, partnerId: string, id: string) {
    const rows = await db
      .update(webhookSubscriptions)
      .set({ active: false })
      .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.partnerId, partnerId)))
      .returning({ id: webhookSubscriptions.id });
    return rows.length > 0;
  },
  async deliveries(db: Db, partnerId: string) {
    return db
      .select({ d: webhookDeliveries, topic: outbox.topic })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
      .where(eq(webhookSubscriptions.partnerId, partnerId))
      .orderBy(desc(webhookDeliveries.id))
      .limit(200);
  },
  /** Puts a delivery of this partner back in the queue; false if it is not theirs. */
  async redeliver(db: Db, partnerId: string, deliveryId: number, now: Date) {
    const owned = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookSubscriptions.partnerId, partnerId)));
    if (owned.length === 0) return false;
    await db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: now, createdAt: now })
      .where(inArray(webhookDeliveries.id, [deliveryId]));
    return true;
  },
};
