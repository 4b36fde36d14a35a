import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Notice } from '../notifications/index.ts';
import { createPartnerAccess } from '../partners/index.ts';

/** The community module's services, wired once by the app. */
export function createCommunityServices(deps: {
  db: Db;
  clock: Clock;
  publicUrl: string;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<unknown>;
}) {
  const access = createPartnerAccess({ db: deps.db });
  return { access };
}

export type CommunityServices = ReturnType<typeof createCommunityServices>;
