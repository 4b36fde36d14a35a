import { randomInt, randomUUID } from 'node:crypto';
import type { MembershipView, PointsEntry } from '@medrelay/contracts';
import type { Clock } from '../../../platform/clock.ts';
import { type Db, isUniqueViolation } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import type { User } from '../../accounts/index.ts';
import { pharmaciesRepo } from '../pharmacies.repo.ts';
import type { PharmacyAccess } from '../pharmacy-access.ts';
import { type MemberRow, type PointsRow, membersRepo as repo } from './members.repo.ts';

export const entryView = (r: PointsRow): PointsEntry => ({
  id: r.id,
  kind: r.kind,
  delta: r.delta,
  reason: r.reason,
  expiresAt: r.expires_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

/** N months after `from` (the same day of the month, or the month's last day). */
export function addMonths(from: Date, months: number) {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * Memberships (扫码即会员) and the points ledger. A balance is the sum of the member's ledger; the
 * points that passed their expiry leave it through an 'expire' entry written when the member's
 * points are next read or moved, under the member row's lock.
 */
export function createMembersService(deps: { db: Db; clock: Clock; access: PharmacyAccess }) {
  const { db, clock, access } = deps;

  async function expire(tx: Db, m: MemberRow) {
    const now = clock.now();
    const { amount, last } = await repo.expiredOutstanding(tx, m.partner_id, m.user_id, now);
    if (amount <= 0 || !last) return;
    await repo.insertPoints(tx, {
      id: randomUUID(),
      partner_id: m.partner_id,
      user_id: m.user_id,
      operation_id: `expire-${m.user_id}-${last.getTime()}`,
      kind: 'expire',
      delta: -amount,
      reason: '积分过期',
      expires_at: null,
      created_at: now,
    });
  }

  /** The member's balance and history, with expired points taken out first. */
  async function card(m: MemberRow) {
    return db.transaction(async (tx) => {
      const locked = await repo.lock(tx, m.partner_id, m.user_id);
      if (!locked) throw new AppError('membership_not_found', 404);
      await expire(tx, locked);
      return {
        balance: await repo.balance(tx, m.partner_id, m.user_id),
        history: (await repo.ledger(tx, m.partner_id, m.user_id)).map(entryView),
      };
    });
  }

  async function approved(partnerId: string) {
    const found = await pharmaciesRepo.findPharmacy(db, partnerId);
    if (!found || found.status !== 'approved') throw new AppError('pharmacy_not_found', 404);
    return found;
  }

  /** A member code of this pharmacy, or the stable refusals. */
  async function memberByCode(partnerId: string, code: string) {
    const m = await repo.byCode(db, code);
    if (!m) throw new AppError('member_code_unknown', 404);
    if (m.partner_id !== partnerId) throw new AppError('member_code_other_pharmacy', 409);
    return m;
  }

  async function myCard(user: User, partnerId: string): Promise<MembershipView> {
    const pharmacy = await approved(partnerId);
    const m = await repo.find(db, partnerId, user.id);
    if (!m) throw new AppError('membership_not_found', 404);
    const { balance, history } = await card(m);
    return {
      pharmacyId: partnerId,
      pharmacyName: pharmacy.name,
      memberCode: m.member_code,
      joinedAt: m.joined_at.toISOString(),
      balance,
      pointsExpireMonths: (await repo.settings(db, partnerId)).pointsExpireMonths,
      history,
    };
  }

  return {
    myCard,
    memberByCode,
    /** Joining twice is joining once. */
    async join(user: User, partnerId: string) {
      await approved(partnerId);
      for (let attempt = 0; !(await repo.find(db, partnerId, user.id)); attempt++) {
        try {
          await repo.insert(db, {
            partner_id: partnerId,
            user_id: user.id,
            member_code: `M${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`,
            joined_at: clock.now(),
          });
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
      return myCard(user, partnerId);
    },
    /** Leaving deletes the membership and its whole points ledger. */
    async leave(user: User, partnerId: string) {
      if (!(await repo.remove(db, partnerId, user.id))) throw new AppError('membership_not_found', 404);
    },
    async mine(user: User) {
      const rows = await repo.mine(db, user.id);
      return Promise.all(
        rows.map(async (m) => {
          const { balance } = await card(m);
          return {
            pharmacyId: m.partner_id,
            pharmacyName: m.name,
            memberCode: m.member_code,
            joinedAt: m.joined_at.toISOString(),
            balance,
            pointsExpireMonths: (await repo.settings(db, m.partner_id)).pointsExpireMonths,
          };
        }),
      );
    },
    async list(user: User, partnerId: string, q?: string) {
      await access.asStaff(user, partnerId);
      const rows = await repo.list(db, partnerId, q);
      return {
        items: rows.map((r) => ({
          memberCode: r.member_code,
          joinedAt: r.joined_at.toISOString(),
          balance: r.balance,
        })),
        total: await repo.count(db, partnerId),
      };
    },
    async lookup(user: User, partnerId: string, code: string) {
      await access.asStaff(user, partnerId);
      const m = await memberByCode(partnerId, code);
      const { balance, history } = await card(m);
      return { memberCode: m.member_code, joinedAt: m.joined_at.toISOString(), balance, history };
    },
    async settings(user: User, partnerId: string) {
      await access.asStaff(user, partnerId);
      return repo.settings(db, partnerId);
    },
    async setSettings(user: User, partnerId: string, months: number | null) {
      await access.asStaff(user, partnerId, 'owner');
      await repo.setSettings(db, partnerId, months, clock.now());
      return repo.settings(db, partnerId);
    },
    /**
     * Adds or redeems points. The operation id makes it idempotent: the same id again answers the
     * first result (replayed) and writes nothing; the same id for a different operation is refused.
     */
    async movePoints(
      user: User,
      partnerId: string,
      body: {
        memberCode: string;
        kind: 'add' | 'redeem';
        points: number;
        reason: string;
        operationId: string;
      },
    ) {
      await access.asStaff(user, partnerId);
      const m = await memberByCode(partnerId, body.memberCode);
      const { pointsExpireMonths } = await repo.settings(db, partnerId);
      const delta = body.kind === 'add' ? body.points : -body.points;
      const replay = async (tx: Db) => {
        const prior = await repo.byOperation(tx, partnerId, body.operationId);
        if (!prior || prior.user_id !== m.user_id || prior.delta !== delta || prior.kind !== body.kind)
          throw new AppError('operation_id_reused', 409);
        return {
          entry: entryView(prior),
          balance: await repo.balance(tx, partnerId, m.user_id),
          replayed: true,
        };
      };
      return db.transaction(async (tx) => {
        const locked = await repo.lock(tx, partnerId, m.user_id);
        if (!locked) throw new AppError('member_code_unknown', 404);
        if (await repo.byOperation(tx, partnerId, body.operationId)) return replay(tx);
        await expire(tx, locked);
        const now = clock.now();
        const before = await repo.balance(tx, partnerId, m.user_id);
        if (before + delta < 0) throw new AppError('points_insufficient', 409, { balance: before });
        const entry = await repo.insertPoints(tx, {
          id: randomUUID(),
          partner_id: partnerId,
          user_id: m.user_id,
          operation_id: body.operationId,
          kind: body.kind,
          delta,
          reason: body.reason,
          expires_at: body.kind === 'add' && pointsExpireMonths ? addMonths(now, pointsExpireMonths) : null,
          created_at: now,
        });
        // Another transaction with the same id got in first (the member lock makes this rare).
        if (!entry) return replay(tx);
        return { entry: entryView(entry), balance: before + delta, replayed: false };
      });
    },
    async count(partnerId: string) {
      return repo.count(db, partnerId);
    },
    /** Who is a member (community segments' "member of our pharmacy" rule; the caller checked access). */
    async userIdsOf(partnerId: string) {
      return repo.userIds(db, partnerId);
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
