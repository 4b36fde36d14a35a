import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../../platform/db/index.ts';

export interface MemberRow {
  partner_id: string;
  user_id: string;
  member_code: string;
  joined_at: Date;
}
export interface PointsRow {
  id: string;
  partner_id: string;
  user_id: string;
  operation_id: string;
  kind: 'add' | 'redeem' | 'expire';
  delta: number;
  reason: string;
  expires_at: Date | null;
  created_at: Date;
}

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const memberOf = (r: MemberRow): MemberRow => ({ ...r, joined_at: asDate(r.joined_at) });
const pointsOf = (r: PointsRow): PointsRow => ({
  ...r,
  delta: Number(r.delta),
  expires_at: r.expires_at === null ? null : asDate(r.expires_at),
  created_at: asDate(r.created_at),
});

/** SQL only: members, the points ledger and the membership settings. */
export const membersRepo = {
  async settings(db: Db, partnerId: string) {
    const [row] = await selectRows<{ points_expire_months: number | null }>(
      db,
      sql`SELECT points_expire_months FROM pharmacy_member_settings WHERE partner_id = ${partnerId}`,
    );
    return { pointsExpireMonths: row?.points_expire_months ?? null };
  },
  async setSettings(db: Db, partnerId: string, months: number | null, now: Date) {
    await db.execute(sql`INSERT INTO pharmacy_member_settings (partner_id, points_expire_months, updated_at)
      VALUES (${partnerId}, ${months}, ${now.toISOString()})
      ON CONFLICT (partner_id) DO UPDATE SET points_expire_months = EXCLUDED.points_expire_months,
        updated_at = EXCLUDED.updated_at`);
  },
  async find(db: Db, partnerId: string, userId: string) {
    const [row] = await selectRows<MemberRow>(
      db,
      sql`SELECT * FROM pharmacy_members WHERE partner_id = ${partnerId} AND user_id = ${userId}`,
    );
    return row && memberOf(row);
  },
  /** The member row, locked for the rest of the transaction: one member's points move one at a time. */
  async lock(tx: Db, partnerId: string, userId: string) {
    const [row] = await selectRows<MemberRow>(
      tx,
      sql`SELECT * FROM pharmacy_members WHERE partner_id = ${partnerId} AND user_id = ${userId} FOR UPDATE`,
    );
    return row && memberOf(row);
  },
  async byCode(db: Db, code: string) {
    const [row] = await selectRows<MemberRow>(
      db,
      sql`SELECT * FROM pharmacy_members WHERE member_code = ${code}`,
    );
    return row && memberOf(row);
  },
  /** Inserts unless the person is a member already; false when the code was taken (draw again). */
  async insert(db: Db, row: MemberRow) {
    await db.execute(sql`INSERT INTO pharmacy_members (partner_id, user_id, member_code, joined_at)
      VALUES (${row.partner_id}, ${row.user_id}, ${row.member_code}, ${row.joined_at.toISOString()})
      ON CONFLICT (partner_id, user_id) DO NOTHING`);
  },
  async remove(db: Db, partnerId: string, userId: string) {
    const rows = await selectRows<{ user_id: string }>(
      db,
      sql`DELETE FROM pharmacy_members WHERE partner_id = ${partnerId} AND user_id = ${userId} RETURNING user_id`,
    );
    return rows.length === 1;
  },
  async mine(db: Db, userId: string) {
    const rows = await selectRows<MemberRow & { name: string }>(
      db,
      sql`SELECT m.*, p.name FROM pharmacy_members m JOIN partners p ON p.id = m.partner_id
        WHERE m.user_id = ${userId} ORDER BY m.joined_at DESC`,
    );
    return rows.map((r) => ({ ...memberOf(r), name: r.name }));
  },
  async list(db: Db, partnerId: string, q: string | undefined) {
    const like = q ? `%${q.toUpperCase().replace(/[%_\\]/g, '')}%` : '%';
    const rows = await selectRows<MemberRow & { balance: number | string }>(
      db,
      sql`SELECT m.*, coalesce((SELECT sum(delta) FROM pharmacy_points t
            WHERE t.partner_id = m.partner_id AND t.user_id = m.user_id), 0) AS balance
        FROM pharmacy_members m WHERE m.partner_id = ${partnerId} AND m.member_code LIKE ${like}
        ORDER BY m.joined_at DESC LIMIT 100`,
    );
    return rows.map((r) => ({ ...memberOf(r), balance: Number(r.balance) }));
  },
  async userIds(db: Db, partnerId: string): Promise<string[]> {
    const rows = await selectRows<{ user_id: string }>(
      db,
      sql`SELECT user_id FROM pharmacy_members WHERE partner_id = ${partnerId}`,
    );
    return rows.map((r) => r.user_id);
  },
  async count(db: Db, partnerId: string) {
    const [row] = await selectRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM pharmacy_members WHERE partner_id = ${partnerId}`,
    );
    return Number(row?.n ?? 0);
  },
  async ledger(db: Db, partnerId: string, userId: string) {
    const rows = await selectRows<PointsRow>(
      db,
      sql`SELECT * FROM pharmacy_points WHERE partner_id = ${partnerId} AND user_id = ${userId}
        ORDER BY created_at DESC, seq DESC LIMIT 500`,
    );
    return rows.map(pointsOf);
  },
  async balance(db: Db, partnerId: string, userId: string) {
    const [row] = await selectRows<{ b: number | string }>(
      db,
      sql`SELECT coalesce(sum(delta), 0) AS b FROM pharmacy_points
        WHERE partner_id = ${partnerId} AND user_id = ${userId}`,
    );
    return Number(row?.b ?? 0);
  },
  /**
   * What has expired and not yet left the balance. Points are spent oldest first, so what expired
   * is what was given and has passed its date, less everything already taken out (redeemed or
   * expired); the latest passed date names the expiry entry, so it is written once.
   */
  async expiredOutstanding(db: Db, partnerId: string, userId: string, now: Date) {
    const [row] = await selectRows<{ expired: number | string; taken: number | string; last: unknown }>(
      db,
      sql`SELECT
          coalesce(sum(delta) FILTER (WHERE kind = 'add' AND expires_at <= ${now.toISOString()}), 0) AS expired,
          coalesce(-sum(delta) FILTER (WHERE kind <> 'add'), 0) AS taken,
          max(expires_at) FILTER (WHERE kind = 'add' AND expires_at <= ${now.toISOString()}) AS last
        FROM pharmacy_points WHERE partner_id = ${partnerId} AND user_id = ${userId}`,
    );
    const amount = Math.max(0, Number(row?.expired ?? 0) - Number(row?.taken ?? 0));
    return { amount, last: row?.last ? asDate(row.last) : null };
  },
  /** The entry, or undefined when this pharmacy already has an entry with this operation id. */
  async insertPoints(db: Db, row: PointsRow) {
    const rows = await selectRows<PointsRow>(
      db,
      sql`INSERT INTO pharmacy_points (id, partner_id, user_id, operation_id, kind, delta, reason, expires_at, created_at)
        VALUES (${row.id}, ${row.partner_id}, ${row.user_id}, ${row.operation_id}, ${row.kind}, ${row.delta},
          ${row.reason}, ${row.expires_at?.toISOString() ?? null}, ${row.created_at.toISOString()})
        ON CONFLICT (partner_id, operation_id) DO NOTHING RETURNING *`,
    );
    return rows[0] && pointsOf(rows[0]);
  },
  async byOperation(db: Db, partnerId: string, operationId: string) {
    const [row] = await selectRows<PointsRow>(
      db,
      sql`SELECT * FROM pharmacy_points WHERE partner_id = ${partnerId} AND operation_id = ${operationId}`,
    );
    return row && pointsOf(row);
  },
};
