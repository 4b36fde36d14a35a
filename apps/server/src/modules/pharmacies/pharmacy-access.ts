import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { PartnerAccess } from '../partners/index.ts';
import { pharmaciesRepo as repo } from './pharmacies.repo.ts';

/**
 * Who may work a pharmacy: its members (owners manage the store and its pharmacists; every member,
 * pharmacists included, works stock and the queue) and platform admins. A stranger gets the
 * partners' 404, so no one learns that another pharmacy's id exists.
 */
export function createPharmacyAccess({ db, access }: { db: Db; access: PartnerAccess }) {
  return {
    async asStaff(user: User, partnerId: string, role: 'viewer' | 'owner' = 'viewer') {
      await access.asMember(user, partnerId, role);
      const found = await repo.findPharmacy(db, partnerId);
      if (!found) throw new AppError('not_found', 404);
      return found;
    },
  };
}

export type PharmacyAccess = ReturnType<typeof createPharmacyAccess>;
