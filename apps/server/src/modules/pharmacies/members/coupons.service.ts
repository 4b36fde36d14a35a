import { randomInt, randomUUID } from 'node:crypto';
import type { ClaimView, CouponBody, CouponView } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import { type Db, isUniqueViolation } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import type { User } from '../../accounts/index.ts';
import { pharmaciesRepo } from '../pharmacies.repo.ts';
import type { PharmacyAccess } from '../pharmacy-access.ts';
import { type ClaimRow, type CouponRow, couponsRepo as repo } from './coupons.repo.ts';

/**
 * Coupons: money off at the pharmacy (a fixed amount in fen or a percentage), never a free item.
 * The stock is a ledger (+quantity when issued, -1 per claim); a claim locks the coupon row, counts
 * the ledger and the person's claims, then writes both, so parallel claims never over-issue.
 */
export function createCouponsService(deps: { db: Db; clock: Clock; access: PharmacyAccess }) {
  const { db, clock, access } = deps;

  async function view(c: CouponRow, tx: Db = db): Promise<CouponView> {
    const pharmacy = await pharmaciesRepo.findPharmacy(tx, c.partner_id);
    return {
      id: c.id,
      pharmacyId: c.partner_id,
      pharmacyName: pharmacy?.name ?? '',
      title: c.title,
      kind: c.kind,
      amountFen: c.amount_fen,
      percentOff: c.percent_off,
      minSpendFen: c.min_spend_fen,
      validFrom: c.valid_from.toISOString(),
      validUntil: c.valid_until.toISOString(),
      quantity: c.quantity,
      perPersonLimit: c.per_person_limit,
      unlockThreshold: c.unlock_threshold,
      remaining: await repo.remaining(tx, c.id),
    };
  }

  async function claimView(k: ClaimRow, c?: CouponRow): Promise<ClaimView> {
    const coupon = c ?? (await repo.find(db, k.coupon_id));
    if (!coupon) throw new AppError('coupon_not_found', 404);
    const friends = await repo.friends(db, k.id);
    return {
      id: k.id,
      coupon: await view(coupon),
      code: k.code,
      friends,
      usable: friends >= coupon.unlock_threshold,
      redeemedAt: k.redeemed_at?.toISOString() ?? null,
      claimedAt: k.claimed_at.toISOString(),
    };
  }

  /** Why this claim cannot be used now, as the stable error; nothing when it can. */
  async function refusal(k: ClaimRow, c: CouponRow, tx: Db) {
    const now = clock.now();
    if (k.redeemed_at) return new AppError('coupon_already_redeemed', 409);
    if (now >= c.valid_until) return new AppError('coupon_expired', 409);
    if (now < c.valid_from) return new AppError('coupon_not_valid_now', 409);
    const friends = await repo.friends(tx, k.id);
    if (friends < c.unlock_threshold)
      return new AppError('coupon_locked', 409, { friends, needed: c.unlock_threshold });
    return undefined;
  }

  /** The discount on a spend: a fixed amount (never more than the spend) or a percentage, in fen. */
  function discountOf(c: CouponRow, spendFen: number) {
    if (c.kind === 'amount') return Math.min(c.amount_fen ?? 0, spendFen);
    return Math.floor((spendFen * (c.percent_off ?? 0)) / 100);
  }

  async function redeemClaim(tx: Db, k: ClaimRow, c: CouponRow, via: string, spendFen?: number) {
    const refused = await refusal(k, c, tx);
    if (refused) throw refused;
    if (spendFen !== undefined && spendFen < c.min_spend_fen)
      throw new AppError('coupon_min_spend', 409, { minSpendFen: c.min_spend_fen });
    const now = clock.now();
    if (!(await repo.redeem(tx, k.id, via, now))) throw new AppError('coupon_already_redeemed', 409);
    return now;
  }

  return {
    async issue(user: User, partnerId: string, body: z.output<typeof CouponBody>) {
      await access.asStaff(user, partnerId);
      const now = clock.now();
      const validFrom = body.validFrom ? new Date(body.validFrom) : now;
      const validUntil = new Date(body.validUntil);
      if (validUntil <= validFrom || validUntil <= now)
        throw new AppError('validation_failed', 400, { field: 'validUntil' });
      const row: CouponRow = {
        id: randomUUID(),
        partner_id: partnerId,
        title: body.title,
        kind: body.kind,
        amount_fen: body.kind === 'amount' ? (body.amountFen ?? null) : null,
        percent_off: body.kind === 'percent' ? (body.percentOff ?? null) : null,
        min_spend_fen: body.minSpendFen,
        valid_from: validFrom,
        valid_until: validUntil,
        quantity: body.quantity,
        per_person_limit: body.perPersonLimit,
        unlock_threshold: body.unlockThreshold,
        created_at: now,
      };
      await db.transaction((tx) => repo.insert(tx, row));
      return view(row);
    },
    async list(user: User, partnerId: string) {
      await access.asStaff(user, partnerId);
      const rows = await repo.listForPharmacy(db, partnerId);
      const name = (await pharmaciesRepo.findPharmacy(db, partnerId))?.name ?? '';
      return rows.map((c) => ({
        id: c.id,
        pharmacyId: c.partner_id,
        pharmacyName: name,
        title: c.title,
        kind: c.kind,
        amountFen: c.amount_fen,
        percentOff: c.percent_off,
        minSpendFen: c.min_spend_fen,
        validFrom: c.valid_from.toISOString(),
        validUntil: c.valid_until.toISOString(),
        quantity: c.quantity,
        perPersonLimit: c.per_person_limit,
        unlockThreshold: c.unlock_threshold,
        remaining: c.remaining,
        claims: c.claims,
        redemptions: c.redemptions,
      }));
    },
    /** The public face of a coupon (its claim page): terms and what is left, no one's claims. */
    async show(pharmacyId: string, couponId: string) {
      const c = await repo.find(db, couponId);
      if (!c || c.partner_id !== pharmacyId) throw new AppError('coupon_not_found', 404);
      return view(c);
    },
    /** Claim by scan or link; `sharedBy` is the claim whose share link was followed. Verified people only. */
    async claim(user: User, pharmacyId: string, couponId: string, sharedBy?: string) {
      for (let attempt = 0; ; attempt++) {
        try {
          const { claim, coupon } = await db.transaction(async (tx) => {
            const c = await repo.find(tx, couponId, true);
            if (!c || c.partner_id !== pharmacyId) throw new AppError('coupon_not_found', 404);
            const now = clock.now();
            if (now >= c.valid_until) throw new AppError('coupon_expired', 409);
            if (now < c.valid_from) throw new AppError('coupon_not_valid_now', 409);
            if (sharedBy) {
              const sharer = await repo.claim(tx, sharedBy);
              if (!sharer || sharer.coupon_id !== couponId || sharer.user_id === user.id)
                throw new AppError('coupon_share_invalid', 400, { field: 'sharedBy' });
            }
            const mine = await repo.claimsOf(tx, couponId, user.id);
            if (mine.length >= c.per_person_limit)
              throw new AppError('coupon_claim_limit', 409, { limit: c.per_person_limit });
            if ((await repo.remaining(tx, couponId)) < 1) throw new AppError('coupon_sold_out', 409);
            const k: ClaimRow = {
              id: randomUUID(),
              coupon_id: couponId,
              user_id: user.id,
              code: `C${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`,
              shared_by: sharedBy ?? null,
              redeemed_at: null,
              redeemed_via: null,
              claimed_at: now,
            };
            await repo.insertClaim(tx, k);
            await repo.takeOne(tx, couponId, k.id, now);
            return { claim: k, coupon: c };
          });
          return claimView(claim, coupon);
        } catch (err) {
          // Two claims drew the same code: the unique index refused one; draw again.
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
    },
    async mine(user: User) {
      const rows = await repo.myClaims(db, user.id);
      return Promise.all(rows.map((k) => claimView(k)));
    },
    /** What a coupon code is, for the counter's scan: its title and whether it can be used now. */
    async peek(partnerId: string, code: string) {
      const k = await repo.claimByCode(db, code);
      if (!k) throw new AppError('coupon_code_unknown', 404);
      const c = await repo.find(db, k.coupon_id);
      if (!c || c.partner_id !== partnerId) throw new AppError('coupon_code_other_pharmacy', 409);
      return { code: k.code, title: c.title, usable: !(await refusal(k, c, db)) };
    },
    /** At the counter, by the code the resident shows. */
    async redeemAtCounter(user: User, partnerId: string, code: string, spendFen?: number) {
      await access.asStaff(user, partnerId);
      const k = await repo.claimByCode(db, code);
      if (!k) throw new AppError('coupon_code_unknown', 404);
      const c = await repo.find(db, k.coupon_id);
      if (!c || c.partner_id !== partnerId) throw new AppError('coupon_code_other_pharmacy', 409);
      const at = await db.transaction((tx) => redeemClaim(tx, k, c, 'counter', spendFen));
      return {
        claimId: k.id,
        title: c.title,
        discountFen:
          c.kind === 'amount' ? c.amount_fen : spendFen !== undefined ? discountOf(c, spendFen) : null,
        percentOff: c.percent_off,
        redeemedAt: at.toISOString(),
      };
    },
    /**
     * For online orders (the payment work calls this inside its order transaction): uses the
     * person's claim on an order at this pharmacy and answers the discount in fen. The same stable
     * errors as at the counter; a claim of someone else answers coupon_code_unknown.
     */
    async redeemForOrder(
      tx: Db,
      o: { partnerId: string; userId: string; claimId: string; orderId: string; totalFen: number },
    ) {
      const k = await repo.claim(tx, o.claimId);
      if (!k || k.user_id !== o.userId) throw new AppError('coupon_code_unknown', 404);
      const c = await repo.find(tx, k.coupon_id);
      if (!c || c.partner_id !== o.partnerId) throw new AppError('coupon_code_other_pharmacy', 409);
      await redeemClaim(tx, k, c, `order:${o.orderId}`, o.totalFen);
      return { discountFen: discountOf(c, o.totalFen) };
    },
    async counts(partnerId: string) {
      return repo.counts(db, partnerId);
    },
  };
}

export type CouponsService = ReturnType<typeof createCouponsService>;
