import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import { createPartnerAccess } from '../partners/index.ts';
import { createCommunityAccess } from './community-access.ts';
import { createReferralsService } from './referrals.service.ts';

/** Referral campaigns and invite leaderboards, wired once by the app. */
export function createReferralServices(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  publicUrl: string;
}) {
  const access = createCommunityAccess({ db: deps.db, access: createPartnerAccess({ db: deps.db }) });
  return { referrals: createReferralsService({ ...deps, access }) };
}

export type ReferralServices = ReturnType<typeof createReferralServices>;
