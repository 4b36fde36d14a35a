import { and, asc, desc, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import {
  communityArticles as articles,
  type ScheduleRow,
  communitySchedule as schedule,
} from './community.tables.ts';

/** SQL only: the content calendar. */
export const calendarRepo = {
  async insert(db: Db, row: ScheduleRow) {
    await db.insert(schedule).values(row);
  },
  async ofGroup(db: Db, groupId: string) {
    return db
      .select({ entry: schedule, articleTitle: articles.title })
      .from(schedule)
      .innerJoin(articles, eq(articles.id, schedule.articleId))
      .where(eq(schedule.groupId, groupId))
      .orderBy(desc(schedule.sendAt))
      .limit(200);
  },
  async cancel(db: Db, groupId: string, id: string, at: Date) {
    const rows = await db
      .update(schedule)
      .set({ cancelledAt: at })
      .where(
        and(
          eq(schedule.id, id),
          eq(schedule.groupId, groupId),
          isNull(schedule.sentAt),
          isNull(schedule.cancelledAt),
        ),
      )
      .returning({ id: schedule.id });
    return rows.length > 0;
  },
  /**
   * Entries due and not yet sent, locked for this transaction; another process skips them (and
   * finds them sent once this one commits), so each is sent by exactly one run.
   */
  async claimDue(db: Db, now: Date, limit: number) {
    return db
      .select({ entry: schedule, article: articles })
      .from(schedule)
      .innerJoin(articles, eq(articles.id, schedule.articleId))
      .where(and(isNull(schedule.sentAt), isNull(schedule.cancelledAt), lte(schedule.sendAt, now)))
      .orderBy(asc(schedule.sendAt))
      .limit(limit)
      .for('update', { of: schedule, skipLocked: true });
  },
  async markSent(db: Db, id: string, at: Date, recipients: number) {
    await db.update(schedule).set({ sentAt: at, recipients }).where(eq(schedule.id, id));
  },
  async markCancelled(db: Db, id: string, at: Date) {
    await db.update(schedule).set({ cancelledAt: at }).where(eq(schedule.id, id));
  },
  /** What a group's calendar has already sent, newest first: the residents' article list. */
  async sentTo(db: Db, groupId: string, limit = 30) {
    return db
      .select({ article: articles, sentAt: schedule.sentAt })
      .from(schedule)
      .innerJoin(articles, and(eq(articles.id, schedule.articleId), eq(articles.status, 'published')))
      .where(and(eq(schedule.groupId, groupId), isNotNull(schedule.sentAt)))
      .orderBy(desc(schedule.sentAt))
      .limit(limit);
  },
};
