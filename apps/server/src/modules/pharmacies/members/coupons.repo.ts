import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../../platform/db/index.ts';

export interface CouponRow {
  id: string;
  partner_id: string;
  title: string;
  kind: 'amount' | 'percent';
  amount_fen: number | null;
  percent_off: number | null;
  min_spend_fen: number;
  valid_from: Date;
  valid_until: Date;
  quantity: number;
  per_person_limit: number;
  unlock_threshold: number;
  created_at: Date;
}
export interface ClaimRow {
  id: string;
  coupon_id: string;
  user_id: string;
  code: string;
  shared_by: string | null;
  redeemed_at: Date | null;
  redeemed_via: string | null;
  claimed_at: Date;
}

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const couponOf = (r: CouponRow): CouponRow => ({
  ...r,
  valid_from: asDate(r.valid_from),
  valid_until: asDate(r.valid_until),
  created_at: asDate(r.created_at),
});
const claimOf = (r: ClaimRow): ClaimRow => ({
  ...r,
  redeemed_at: r.redeemed_at === null ? null : asDate(r.redeemed_at),
  claimed_at: asDate(r.claimed_at),
});

/** SQL only: coupons, their stock ledger and the claims. */
export const couponsRepo = {
  async insert(tx: Db, c: CouponRow) {
    await tx.execute(sql`INSERT INTO pharmacy_coupons (id, partner_id, title, kind, amount_fen, percent_off,
        min_spend_fen, valid_from, valid_until, quantity, per_person_limit, unlock_threshold, created_at)
      VALUES (${c.id}, ${c.partner_id}, ${c.title}, ${c.kind}, ${c.amount_fen}, ${c.percent_off}, ${c.min_spend_fen},
        ${c.valid_from.toISOString()}, ${c.valid_until.toISOString()}, ${c.quantity}, ${c.per_person_limit},
        ${c.unlock_threshold}, ${c.created_at.toISOString()})`);
    await tx.execute(sql`INSERT INTO pharmacy_coupon_stock (coupon_id, operation_id, delta, created_at)
      VALUES (${c.id}, 'issue', ${c.quantity}, ${c.created_at.toISOString()})`);
  },
  async find(db: Db, id: string, lock = false) {
    const [row] = await selectRows<CouponRow>(
      db,
      lock
        ? sql`SELECT * FROM pharmacy_coupons WHERE id = ${id} FOR UPDATE`
        : sql`SELECT * FROM pharmacy_coupons WHERE id = ${id}`,
    );
    return row && couponOf(row);
  },
  async remaining(db: Db, couponId: string) {
    const [row] = await selectRows<{ n: number | string }>(
      db,
      sql`SELECT coalesce(sum(delta), 0) AS n FROM pharmacy_coupon_stock WHERE coupon_id = ${couponId}`,
    );
    return Number(row?.n ?? 0);
  },
  async takeOne(tx: Db, couponId: string, claimId: string, now: Date) {
    await tx.execute(sql`INSERT INTO pharmacy_coupon_stock (coupon_id, operation_id, delta, created_at)
      VALUES (${couponId}, ${`claim-${claimId}`}, -1, ${now.toISOString()})`);
  },
  async listForPharmacy(db: Db, partnerId: string) {
    const rows = await selectRows<
      CouponRow & { remaining: string | number; claims: string | number; redemptions: string | number }
    >(
      db,
      sql`SELECT c.*,
          (SELECT coalesce(sum(delta), 0) FROM pharmacy_coupon_stock s WHERE s.coupon_id = c.id) AS remaining,
          (SELECT count(*) FROM pharmacy_coupon_claims k WHERE k.coupon_id = c.id) AS claims,
          (SELECT count(*) FROM pharmacy_coupon_claims k WHERE k.coupon_id = c.id AND k.redeemed_at IS NOT NULL) AS redemptions
        FROM pharmacy_coupons c WHERE c.partner_id = ${partnerId} ORDER BY c.created_at DESC LIMIT 100`,
    );
    return rows.map((r) => ({
      ...couponOf(r),
      remaining: Number(r.remaining),
      claims: Number(r.claims),
      redemptions: Number(r.redemptions),
    }));
  },
  async claimsOf(db: Db, couponId: string, userId: string) {
    const rows = await selectRows<ClaimRow>(
      db,
      sql`SELECT * FROM pharmacy_coupon_claims WHERE coupon_id = ${couponId} AND user_id = ${userId}`,
    );
    return rows.map(claimOf);
  },
  async insertClaim(tx: Db, c: ClaimRow) {
    await tx.execute(sql`INSERT INTO pharmacy_coupon_claims (id, coupon_id, user_id, code, shared_by, claimed_at)
      VALUES (${c.id}, ${c.coupon_id}, ${c.user_id}, ${c.code}, ${c.shared_by}, ${c.claimed_at.toISOString()})`);
  },
  async claim(db: Db, id: string) {
    const [row] = await selectRows<ClaimRow>(db, sql`SELECT * FROM pharmacy_coupon_claims WHERE id = ${id}`);
    return row && claimOf(row);
  },
  async claimByCode(db: Db, code: string) {
    const [row] = await selectRows<ClaimRow>(
      db,
      sql`SELECT * FROM pharmacy_coupon_claims WHERE code = ${code}`,
    );
    return row && claimOf(row);
  },
  async friends(db: Db, claimId: string) {
    const [row] = await selectRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM pharmacy_coupon_claims WHERE shared_by = ${claimId}`,
    );
    return Number(row?.n ?? 0);
  },
  async myClaims(db: Db, userId: string) {
    const rows = await selectRows<ClaimRow>(
      db,
      sql`SELECT * FROM pharmacy_coupon_claims WHERE user_id = ${userId} ORDER BY claimed_at DESC LIMIT 200`,
    );
    return rows.map(claimOf);
  },
  /** Marks a claim used only if it was not; false when another redemption got there first. */
  async redeem(tx: Db, claimId: string, via: string, now: Date) {
    const rows = await selectRows<{ id: string }>(
      tx,
      sql`UPDATE pharmacy_coupon_claims SET redeemed_at = ${now.toISOString()}, redeemed_via = ${via}
        WHERE id = ${claimId} AND redeemed_at IS NULL RETURNING id`,
    );
    return rows.length === 1;
  },
  async counts(db: Db, partnerId: string) {
    const [row] = await selectRows<{ claims: number | string; redemptions: number | string }>(
      db,
      sql`SELECT count(*) AS claims, count(*) FILTER (WHERE k.redeemed_at IS NOT NULL) AS redemptions
        FROM pharmacy_coupon_claims k JOIN pharmacy_coupons c ON c.id = k.coupon_id
        WHERE c.partner_id = ${partnerId}`,
    );
    return { claims: Number(row?.claims ?? 0), redemptions: Number(row?.redemptions ?? 0) };
  },
};
