import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Notice } from '../notifications/index.ts';
import { createPartnerAccess } from '../partners/index.ts';
import { createFeedbackService } from './feedback.service.ts';
import { createSessionsService } from './sessions.service.ts';
import { createSurveysService } from './surveys.service.ts';

/** Live sessions, surveys and feedback, wired once by the app. */
export function createLiveServices(deps: {
  db: Db;
  clock: Clock;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<unknown>;
  /** A respondent's phone, for survey exports of those who agreed to share it. */
  contactOf: (userId: string) => Promise<string | undefined>;
}) {
  const { db, clock } = deps;
  const access = createPartnerAccess({ db });
  const surveys = createSurveysService({ db, clock, access, contactOf: deps.contactOf });
  const sessions = createSessionsService({
    db,
    clock,
    access,
    notifyMany: deps.notifyMany,
    ratingsOf: (id) => surveys.ratingsOf(id),
  });
  const feedback = createFeedbackService({
    db,
    clock,
    notify: (tx, notice) => deps.notifyMany(tx, [notice]),
  });
  return { sessions, surveys, feedback };
}

export type LiveServices = ReturnType<typeof createLiveServices>;
