import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import { partnersRepo as repo } from './partners.repo.ts';

export type PartnerRole = 'owner' | 'developer' | 'viewer';
const RANK: Record<PartnerRole, number> = { viewer: 0, developer: 1, owner: 2 };

/**
 * Who may act on a partner: one check shared by the application, member, key and webhook services,
 * so that a stranger gets the same 404 from each of them (no hint that the partner exists).
 */
export function createPartnerAccess({ db }: { db: Db }) {
  return {
    /** The partner, if `user` has at least `role` in it (admins see every partner). */
    async asMember(user: User, partnerId: string, role: PartnerRole) {
      const partner = await repo.findPartner(db, partnerId);
      const mine = partner ? await repo.memberRole(db, partnerId, user.id) : undefined;
      if (!partner || (!mine && user.role !== 'admin')) throw new AppError('not_found', 404);
      if (user.role !== 'admin' && RANK[mine as PartnerRole] < RANK[role])
        throw new AppError('forbidden', 403, { role });
      return { partner, role: (mine ?? null) as PartnerRole | null };
    },
  };
}

export type PartnerAccess = ReturnType<typeof createPartnerAccess>;

/** 440000 → '44', 440300 → '4403', 440305 → '440305': codes nest by prefix in GB/T 2260. */
export const prefixOf = (code: string) => code.replace(/(00)+$/, '');

/** Whether a region code (of a post) lies inside one of the partner's regions. */
export const serves = (partner: { regionCodes: string[] }, districtCode: string) =>
  partner.regionCodes.some((code) => districtCode.startsWith(prefixOf(code)));
