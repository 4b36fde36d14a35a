import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';
import { communityGroups } from './community.tables.ts';
import {
  type CampaignRow,
  referralCampaigns as campaigns,
  referralLinks as links,
  type ReferralRow,
  referrals,
} from './referral-tables.ts';

const { partners } = schema;

// The end of counting: the campaign's end, or the moment the operator closed it early.
const cutoff = sql.raw('LEAST(c.ends_at, COALESCE(c.closed_at, c.ends_at))');

export type CampaignFound = {
  campaign: CampaignRow;
  institution: string;
  groupName: string | null;
  groupJoinToken: string | null;
};

/** SQL only: campaigns, invite links, invites, their counting and the leaderboard. */
/** A campaign with its institution's name and its group's name and join token (the views need all three). */
const campaignsWithNames = (db: Db) =>
  db
    .select({
      campaign: campaigns,
      institution: partners.name,
      groupName: communityGroups.name,
      groupJoinToken: communityGroups.joinToken,
    })
    .from(campaigns)
    .innerJoin(partners, eq(partners.id, campaigns.partnerId))
    .leftJoin(communityGroups, eq(communityGroups.id, campaigns.groupId))
    .$dynamic();

export const referralsRepo = {
  async insertCampaign(db: Db, row: CampaignRow) {
    await db.insert(campaigns).values(row);
  },
  async closeCampaign(db: Db, id: string, at: Date) {
    await db.update(campaigns).set({ closedAt: at }).where(eq(campaigns.id, id));
  },
  async findCampaign(db: Db, id: string, lock = false): Promise<CampaignFound | undefined> {
    const q = campaignsWithNames(db).where(eq(campaigns.id, id));
    const [row] = lock ? await q.for('update', { of: campaigns }) : await q;
    return row;
  },
  async campaignsOf(db: Db, partnerId: string) {
    return campaignsWithNames(db)
      .where(eq(campaigns.partnerId, partnerId))
      .orderBy(desc(campaigns.createdAt));
  },
  async openCampaigns(db: Db, now: Date) {
    return campaignsWithNames(db)
      .where(
        and(
          sql`${campaigns.closedAt} IS NULL`,
          sql`${campaigns.startsAt} <= ${now}`,
          sql`${campaigns.endsAt} > ${now}`,
        ),
      )
      .orderBy(desc(campaigns.createdAt))
      .limit(50);
  },
  async counts(db: Db, campaignIds: string[]) {
    if (!campaignIds.length) return [];
    return selectRows<{
      campaign_id: string;
      counted: number;
      pending: number;
      held: number;
      rejected: number;
      inviters: number;
    }>(
      db,
      sql`SELECT campaign_id,
          count(*) FILTER (WHERE counted_at IS NOT NULL)::int AS counted,
          count(*) FILTER (WHERE counted_at IS NULL AND review IN ('none', 'approved'))::int AS pending,
          count(*) FILTER (WHERE review = 'held')::int AS held,
          count(*) FILTER (WHERE review = 'rejected')::int AS rejected,
          count(DISTINCT inviter_id) FILTER (WHERE counted_at IS NOT NULL)::int AS inviters
        FROM referrals WHERE campaign_id IN ${sql`(${sql.join(
          campaignIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`}
        GROUP BY campaign_id`,
    );
  },

  async linkOf(db: Db, campaignId: string, inviterId: string) {
    const [row] = await db
      .select()
      .from(links)
      .where(and(eq(links.campaignId, campaignId), eq(links.inviterId, inviterId)));
    return row;
  },
  /** Creates the inviter's link unless one exists (two tabs at once keep the first). */
  async ensureLink(db: Db, row: typeof links.$inferInsert) {
    await db.insert(links).values(row).onConflictDoNothing();
    return (await this.linkOf(db, row.campaignId, row.inviterId)) as typeof links.$inferSelect;
  },
  async linkByToken(db: Db, token: string) {
    const rows = await selectRows<{ campaign_id: string; inviter_id: string; name_masked: string | null }>(
      db,
      sql`SELECT l.campaign_id, l.inviter_id, u.name_masked
        FROM referral_links l JOIN users u ON u.id = l.inviter_id WHERE l.token = ${token}`,
    );
    return rows[0];
  },

  async referralOf(db: Db, campaignId: string, inviteeId: string) {
    const [row] = await db
      .select()
      .from(referrals)
      .where(and(eq(referrals.campaignId, campaignId), eq(referrals.inviteeId, inviteeId)));
    return row;
  },
  async findReferral(db: Db, id: string) {
    const [row] = await db.select().from(referrals).where(eq(referrals.id, id));
    return row;
  },
  async wasReferred(db: Db, inviteeId: string) {
    const rows = await selectRows<{ id: string }>(
      db,
      sql`SELECT id FROM referrals
        WHERE invitee_id = ${inviteeId} AND hold_reason IS DISTINCT FROM 'already_referred' LIMIT 1`,
    );
    return rows.length > 0;
  },
  /** Invites of a campaign claimed from one address (or device) hash since a moment. */
  async claimsFrom(db: Db, campaignId: string, by: 'ip' | 'device', hash: string, since: Date) {
    const column = by === 'ip' ? sql.raw('ip_hash') : sql.raw('device_hash');
    const [row] = await selectRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM referrals
        WHERE campaign_id = ${campaignId} AND ${column} = ${hash} AND claimed_at > ${since}`,
    );
    return row?.n ?? 0;
  },
  async insertReferral(db: Db, row: ReferralRow) {
    await db.insert(referrals).values(row);
  },
  async decide(db: Db, id: string, set: Pick<ReferralRow, 'review' | 'reviewedBy' | 'reviewedAt'>) {
    await db.update(referrals).set(set).where(eq(referrals.id, id));
  },

  /**
   * Counts every invite whose invitee is now verified and has done the campaign's first action, both
   * before the campaign's end, and credits the inviter's points in the same statement. An invite is
   * counted once (counted_at IS NULL is re-checked under the row lock by a concurrent pass) and the
   * reward's primary key is the invite, so no pass credits twice. The first post is read from the
   * posts table directly: a read of one column set, kept here so that the pass stays one statement.
   */
  async settle(db: Db, now: Date, campaignId: string | null) {
    const [row] = await selectRows<{ counted: number; credited: number }>(
      db,
      sql`WITH counted AS (
          UPDATE referrals r SET counted_at = ${now}
          FROM referral_campaigns c, users u
          WHERE c.id = r.campaign_id AND u.id = r.invitee_id
            AND r.counted_at IS NULL AND r.review IN ('none', 'approved')
            AND (${campaignId}::uuid IS NULL OR r.campaign_id = ${campaignId}::uuid)
            AND u.verified_at IS NOT NULL AND u.verified_at <= ${cutoff}
            AND CASE c.first_action
              WHEN 'join_group' THEN EXISTS (
                SELECT 1 FROM community_group_members m
                WHERE m.group_id = c.group_id AND m.user_id = r.invitee_id AND m.joined_at <= ${cutoff})
              WHEN 'first_post' THEN EXISTS (
                SELECT 1 FROM posts p
                WHERE p.user_id = r.invitee_id AND p.created_at <= ${cutoff}
                  AND p.status IN ('open', 'resolved', 'expired'))
              ELSE false END
          RETURNING r.id, r.campaign_id, r.inviter_id, c.reward_points),
        credited AS (
          INSERT INTO referral_rewards (referral_id, campaign_id, user_id, points, created_at)
          SELECT id, campaign_id, inviter_id, reward_points, ${now} FROM counted
          WHERE reward_points IS NOT NULL
          ON CONFLICT (referral_id) DO NOTHING
          RETURNING referral_id)
        SELECT (SELECT count(*) FROM counted)::int AS counted,
          (SELECT count(*) FROM credited)::int AS credited`,
    );
    return { counted: row?.counted ?? 0, credited: row?.credited ?? 0 };
  },

  /**
   * Inviters with at least one counted invite, most first; a tie goes to whoever reached the count
   * first. The masked name is the first character of the verified name and two stars.
   */
  async leaderboard(db: Db, campaignId: string, limit: number) {
    return selectRows<{ rank: number; inviter_id: string; count: number; name_masked: string | null }>(
      db,
      sql`SELECT row_number() OVER (ORDER BY t.n DESC, t.last_at, t.inviter_id)::int AS rank,
          t.inviter_id, t.n::int AS count, u.name_masked
        FROM (SELECT inviter_id, count(*) AS n, max(counted_at) AS last_at FROM referrals
              WHERE campaign_id = ${campaignId} AND counted_at IS NOT NULL GROUP BY inviter_id) t
        JOIN users u ON u.id = t.inviter_id
        ORDER BY rank LIMIT ${limit}`,
    );
  },
  async rankOf(db: Db, campaignId: string, inviterId: string) {
    const [row] = await selectRows<{ rank: number }>(
      db,
      sql`SELECT rank FROM (
          SELECT inviter_id, row_number() OVER (ORDER BY count(*) DESC, max(counted_at), inviter_id)::int AS rank
          FROM referrals WHERE campaign_id = ${campaignId} AND counted_at IS NOT NULL GROUP BY inviter_id) t
        WHERE inviter_id = ${inviterId}`,
    );
    return row?.rank ?? null;
  },
  async mine(db: Db, campaignId: string, inviterId: string) {
    const [row] = await selectRows<{ counted: number; pending: number; points: number }>(
      db,
      sql`SELECT
          (SELECT count(*) FROM referrals WHERE campaign_id = ${campaignId} AND inviter_id = ${inviterId}
             AND counted_at IS NOT NULL)::int AS counted,
          (SELECT count(*) FROM referrals WHERE campaign_id = ${campaignId} AND inviter_id = ${inviterId}
             AND counted_at IS NULL AND review <> 'rejected')::int AS pending,
          (SELECT COALESCE(sum(points), 0) FROM referral_rewards
             WHERE campaign_id = ${campaignId} AND user_id = ${inviterId})::int AS points`,
    );
    return row ?? { counted: 0, pending: 0, points: 0 };
  },
  /** The operator's review list: masked names of both people, never a phone or an address. */
  async reviewList(db: Db, campaignId: string, status: string | undefined) {
    const where = {
      counted: sql`r.counted_at IS NOT NULL`,
      pending: sql`r.counted_at IS NULL AND r.review IN ('none', 'approved')`,
      held: sql`r.review = 'held'`,
      rejected: sql`r.review = 'rejected'`,
    }[status ?? ''];
    return selectRows<{
      id: string;
      inviter: string | null;
      invitee: string | null;
      counted_at: Date | string | null;
      review: string;
      hold_reason: string | null;
      claimed_at: Date | string;
      reviewed_at: Date | string | null;
    }>(
      db,
      sql`SELECT r.id, i.name_masked AS inviter, e.name_masked AS invitee, r.counted_at, r.review,
          r.hold_reason, r.claimed_at, r.reviewed_at
        FROM referrals r JOIN users i ON i.id = r.inviter_id JOIN users e ON e.id = r.invitee_id
        WHERE r.campaign_id = ${campaignId} ${where ? sql`AND ${where}` : sql``}
        ORDER BY r.claimed_at DESC LIMIT 200`,
    );
  },
};
