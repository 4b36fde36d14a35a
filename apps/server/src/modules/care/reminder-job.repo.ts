import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../platform/db/index.ts';

export interface DueReminder {
  id: string;
  userId: string;
  medicineId: string | null;
  times: string[];
  startsOn: string;
  endsOn: string;
  nextDueAt: Date;
}
export interface NewDose {
  reminderId: string;
  dueAt: Date;
  userId: string;
  day: string;
  status: 'sent' | 'missed';
  late: boolean;
}
interface DoseKey {
  reminderId: string;
  dueAt: Date;
  userId: string;
}

const keys = (rows: DoseKey[]) => rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt) }));

/** SQL only: what the reminder scheduler claims and writes, a batch at a time. */
export const reminderJobRepo = {
  /** Reminders whose next occurrence is due, locked; another process skips them (SKIP LOCKED). */
  async claimDue(tx: Db, now: Date, limit: number) {
    const rows = await selectRows<DueReminder>(
      tx,
      sql`SELECT id, user_id AS "userId", medicine_id AS "medicineId", times, starts_on::text AS "startsOn",
          ends_on::text AS "endsOn", next_due_at AS "nextDueAt"
        FROM care_reminders WHERE next_due_at <= ${now}
        ORDER BY next_due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    );
    return rows.map((r) => ({ ...r, nextDueAt: new Date(r.nextDueAt) }));
  },
  /**
   * New dose rows; an occurrence already recorded is left alone and not returned. A batch travels as
   * one JSON parameter (a busy minute's thousand rows are one short statement, not 7,000 parameters).
   */
  async insertDoses(tx: Db, doses: NewDose[], now: Date) {
    if (!doses.length) return [];
    const json = JSON.stringify(
      doses.map((d) => ({
        reminder_id: d.reminderId,
        due_at: d.dueAt.toISOString(),
        user_id: d.userId,
        day: d.day,
        status: d.status,
        late: d.late,
      })),
    );
    const rows = await selectRows<DoseKey & { status: 'sent' | 'missed'; late: boolean }>(
      tx,
      sql`INSERT INTO care_reminder_doses (reminder_id, due_at, user_id, day, status, late, created_at)
        SELECT reminder_id, due_at, user_id, day, status, late, ${now}::timestamptz
          FROM jsonb_to_recordset(${json}::jsonb)
            AS x(reminder_id uuid, due_at timestamptz, user_id uuid, day date, status text, late boolean)
        ON CONFLICT (reminder_id, due_at) DO NOTHING
        RETURNING reminder_id AS "reminderId", due_at AS "dueAt", user_id AS "userId", status, late`,
    );
    return rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt) }));
  },
  /** Moves each reminder to its next occurrence; one with none left has ended. */
  async setNext(tx: Db, next: { id: string; at: Date | null }[], now: Date) {
    if (!next.length) return;
    const json = JSON.stringify(next.map((n) => ({ id: n.id, at: n.at?.toISOString() ?? null })));
    await tx.execute(sql`UPDATE care_reminders r
      SET next_due_at = v.at, status = CASE WHEN v.at IS NULL THEN 'ended' ELSE r.status END, updated_at = ${now}
      FROM jsonb_to_recordset(${json}::jsonb) AS v(id uuid, at timestamptz) WHERE r.id = v.id`);
  },
  /** Snoozed doses whose snooze is over: back to waiting, to be sent again. */
  async wakeSnoozed(tx: Db, now: Date, limit: number) {
    const rows = await selectRows<DoseKey & { snoozedUntil: Date }>(
      tx,
      sql`WITH due AS (
          SELECT reminder_id, due_at, snoozed_until FROM care_reminder_doses
          WHERE status = 'snoozed' AND snoozed_until <= ${now}
          ORDER BY snoozed_until LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        UPDATE care_reminder_doses d SET status = 'sent'
        FROM due WHERE d.reminder_id = due.reminder_id AND d.due_at = due.due_at
        RETURNING d.reminder_id AS "reminderId", d.due_at AS "dueAt", d.user_id AS "userId",
          due.snoozed_until AS "snoozedUntil"`,
    );
    return rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt), snoozedUntil: new Date(r.snoozedUntil) }));
  },
  /** Doses nobody answered by `cutoff` (after the due time or the end of a snooze) are missed. */
  async markMissed(tx: Db, cutoff: Date, limit: number) {
    const rows = await selectRows<DoseKey>(
      tx,
      sql`WITH due AS (
          SELECT reminder_id, due_at FROM care_reminder_doses
          WHERE status IN ('sent', 'snoozed') AND due_at < ${cutoff}
            AND coalesce(snoozed_until, due_at) < ${cutoff}
          ORDER BY due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        UPDATE care_reminder_doses d SET status = 'missed'
        FROM due WHERE d.reminder_id = due.reminder_id AND d.due_at = due.due_at
        RETURNING d.reminder_id AS "reminderId", d.due_at AS "dueAt", d.user_id AS "userId"`,
    );
    return keys(rows);
  },
  /** Accepted caregivers of these people. */
  async caregiversOf(tx: Db, userIds: string[]) {
    if (!userIds.length) return [];
    return selectRows<{ id: string; userId: string; caregiverId: string }>(
      tx,
      sql`SELECT id, user_id AS "userId", caregiver_id AS "caregiverId" FROM care_caregivers
        WHERE status = 'accepted'
          AND user_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb)::uuid)`,
    );
  },
};
