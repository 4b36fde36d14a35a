import { randomUUID } from 'node:crypto';
import type { ScheduleBody } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { HOUR } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import { articlesRepo } from './articles.repo.ts';
import { calendarRepo as repo } from './calendar.repo.ts';
import type { CommunityAccess } from './community-access.ts';
import { groupsRepo } from './groups.repo.ts';

// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so a wall-clock time there is
// the same instant every day of the year.
const SHANGHAI_OFFSET_MS = 8 * HOUR;
const BATCH = 20;

/** 2026-12-01 + 08:30 in Asia/Shanghai → 2026-12-01T00:30:00.000Z. */
export const shanghaiInstant = (date: string, time: string) =>
  new Date(Date.parse(`${date}T${time}:00.000Z`) - SHANGHAI_OFFSET_MS);

export function createCalendarService(deps: {
  db: Db;
  clock: Clock;
  access: CommunityAccess;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<unknown>;
}) {
  const { db, clock, access } = deps;

  const view = (entry: Awaited<ReturnType<typeof repo.ofGroup>>[number]) => ({
    id: entry.entry.id,
    groupId: entry.entry.groupId,
    articleId: entry.entry.articleId,
    articleTitle: entry.articleTitle,
    sendAt: entry.entry.sendAt.toISOString(),
    sentAt: entry.entry.sentAt?.toISOString() ?? null,
    recipients: entry.entry.recipients,
    cancelled: Boolean(entry.entry.cancelledAt),
  });

  return {
    async schedule(user: User, partnerId: string, groupId: string, body: z.infer<typeof ScheduleBody>) {
      const { group } = await access.group(user, partnerId, groupId);
      const article = await articlesRepo.find(db, body.articleId);
      if (!article || article.partnerId !== partnerId)
        throw new AppError('not_found', 404, { field: 'articleId' });
      if (article.status !== 'published') throw new AppError('article_not_published', 409);
      const sendAt = shanghaiInstant(body.date, body.time);
      if (Number.isNaN(sendAt.getTime())) throw new AppError('validation_failed', 400, { field: 'date' });
      if (sendAt.getTime() <= clock.now().getTime()) throw new AppError('schedule_in_past', 400);
      const row = {
        id: randomUUID(),
        groupId: group.id,
        articleId: article.id,
        sendAt,
        createdBy: user.id,
        createdAt: clock.now(),
        sentAt: null,
        recipients: null,
        cancelledAt: null,
      };
      await repo.insert(db, row);
      return view({ entry: row, articleTitle: article.title });
    },
    async list(user: User, partnerId: string, groupId: string) {
      const { group } = await access.group(user, partnerId, groupId, false);
      return { items: (await repo.ofGroup(db, group.id)).map(view) };
    },
    async cancel(user: User, partnerId: string, groupId: string, scheduleId: string) {
      const { group } = await access.group(user, partnerId, groupId);
      if (!(await repo.cancel(db, group.id, scheduleId, clock.now()))) throw new AppError('not_found', 404);
    },
    /** The articles a group's calendar has sent, for its members' page. */
    async sentTo(groupId: string) {
      return (await repo.sentTo(db, groupId)).map((r) => ({
        id: r.article.id,
        kind: r.article.kind,
        title: r.article.title,
        summary: r.article.summary,
        sentAt: (r.sentAt as Date).toISOString(),
      }));
    },
    /**
     * Sends what is due: each entry's members are notified and the entry marked sent in one
     * transaction, so a crash sends nothing or all of it, and an entry that fell due while the
     * server was down goes out once at the next run. Caps and quiet hours are the notifications
     * module's (an inbox entry always; outside channels as the member's preferences allow).
     */
    async runDue(): Promise<{ sent: number }> {
      let sent = 0;
      for (;;) {
        const done = await db.transaction(async (tx) => {
          const due = await repo.claimDue(tx, clock.now(), BATCH);
          for (const { entry, article } of due) {
            if (article.status !== 'published') {
              await repo.markCancelled(tx, entry.id, clock.now());
              continue;
            }
            const ids = await groupsRepo.memberIds(tx, entry.groupId);
            await deps.notifyMany(
              tx,
              ids.map((userId) => ({
                userId,
                type: 'group_article' as const,
                dedupKey: `group_article:${entry.id}`,
                data: { groupId: entry.groupId, articleId: article.id },
              })),
            );
            await repo.markSent(tx, entry.id, clock.now(), ids.length);
            sent++;
          }
          return due.length;
        });
        if (done < BATCH) return { sent };
      }
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
