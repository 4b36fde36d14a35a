import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';
import {
  type AudienceSendRow,
  audienceSends,
  communityTagMembers,
  communityTags,
  institutionMessageOptouts,
  marketingConsents,
  type TagRow,
} from './audience.tables.ts';

const { partners, users } = schema;
const uuids = (ids: Iterable<string>) => `{${[...ids].join(',')}}`;
const idsOf = (rows: { user_id: string }[]) => new Set(rows.map((r) => r.user_id));

export interface PopulationRow {
  user_id: string;
  groups: number;
  live: number;
  nickname: string | null;
}

/** SQL only: tags, the people a rule names, the institution's members, sends and residents' choices. */
export const audienceRepo = {
  async insertTag(db: Db, row: TagRow) {
    await db.insert(communityTags).values(row);
  },
  async tags(db: Db, partnerId: string) {
    return db
      .select()
      .from(communityTags)
      .where(eq(communityTags.partnerId, partnerId))
      .orderBy(communityTags.createdAt, communityTags.id);
  },
  async tag(db: Db, tagId: string): Promise<TagRow | undefined> {
    const [row] = await db.select().from(communityTags).where(eq(communityTags.id, tagId));
    return row;
  },
  async tagNamed(db: Db, partnerId: string, name: string) {
    const [row] = await db
      .select({ id: communityTags.id })
      .from(communityTags)
      .where(and(eq(communityTags.partnerId, partnerId), eq(communityTags.name, name)));
    return row;
  },
  async deleteTag(db: Db, tagId: string) {
    await db.delete(communityTags).where(eq(communityTags.id, tagId));
  },
  async addTagMembers(db: Db, tagId: string, userIds: string[], by: string, at: Date) {
    if (!userIds.length) return;
    await db
      .insert(communityTagMembers)
      .values(userIds.map((userId) => ({ tagId, userId, addedBy: by, addedAt: at })))
      .onConflictDoNothing();
  },
  async removeTagMembers(db: Db, tagId: string, userIds: string[]) {
    if (!userIds.length) return;
    await db.execute(
      sql`DELETE FROM community_tag_members WHERE tag_id = ${tagId} AND user_id = ANY(${uuids(userIds)}::uuid[])`,
    );
  },
  async manualMembers(db: Db, tagId: string) {
    return idsOf(
      await selectRows<{ user_id: string }>(
        db,
        sql`SELECT user_id FROM community_tag_members WHERE tag_id = ${tagId}`,
      ),
    );
  },
  /** Manual tags per member of the institution (for the members list). */
  async manualTagsOf(db: Db, partnerId: string) {
    return selectRows<{ user_id: string; tag_id: string }>(
      db,
      sql`SELECT m.user_id, m.tag_id FROM community_tag_members m
           JOIN community_tags t ON t.id = m.tag_id WHERE t.partner_id = ${partnerId}`,
    );
  },

  // What rules name. Each joins back to the institution, so a rule can only ever reach its own people.
  async groupMembers(db: Db, partnerId: string, groupId: string) {
    return idsOf(
      await selectRows<{ user_id: string }>(
        db,
        sql`SELECT m.user_id FROM community_group_members m
             JOIN community_groups g ON g.id = m.group_id
            WHERE m.group_id = ${groupId} AND g.partner_id = ${partnerId} AND g.archived_at IS NULL`,
      ),
    );
  },
  async sessionPeople(db: Db, partnerId: string, sessionId: string, which: 'registered' | 'attended') {
    const table = which === 'registered' ? sql`live_registrations` : sql`live_attendance`;
    return idsOf(
      await selectRows<{ user_id: string }>(
        db,
        sql`SELECT r.user_id FROM ${table} r JOIN live_sessions s ON s.id = r.session_id
             WHERE r.session_id = ${sessionId} AND s.partner_id = ${partnerId}`,
      ),
    );
  },
  /** Invitees whose invite in this campaign of the institution was counted (verified, first action done). */
  async referredPeople(db: Db, partnerId: string, campaignId: string) {
    return idsOf(
      await selectRows<{ user_id: string }>(
        db,
        sql`SELECT r.invitee_id AS user_id FROM referrals r JOIN referral_campaigns c ON c.id = r.campaign_id
             WHERE r.campaign_id = ${campaignId} AND c.partner_id = ${partnerId} AND r.counted_at IS NOT NULL`,
      ),
    );
  },
  /** Everyone who joined through any of the institution's campaigns with a counted invite. */
  async referredMembers(db: Db, partnerId: string) {
    return idsOf(
      await selectRows<{ user_id: string }>(
        db,
        sql`SELECT r.invitee_id AS user_id FROM referrals r JOIN referral_campaigns c ON c.id = r.campaign_id
             WHERE c.partner_id = ${partnerId} AND r.counted_at IS NOT NULL`,
      ),
    );
  },
  async campaignOf(db: Db, partnerId: string, campaignId: string) {
    const [row] = await selectRows<{ id: string }>(
      db,
      sql`SELECT id FROM referral_campaigns WHERE id = ${campaignId} AND partner_id = ${partnerId}`,
    );
    return row;
  },
  async groupOf(db: Db, partnerId: string, groupId: string) {
    const [row] = await selectRows<{ id: string }>(
      db,
      sql`SELECT id FROM community_groups WHERE id = ${groupId} AND partner_id = ${partnerId} AND archived_at IS NULL`,
    );
    return row;
  },
  async sessionOf(db: Db, partnerId: string, sessionId: string) {
    const [row] = await selectRows<{ id: string }>(
      db,
      sql`SELECT id FROM live_sessions WHERE id = ${sessionId} AND partner_id = ${partnerId}`,
    );
    return row;
  },

  /**
   * The institution's people from its groups and live sessions (pharmacy members and counted referral
   * invitees are added by the service).
   */
  async population(db: Db, partnerId: string): Promise<PopulationRow[]> {
    const rows = await selectRows<PopulationRow>(
      db,
      sql`WITH g AS (
            SELECT m.user_id, count(*)::int AS groups,
                   max(CASE WHEN m.show_name THEN m.nickname END) AS nickname
              FROM community_group_members m JOIN community_groups cg ON cg.id = m.group_id
             WHERE cg.partner_id = ${partnerId} AND cg.archived_at IS NULL
             GROUP BY m.user_id),
          l AS (
            SELECT p.user_id, count(DISTINCT p.session_id)::int AS live FROM (
              SELECT user_id, session_id FROM live_registrations
              UNION ALL SELECT user_id, session_id FROM live_attendance) p
              JOIN live_sessions s ON s.id = p.session_id
             WHERE s.partner_id = ${partnerId}
             GROUP BY p.user_id)
          SELECT coalesce(g.user_id, l.user_id) AS user_id, coalesce(g.groups, 0) AS groups,
                 coalesce(l.live, 0) AS live, g.nickname
            FROM g FULL JOIN l ON l.user_id = g.user_id`,
    );
    return rows.map((r) => ({ ...r, groups: Number(r.groups), live: Number(r.live) }));
  },

  /**
   * Each person's district from their latest post on the square (a post shows its district publicly);
   * deleted and removed posts do not count. Walks posts_user_idx.
   */
  async districts(db: Db, userIds: Iterable<string>): Promise<Map<string, string>> {
    const ids = [...userIds];
    if (!ids.length) return new Map();
    const rows = await selectRows<{ user_id: string; district_code: string }>(
      db,
      sql`SELECT DISTINCT ON (user_id) user_id, district_code FROM posts
           WHERE user_id = ANY(${uuids(ids)}::uuid[]) AND status NOT IN ('deleted', 'removed')
           ORDER BY user_id, created_at DESC`,
    );
    return new Map(rows.map((r) => [r.user_id, r.district_code.trim()]));
  },

  async optedOut(db: Db, partnerId: string, userIds: Iterable<string>) {
    const ids = [...userIds];
    if (!ids.length) return new Set<string>();
    return idsOf(
      await selectRows<{ user_id: string }>(
        db,
        sql`SELECT user_id FROM institution_message_optouts
             WHERE partner_id = ${partnerId} AND user_id = ANY(${uuids(ids)}::uuid[])`,
      ),
    );
  },
  async marketingConsented(db: Db, userIds: Iterable<string>) {
    const ids = [...userIds];
    if (!ids.length) return new Set<string>();
    return idsOf(
      await selectRows<{ user_id: string }>(
        db,
        sql`SELECT user_id FROM marketing_consents WHERE user_id = ANY(${uuids(ids)}::uuid[])`,
      ),
    );
  },

  /** The last send to this audience (by its canonical key) since `since`, locked against a racing send. */
  async lockSendsSince(tx: Db, partnerId: string, key: string, since: Date) {
    // One institution's sends run one at a time, so two concurrent sends cannot both pass the interval.
    await tx.execute(sql`SELECT id FROM partners WHERE id = ${partnerId} FOR UPDATE`);
    const [row] = await tx
      .select({ createdAt: audienceSends.createdAt })
      .from(audienceSends)
      .where(
        and(
          eq(audienceSends.partnerId, partnerId),
          eq(audienceSends.audienceKey, key),
          sql`${audienceSends.createdAt} > ${since.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(desc(audienceSends.createdAt))
      .limit(1);
    return row;
  },
  async insertSend(db: Db, row: AudienceSendRow) {
    await db.insert(audienceSends).values(row);
  },
  async sends(db: Db, partnerId: string, limit = 50) {
    return db
      .select({ send: audienceSends, sender: users.phoneMasked })
      .from(audienceSends)
      .leftJoin(users, eq(users.id, audienceSends.senderId))
      .where(eq(audienceSends.partnerId, partnerId))
      .orderBy(desc(audienceSends.createdAt), desc(audienceSends.id))
      .limit(limit);
  },
  async partnerName(db: Db, partnerId: string) {
    const [row] = await db.select({ name: partners.name }).from(partners).where(eq(partners.id, partnerId));
    return row?.name;
  },

  // A resident's choices.
  async optOut(db: Db, userId: string, partnerId: string, at: Date) {
    await db
      .insert(institutionMessageOptouts)
      .values({ userId, partnerId, createdAt: at })
      .onConflictDoNothing();
  },
  async optIn(db: Db, userId: string, partnerId: string) {
    await db
      .delete(institutionMessageOptouts)
      .where(
        and(eq(institutionMessageOptouts.userId, userId), eq(institutionMessageOptouts.partnerId, partnerId)),
      );
  },
  async optOutsOf(db: Db, userId: string) {
    return db
      .select({
        partnerId: institutionMessageOptouts.partnerId,
        name: partners.name,
        at: institutionMessageOptouts.createdAt,
      })
      .from(institutionMessageOptouts)
      .innerJoin(partners, eq(partners.id, institutionMessageOptouts.partnerId))
      .where(eq(institutionMessageOptouts.userId, userId))
      .orderBy(desc(institutionMessageOptouts.createdAt));
  },
  async marketing(db: Db, userId: string) {
    const [row] = await db.select().from(marketingConsents).where(eq(marketingConsents.userId, userId));
    return Boolean(row);
  },
  async setMarketing(db: Db, userId: string, consent: boolean, at: Date) {
    if (consent) await db.insert(marketingConsents).values({ userId, consentedAt: at }).onConflictDoNothing();
    else await db.delete(marketingConsents).where(eq(marketingConsents.userId, userId));
  },
};
