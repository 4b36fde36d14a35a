import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { PartnerAccess, PartnerRole } from './partner-access.ts';
import { partnersRepo as repo } from './partners.repo.ts';

/** The people of an institution and their roles; owners manage them, every member sees them. */
export function createPartnerMembersService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  access: PartnerAccess;
}) {
  const { db, clock, personal, access } = deps;

  async function list(partnerId: string) {
    return (await repo.members(db, partnerId)).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
  }

  return {
    async members(user: User, id: string) {
      await access.asMember(user, id, 'viewer');
      return list(id);
    },
    async addMember(user: User, id: string, phone: string, role: PartnerRole) {
      await access.asMember(user, id, 'owner');
      const member = await repo.findUserByPhoneHash(db, personal.hash('phone', phone));
      // The person logs in once first, so that no account is made for someone without their knowing.
      if (!member) throw new AppError('not_found', 404, { field: 'phone' });
      await repo.upsertMember(db, { partnerId: id, userId: member.id, role, createdAt: clock.now() });
      return list(id);
    },
    /**
     * Makes a person staff (a viewer) unless they already belong, keeping an existing role, and
     * returns their account id: a pharmacy's pharmacists are members with a certificate beside.
     */
    async addStaff(user: User, id: string, phone: string) {
      await access.asMember(user, id, 'owner');
      const member = await repo.findUserByPhoneHash(db, personal.hash('phone', phone));
      if (!member) throw new AppError('not_found', 404, { field: 'phone' });
      if (!(await repo.memberRole(db, id, member.id))) {
        await repo.upsertMember(db, {
          partnerId: id,
          userId: member.id,
          role: 'viewer',
          createdAt: clock.now(),
        });
      }
      return member.id;
    },
  };
}

export type PartnerMembersService = ReturnType<typeof createPartnerMembersService>;
