import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { AccountsService } from '../accounts/index.ts';
import type { PostsService } from '../posts/index.ts';
import type { Regions } from '../regions/index.ts';
import { createAssistedPostsService } from './assisted-posts.service.ts';
import { createPartnerAccess } from './partner-access.ts';
import { createPartnerKeysService } from './partner-keys.service.ts';
import { createPartnerLinksService } from './partner-links.service.ts';
import { createPartnerMembersService } from './partner-members.service.ts';
import { createPartnerStatsService } from './partner-stats.service.ts';
import { createPartnerWebhooksService } from './partner-webhooks.service.ts';
import { createPartnersService } from './partners.service.ts';

/**
 * The partners module's services, wired once: the app hands in what they use and registers the route
 * plugins with the result, so no route file builds a service.
 */
export function createPartnerServices(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  regions: Regions;
  accounts: AccountsService;
  posts: PostsService;
  /** Base URL of the H5 app, for deep links and QR codes. */
  publicUrl: string;
  statsMinCount: number;
}) {
  const { db, clock, personal, regions } = deps;
  const access = createPartnerAccess({ db });
  const partners = createPartnersService({ db, clock, personal, regions, access });
  const links = createPartnerLinksService({ db, clock, partners, publicUrl: deps.publicUrl });
  return {
    partners,
    members: createPartnerMembersService({ db, clock, personal, access }),
    keys: createPartnerKeysService({ db, clock, access }),
    webhooks: createPartnerWebhooksService({ db, clock, personal, access }),
    links,
    stats: createPartnerStatsService({ db, clock, regions, partners, links, minCount: deps.statsMinCount }),
    assisted: createAssistedPostsService({ regions, accounts: deps.accounts, posts: deps.posts }),
  };
}

export type PartnerServices = ReturnType<typeof createPartnerServices>;
