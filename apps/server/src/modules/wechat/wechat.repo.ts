import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { isUniqueViolation } from '../../platform/db/index.ts';
import { type WechatKind, webTickets, wechatIdentities, wechatPending } from './wechat.tables.ts';

export type IdentityRow = typeof wechatIdentities.$inferSelect;
export type PendingRow = typeof wechatPending.$inferSelect;

export const wechatRepo = {
  async byOpenid(db: Db, appId: string, openid: string): Promise<IdentityRow | undefined> {
    const [row] = await db
      .select()
      .from(wechatIdentities)
      .where(and(eq(wechatIdentities.appId, appId), eq(wechatIdentities.openid, openid)));
    return row;
  },
  async byUnionid(db: Db, unionid: string): Promise<IdentityRow | undefined> {
    const [row] = await db
      .select()
      .from(wechatIdentities)
      .where(eq(wechatIdentities.unionid, unionid))
      .limit(1);
    return row;
  },
  async ofUser(db: Db, userId: string): Promise<IdentityRow[]> {
    return db.select().from(wechatIdentities).where(eq(wechatIdentities.userId, userId));
  },
  /** false when the openid or the account's slot for this app is taken (unique index). */
  async insertIdentity(db: Db, row: IdentityRow): Promise<boolean> {
    try {
      await db.insert(wechatIdentities).values(row);
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  },
  async setUnionid(db: Db, appId: string, openid: string, unionid: string) {
    await db
      .update(wechatIdentities)
      .set({ unionid })
      .where(and(eq(wechatIdentities.appId, appId), eq(wechatIdentities.openid, openid)));
  },
  async deleteIdentity(db: Db, userId: string, kind: WechatKind): Promise<IdentityRow[]> {
    return db
      .delete(wechatIdentities)
      .where(and(eq(wechatIdentities.userId, userId), eq(wechatIdentities.kind, kind)))
      .returning();
  },
  async insertPending(db: Db, row: PendingRow, now: Date) {
    await db.delete(wechatPending).where(lte(wechatPending.expiresAt, now));
    await db.insert(wechatPending).values(row);
  },
  async findPending(db: Db, tokenHash: string, now: Date): Promise<PendingRow | undefined> {
    const [row] = await db
      .select()
      .from(wechatPending)
      .where(and(eq(wechatPending.tokenHash, tokenHash), gt(wechatPending.expiresAt, now)));
    return row;
  },
  async deletePending(db: Db, tokenHash: string) {
    await db.delete(wechatPending).where(eq(wechatPending.tokenHash, tokenHash));
  },
  async insertTicket(db: Db, row: typeof webTickets.$inferInsert, now: Date) {
    await db.delete(webTickets).where(lte(webTickets.expiresAt, new Date(now.getTime() - 86_400_000)));
    await db.insert(webTickets).values(row);
  },
  /** Marks the ticket used if it is unused and unexpired; its account, or undefined. */
  async useTicket(db: Db, ticketHash: string, now: Date): Promise<string | undefined> {
    const [row] = await db
      .update(webTickets)
      .set({ usedAt: now })
      .where(
        and(eq(webTickets.ticketHash, ticketHash), isNull(webTickets.usedAt), gt(webTickets.expiresAt, now)),
      )
      .returning({ userId: webTickets.userId });
    return row?.userId;
  },
};
