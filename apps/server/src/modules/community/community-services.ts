import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import { createPartnerAccess } from '../partners/index.ts';
import { createArticlesService } from './articles.service.ts';
import { createCalendarService } from './calendar.service.ts';
import { createCommunityAccess } from './community-access.ts';
import { createGroupsService, type WecomRobot } from './groups.service.ts';

export type { WecomRobot } from './groups.service.ts';

/** The community module's services, wired once by the app. */
export function createCommunityServices(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  publicUrl: string;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<unknown>;
  /** The WeCom group robot for mirroring announcements; off (undefined) unless configured. */
  wecom?: WecomRobot;
  onMirrorError?: (err: unknown) => void;
}) {
  const { db, clock } = deps;
  const partnerAccess = createPartnerAccess({ db });
  const access = createCommunityAccess({ db, access: partnerAccess });
  const groups = createGroupsService({ ...deps, access });
  const articles = createArticlesService({ db, clock, access });
  const calendar = createCalendarService({ db, clock, access, notifyMany: deps.notifyMany });
  return {
    deps,
    partnerAccess,
    access,
    groups,
    articles,
    calendar,
    /** A member's view of one of their groups: announcements (pinned first) and the articles sent. */
    async myGroup(user: User, groupId: string) {
      const page = await groups.myGroup(user, groupId);
      return { ...page, articles: await calendar.sentTo(groupId) };
    },
  };
}

export type CommunityServices = ReturnType<typeof createCommunityServices>;
