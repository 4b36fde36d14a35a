import { sql } from 'drizzle-orm';
import { type Clock, chinaDate, DAY } from '../../../platform/clock.ts';
import { type Db, selectRows } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import type { User } from '../../accounts/index.ts';
import { createPartnerAccess } from '../../partners/index.ts';
import { createPharmacyAccess } from '../pharmacy-access.ts';
import { createCouponsService } from './coupons.service.ts';
import { createMembersService } from './members.service.ts';
import { counterPoster } from './poster.ts';

/** Members, points, coupons, the counter poster, the counter's scan and the figures, wired once. */
export function createMemberServices(deps: { db: Db; clock: Clock; publicUrl: string }) {
  const { db, clock } = deps;
  const access = createPharmacyAccess({ db, access: createPartnerAccess({ db }) });
  const members = createMembersService({ db, clock, access });
  const coupons = createCouponsService({ db, clock, access });
  const joinUrl = (partnerId: string) => new URL(`/pharmacies/${partnerId}/join`, deps.publicUrl).toString();

  return {
    members,
    coupons,
    joinUrl,
    async poster(user: User, partnerId: string) {
      const found = await access.asStaff(user, partnerId);
      return counterPoster({ pharmacyName: found.name, joinUrl: joinUrl(partnerId) });
    },
    /** A scanned or typed code: a pickup code (6 digits), a member code (M…) or a coupon code (C…). */
    async scan(user: User, partnerId: string, raw: string) {
      await access.asStaff(user, partnerId);
      const code = raw.trim().toUpperCase();
      if (/^\d{6}$/.test(code)) return { type: 'pickup' as const, code };
      if (/^M\d{9}$/.test(code))
        return { type: 'member' as const, member: await members.lookup(user, partnerId, code) };
      if (/^C\d{9}$/.test(code)) return { type: 'coupon' as const, ...(await coupons.peek(partnerId, code)) };
      throw new AppError('scan_code_unknown', 400);
    },
    async figures(user: User, partnerId: string) {
      await access.asStaff(user, partnerId);
      const [r] = await selectRows<Record<string, number | string>>(
        db,
        sql`SELECT count(*) AS reservations,
            count(*) FILTER (WHERE status = 'picked_up') AS pickups,
            count(*) FILTER (WHERE status = 'no_show') AS no_shows
          FROM pharmacy_reservations WHERE partner_id = ${partnerId}`,
      );
      const now = clock.now();
      const since = chinaDate(new Date(now.getTime() - 13 * DAY));
      const perDay = await selectRows<{ day: string; n: number | string }>(
        db,
        sql`SELECT day::text AS day, count(*) AS n FROM pharmacy_reservations
          WHERE partner_id = ${partnerId} AND day >= ${since} GROUP BY day`,
      );
      const daily = Array.from({ length: 14 }, (_, i) => {
        const day = chinaDate(new Date(now.getTime() - (13 - i) * DAY));
        return { day, reservations: Number(perDay.find((d) => d.day === day)?.n ?? 0) };
      });
      const claims = await coupons.counts(partnerId);
      return {
        reservations: Number(r?.reservations ?? 0),
        pickups: Number(r?.pickups ?? 0),
        noShows: Number(r?.no_shows ?? 0),
        members: await members.count(partnerId),
        couponClaims: claims.claims,
        couponRedemptions: claims.redemptions,
        daily,
      };
    },
  };
}

export type MemberServices = ReturnType<typeof createMemberServices>;
