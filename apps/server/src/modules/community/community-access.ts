import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { PartnerAccess } from '../partners/index.ts';
import { groupsRepo } from './groups.repo.ts';

/**
 * Who may operate an institution's community: its members (viewers read; developers and owners
 * write; owners name the reviewers) and platform admins, through the partners' one check. A group
 * is reached only through its own institution: another institution's operator gets the same 404 as
 * for a group that does not exist, and nothing changes.
 */
export function createCommunityAccess({ db, access }: { db: Db; access: PartnerAccess }) {
  return {
    async operator(user: User, partnerId: string, write: boolean | 'owner' = true) {
      const role = write === 'owner' ? 'owner' : write ? 'developer' : 'viewer';
      return access.asMember(user, partnerId, role);
    },
    async group(user: User, partnerId: string, groupId: string, write = true) {
      await this.operator(user, partnerId, write);
      const found = await groupsRepo.findGroup(db, groupId);
      if (!found || found.group.partnerId !== partnerId || found.group.archivedAt)
        throw new AppError('not_found', 404);
      return found;
    },
  };
}

export type CommunityAccess = ReturnType<typeof createCommunityAccess>;
