import { type Clock, MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Notice } from '../notifications/index.ts';
import { type NewDose, reminderJobRepo as repo } from './reminder-job.repo.ts';
import { chinaDay, dueOccurrences, nextOccurrence, type OccurrenceMemo } from './reminder-schedule.ts';

/** A dose sent this long after its time says so ("late"): the server was down or behind. */
export const LATE_AFTER_MS = 2 * MINUTE;
/** A dose nobody marked within this long (after its time or the end of a snooze) is missed. */
export const MISSED_AFTER_MS = 60 * MINUTE;
const BATCH = 1000;

export type NotifyMany = (tx: Db, notices: readonly Notice[]) => Promise<unknown>;

export interface ReminderJob {
  /**
   * One pass: every occurrence due by now is recorded and sent once (the dose row's key and the
   * notice's dedup key both say so), snoozes that ran out ring again, unanswered doses become missed
   * and accepted caregivers are told. Safe in several processes at once (SKIP LOCKED).
   */
  runOnce(): Promise<{ sent: number; late: number; missed: number; snoozed: number }>;
}

export function createReminderJob(deps: { db: Db; clock: Clock; notifyMany: NotifyMany }): ReminderJob {
  const { db, clock, notifyMany } = deps;
  const doseKey = (reminderId: string, dueAt: Date) => `dose:${reminderId}:${dueAt.toISOString()}`;

  async function missedNotices(tx: Db, missed: { reminderId: string; dueAt: Date; userId: string }[]) {
    const links = await repo.caregiversOf(tx, [...new Set(missed.map((m) => m.userId))]);
    const notices: Notice[] = [];
    for (const m of missed) {
      for (const link of links.filter((l) => l.userId === m.userId)) {
        // Adherence only: which link, and when the dose was due. Never the medicine or the record.
        notices.push({
          userId: link.caregiverId,
          type: 'dose_missed',
          dedupKey: `missed:${doseKey(m.reminderId, m.dueAt)}`,
          data: { careLinkId: link.id, dueAt: m.dueAt.toISOString() },
        });
      }
    }
    await notifyMany(tx, notices);
  }

  async function sendDue(now: Date) {
    return db.transaction(async (tx) => {
      const due = await repo.claimDue(tx, now, BATCH);
      const doses: NewDose[] = [];
      const next: { id: string; at: Date | null }[] = [];
      const memo: OccurrenceMemo = new Map();
      for (const r of due) {
        const occurrences = dueOccurrences(r, r.nextDueAt, now, memo);
        const latest = occurrences.at(-1) as Date;
        // While the server was down only the latest occurrence is still worth a reminder; the
        // earlier ones are recorded as missed (the adherence chart and caregivers count them).
        for (const at of occurrences) {
          const isLatest = at === latest;
          doses.push({
            reminderId: r.id,
            dueAt: at,
            userId: r.userId,
            day: chinaDay(at),
            status: isLatest ? 'sent' : 'missed',
            late: isLatest && now.getTime() - at.getTime() > LATE_AFTER_MS,
          });
        }
        next.push({ id: r.id, at: nextOccurrence(r, now, memo) });
      }
      const inserted = await repo.insertDoses(tx, doses, now);
      const medicineOf = new Map(due.map((r) => [r.id, r.medicineId]));
      const sent = inserted.filter((d) => d.status === 'sent');
      await notifyMany(
        tx,
        sent.map((d) => {
          const medicineId = medicineOf.get(d.reminderId);
          return {
            userId: d.userId,
            type: 'dose_due' as const,
            dedupKey: doseKey(d.reminderId, d.dueAt),
            data: {
              reminderId: d.reminderId,
              dueAt: d.dueAt.toISOString(),
              late: d.late,
              ...(medicineId ? { medicineIds: [medicineId] } : {}),
            },
          };
        }),
      );
      await missedNotices(
        tx,
        inserted.filter((d) => d.status === 'missed'),
      );
      await repo.setNext(tx, next, now);
      return { claimed: due.length, sent: sent.length, late: sent.filter((d) => d.late).length };
    });
  }

  async function wakeSnoozed(now: Date) {
    return db.transaction(async (tx) => {
      const woken = await repo.wakeSnoozed(tx, now, BATCH);
      await notifyMany(
        tx,
        woken.map((d) => ({
          userId: d.userId,
          type: 'dose_due' as const,
          dedupKey: `${doseKey(d.reminderId, d.dueAt)}:snooze:${d.snoozedUntil.toISOString()}`,
          data: { reminderId: d.reminderId, dueAt: d.dueAt.toISOString(), late: false },
        })),
      );
      return woken.length;
    });
  }

  async function markMissed(now: Date) {
    return db.transaction(async (tx) => {
      const missed = await repo.markMissed(tx, new Date(now.getTime() - MISSED_AFTER_MS), BATCH);
      await missedNotices(tx, missed);
      return missed.length;
    });
  }

  return {
    async runOnce() {
      const now = clock.now();
      const totals = { sent: 0, late: 0, missed: 0, snoozed: 0 };
      for (;;) {
        const batch = await sendDue(now);
        totals.sent += batch.sent;
        totals.late += batch.late;
        if (batch.claimed < BATCH) break;
      }
      for (;;) {
        const n = await wakeSnoozed(now);
        totals.snoozed += n;
        if (n < BATCH) break;
      }
      for (;;) {
        const n = await markMissed(now);
        totals.missed += n;
        if (n < BATCH) break;
      }
      return totals;
    },
  };
}
