import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';
import {
  type AnnouncementRow,
  communityAnnouncements as announcements,
  type GroupRow,
  communityGroups as groups,
  communityGroupMembers as members,
} from './community.tables.ts';

const { partners, users } = schema;

const memberCount = sql<number>`(SELECT count(*)::int FROM community_group_members m WHERE m.group_id = ${groups.id})`;

/** SQL only: groups, their members and announcements. */
export const groupsRepo = {
  async insertGroup(db: Db, row: GroupRow) {
    await db.insert(groups).values(row);
  },
  async updateGroup(db: Db, id: string, set: Partial<GroupRow>) {
    await db.update(groups).set(set).where(eq(groups.id, id));
  },
  /** A group with its institution's name; archived ones too (the caller decides). */
  async findGroup(db: Db, id: string) {
    const [row] = await db
      .select({ group: groups, institution: partners.name, memberCount })
      .from(groups)
      .innerJoin(partners, eq(partners.id, groups.partnerId))
      .where(eq(groups.id, id));
    return row;
  },
  async findByToken(db: Db, token: string) {
    const [row] = await db
      .select({ group: groups, institution: partners.name, memberCount })
      .from(groups)
      .innerJoin(partners, eq(partners.id, groups.partnerId))
      .where(and(eq(groups.joinToken, token), isNull(groups.archivedAt)));
    return row;
  },
  async groupsOf(db: Db, partnerId: string) {
    return db
      .select({ group: groups, memberCount })
      .from(groups)
      .where(and(eq(groups.partnerId, partnerId), isNull(groups.archivedAt)))
      .orderBy(desc(groups.createdAt));
  },
  async myGroups(db: Db, userId: string) {
    return db
      .select({ group: groups, institution: partners.name, memberCount })
      .from(members)
      .innerJoin(groups, eq(groups.id, members.groupId))
      .innerJoin(partners, eq(partners.id, groups.partnerId))
      .where(and(eq(members.userId, userId), isNull(groups.archivedAt)))
      .orderBy(desc(members.joinedAt));
  },
  async isMember(db: Db, groupId: string, userId: string) {
    const [row] = await db
      .select({ userId: members.userId })
      .from(members)
      .where(and(eq(members.groupId, groupId), eq(members.userId, userId)));
    return Boolean(row);
  },
  /** Joins, or updates the nickname and consent of someone already in. */
  async upsertMember(db: Db, row: typeof members.$inferInsert) {
    await db
      .insert(members)
      .values(row)
      .onConflictDoUpdate({
        target: [members.groupId, members.userId],
        set: { nickname: row.nickname, showName: row.showName },
      });
  },
  async removeMember(db: Db, groupId: string, userId: string) {
    const gone = await db
      .delete(members)
      .where(and(eq(members.groupId, groupId), eq(members.userId, userId)))
      .returning({ userId: members.userId });
    return gone.length > 0;
  },
  /** Members in joining order, with what the operator may see: nickname only with consent. */
  async members(db: Db, groupId: string, limit: number, offset: number) {
    return db
      .select({
        nickname: members.nickname,
        showName: members.showName,
        nameMasked: users.nameMasked,
        joinedAt: members.joinedAt,
        memberNo: sql<number>`row_number() OVER (ORDER BY ${members.joinedAt}, ${members.userId})::int`,
      })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(eq(members.groupId, groupId))
      .orderBy(asc(members.joinedAt), asc(members.userId))
      .limit(limit)
      .offset(offset);
  },
  async memberIds(db: Db, groupId: string) {
    const rows = await db
      .select({ userId: members.userId })
      .from(members)
      .where(eq(members.groupId, groupId));
    return rows.map((r) => r.userId);
  },
  async countMembers(db: Db, groupId: string) {
    const [row] = await db.select({ n: count() }).from(members).where(eq(members.groupId, groupId));
    return row?.n ?? 0;
  },

  async insertAnnouncement(db: Db, row: AnnouncementRow) {
    await db.insert(announcements).values(row);
  },
  async updateAnnouncement(db: Db, groupId: string, id: string, set: Partial<AnnouncementRow>) {
    const rows = await db
      .update(announcements)
      .set(set)
      .where(and(eq(announcements.id, id), eq(announcements.groupId, groupId)))
      .returning();
    return rows[0];
  },
  async deleteAnnouncement(db: Db, groupId: string, id: string) {
    const rows = await db
      .delete(announcements)
      .where(and(eq(announcements.id, id), eq(announcements.groupId, groupId)))
      .returning({ id: announcements.id });
    return rows.length > 0;
  },
  /** Pinned first, then newest first. */
  async announcements(db: Db, groupId: string, limit = 50) {
    return db
      .select()
      .from(announcements)
      .where(eq(announcements.groupId, groupId))
      .orderBy(desc(announcements.pinned), desc(announcements.createdAt))
      .limit(limit);
  },
};
