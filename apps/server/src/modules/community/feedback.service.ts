import { randomUUID } from 'node:crypto';
import { FEEDBACK_PER_DAY, type FeedbackView } from '@medrelay/contracts';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { type Clock, DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import { type FeedbackRow, feedback } from './live-tables.ts';

type Category = FeedbackRow['category'];
type Status = FeedbackRow['status'];

const present = (f: FeedbackRow): FeedbackView => ({
  id: f.id,
  category: f.category,
  body: f.body,
  status: f.status,
  reply: f.reply,
  createdAt: f.createdAt.toISOString(),
});

/**
 * 反馈建议: residents write to the platform's operators (moderators and admins), who mark it read
 * and answer; the answer reaches the resident through notifications. The operators' list never
 * says who wrote (no user id, no phone): they answer through the platform.
 */
export function createFeedbackService(deps: {
  db: Db;
  clock: Clock;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
}) {
  const { db, clock } = deps;
  return {
    async send(user: User, category: Category, body: string) {
      const now = clock.now();
      return db.transaction(async (tx) => {
        // Serialise one person's sends on their advisory lock, so the daily budget holds under a burst.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`feedback:${user.id}`}))`);
        const [recent] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(feedback)
          .where(and(eq(feedback.userId, user.id), gte(feedback.createdAt, new Date(now.getTime() - DAY))));
        if (Number(recent?.n ?? 0) >= FEEDBACK_PER_DAY)
          throw new AppError('feedback_limit', 429, { max: FEEDBACK_PER_DAY });
        const [row] = await tx
          .insert(feedback)
          .values({
            id: randomUUID(),
            userId: user.id,
            category,
            body,
            status: 'new',
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return present(row as FeedbackRow);
      });
    },
    async mine(user: User) {
      const rows = await db
        .select()
        .from(feedback)
        .where(eq(feedback.userId, user.id))
        .orderBy(desc(feedback.createdAt))
        .limit(50);
      return rows.map(present);
    },
    async queue(status?: Status) {
      const rows = await db
        .select()
        .from(feedback)
        .where(status ? eq(feedback.status, status) : undefined)
        .orderBy(desc(feedback.createdAt))
        .limit(200);
      return rows.map(present);
    },
    async markRead(id: string) {
      const [row] = await db
        .update(feedback)
        .set({ status: 'read', updatedAt: clock.now() })
        .where(and(eq(feedback.id, id), eq(feedback.status, 'new')))
        .returning();
      if (!row) {
        const [exists] = await db.select().from(feedback).where(eq(feedback.id, id));
        if (!exists) throw new AppError('not_found', 404);
        return present(exists);
      }
      return present(row);
    },
    async answer(id: string, reply: string) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(feedback)
          .set({ status: 'answered', reply, updatedAt: clock.now() })
          .where(eq(feedback.id, id))
          .returning();
        if (!row) throw new AppError('not_found', 404);
        if (row.userId)
          await deps.notify(tx, {
            userId: row.userId,
            type: 'feedback_answered',
            // A second answer (a correction) is a new notice.
            dedupKey: `feedback_answered:${id}:${clock.now().getTime()}`,
            data: { feedbackId: id },
          });
        return present(row);
      });
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
