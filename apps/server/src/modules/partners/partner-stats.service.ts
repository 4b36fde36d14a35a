import type { RegionalStats } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { User } from '../accounts/index.ts';
import type { Regions } from '../regions/index.ts';
import type { PartnerLinksService } from './partner-links.service.ts';
import type { PartnersService } from './partners.service.ts';
import { regionalStats } from './partners.stats.ts';

/** A partner's figures, for its members on the partner page and for its servers through the API. */
export function createPartnerStatsService(deps: {
  db: Db;
  clock: Clock;
  regions: Regions;
  partners: PartnersService;
  links: PartnerLinksService;
  /** Groups smaller than this are left out, so that no one can be singled out. */
  minCount: number;
}) {
  const { db, clock, regions, partners, links, minCount } = deps;

  async function forPartner(partner: {
    id: string;
    regionCodes: string[];
  }): Promise<z.infer<typeof RegionalStats>> {
    const now = clock.now();
    const figures = await regionalStats(db, regions, partner, now, minCount);
    return { ...figures, linkVisits: await links.visits(partner.id, now) };
  }

  return {
    forPartner,
    async forMember(user: User, partnerId: string) {
      return forPartner(await partners.get(user, partnerId));
    },
  };
}

export type PartnerStatsService = ReturnType<typeof createPartnerStatsService>;
