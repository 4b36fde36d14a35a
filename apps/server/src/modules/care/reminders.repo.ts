import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../platform/db/index.ts';

export interface ReminderRow {
  id: string;
  userId: string;
  medicineId: string | null;
  medicineNameEnc: string | null;
  doseUnits: number;
  times: string[];
  meal: 'any' | 'before' | 'with' | 'after';
  startsOn: string;
  endsOn: string;
  quantityLeft: number | null;
  refillAt: number | null;
  refillNoticed: boolean;
  status: 'active' | 'paused' | 'ended';
  nextDueAt: Date | null;
  createdAt: Date;
}

export interface DoseRow {
  reminderId: string;
  dueAt: Date;
  userId: string;
  day: string;
  status: 'sent' | 'snoozed' | 'taken' | 'skipped' | 'missed';
  late: boolean;
  snoozedUntil: Date | null;
}

const REMINDER_COLUMNS = sql`id, user_id AS "userId", medicine_id AS "medicineId",
  medicine_name_enc AS "medicineNameEnc", dose_units AS "doseUnits", times, meal,
  starts_on::text AS "startsOn", ends_on::text AS "endsOn", quantity_left AS "quantityLeft",
  refill_at AS "refillAt", refill_noticed AS "refillNoticed", status, next_due_at AS "nextDueAt",
  created_at AS "createdAt"`;
const DOSE_COLUMNS = sql`reminder_id AS "reminderId", due_at AS "dueAt", user_id AS "userId",
  day::text AS day, status, late, snoozed_until AS "snoozedUntil"`;

// A text[] as one parameter (array literal), the same on both drivers; times are HH:MM only.
const textArray = (values: readonly string[]) => sql`${`{${values.join(',')}}`}::text[]`;

/** Timestamps come back as Date from both drivers; arrays of text too. Normalised once here. */
const reminder = (r: ReminderRow): ReminderRow => ({
  ...r,
  nextDueAt: r.nextDueAt ? new Date(r.nextDueAt) : null,
  createdAt: new Date(r.createdAt),
});
const dose = (d: DoseRow): DoseRow => ({
  ...d,
  dueAt: new Date(d.dueAt),
  snoozedUntil: d.snoozedUntil ? new Date(d.snoozedUntil) : null,
});

/** SQL only: reminders and their doses. */
export const remindersRepo = {
  async insert(tx: Db, r: Omit<ReminderRow, 'refillNoticed'>) {
    await tx.execute(sql`INSERT INTO care_reminders (id, user_id, medicine_id, medicine_name_enc, dose_units,
        times, meal, starts_on, ends_on, quantity_left, refill_at, status, next_due_at, created_at, updated_at)
      VALUES (${r.id}, ${r.userId}, ${r.medicineId}, ${r.medicineNameEnc}, ${r.doseUnits},
        ${textArray(r.times)},
        ${r.meal}, ${r.startsOn}, ${r.endsOn}, ${r.quantityLeft}, ${r.refillAt}, ${r.status},
        ${r.nextDueAt}, ${r.createdAt}, ${r.createdAt})`);
  },
  async list(db: Db, userId: string) {
    const rows = await selectRows<ReminderRow>(
      db,
      sql`SELECT ${REMINDER_COLUMNS} FROM care_reminders WHERE user_id = ${userId} ORDER BY created_at DESC`,
    );
    return rows.map(reminder);
  },
  async get(db: Db, userId: string, id: string, lock = false) {
    const [row] = await selectRows<ReminderRow>(
      db,
      sql`SELECT ${REMINDER_COLUMNS} FROM care_reminders WHERE id = ${id} AND user_id = ${userId}
        ${lock ? sql`FOR UPDATE` : sql``}`,
    );
    return row ? reminder(row) : undefined;
  },
  async update(
    tx: Db,
    id: string,
    r: Pick<
      ReminderRow,
      | 'times'
      | 'meal'
      | 'endsOn'
      | 'doseUnits'
      | 'quantityLeft'
      | 'refillAt'
      | 'refillNoticed'
      | 'status'
      | 'nextDueAt'
    >,
    now: Date,
  ) {
    await tx.execute(sql`UPDATE care_reminders SET
        times = ${textArray(r.times)},
        meal = ${r.meal}, ends_on = ${r.endsOn}, dose_units = ${r.doseUnits}, quantity_left = ${r.quantityLeft},
        refill_at = ${r.refillAt}, refill_noticed = ${r.refillNoticed}, status = ${r.status},
        next_due_at = ${r.nextDueAt}, updated_at = ${now}
      WHERE id = ${id}`);
  },
  async remove(tx: Db, userId: string, id: string) {
    const rows = await selectRows<{ id: string }>(
      tx,
      sql`DELETE FROM care_reminders WHERE id = ${id} AND user_id = ${userId} RETURNING id`,
    );
    return rows.length === 1;
  },
  /** A taken dose takes its units from what is left; returns the reminder after the change. */
  async takeUnits(tx: Db, id: string) {
    const [row] = await selectRows<ReminderRow>(
      tx,
      sql`UPDATE care_reminders SET quantity_left = greatest(quantity_left - dose_units, 0)
        WHERE id = ${id} AND quantity_left IS NOT NULL RETURNING ${REMINDER_COLUMNS}`,
    );
    return row ? reminder(row) : undefined;
  },
  async markRefillNoticed(tx: Db, id: string) {
    await tx.execute(sql`UPDATE care_reminders SET refill_noticed = true WHERE id = ${id}`);
  },
  async recentDoses(db: Db, reminderIds: string[], since: Date) {
    if (!reminderIds.length) return [];
    const rows = await selectRows<DoseRow>(
      db,
      sql`SELECT ${DOSE_COLUMNS} FROM care_reminder_doses
        WHERE reminder_id IN (${sql.join(
          reminderIds.map((id) => sql`${id}`),
          sql`, `,
        )}) AND due_at >= ${since} ORDER BY due_at DESC`,
    );
    return rows.map(dose);
  },
  async dose(tx: Db, userId: string, reminderId: string, dueAt: Date) {
    const [row] = await selectRows<DoseRow>(
      tx,
      sql`SELECT ${DOSE_COLUMNS} FROM care_reminder_doses
        WHERE reminder_id = ${reminderId} AND due_at = ${dueAt} AND user_id = ${userId} FOR UPDATE`,
    );
    return row ? dose(row) : undefined;
  },
  async setDose(
    tx: Db,
    d: Pick<DoseRow, 'reminderId' | 'dueAt' | 'status' | 'snoozedUntil'>,
    answeredAt: Date | null,
  ) {
    await tx.execute(sql`UPDATE care_reminder_doses SET status = ${d.status}, snoozed_until = ${d.snoozedUntil},
        answered_at = ${answeredAt}
      WHERE reminder_id = ${d.reminderId} AND due_at = ${d.dueAt}`);
  },
  /** Per China day: doses taken, skipped and missed (doses still waiting for an answer are not counted). */
  async adherence(db: Db, userId: string, fromDay: string, toDay: string) {
    return selectRows<{ day: string; taken: number; skipped: number; missed: number }>(
      db,
      sql`SELECT day::text AS day,
          count(*) FILTER (WHERE status = 'taken')::int AS taken,
          count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
          count(*) FILTER (WHERE status = 'missed')::int AS missed
        FROM care_reminder_doses WHERE user_id = ${userId} AND day BETWEEN ${fromDay} AND ${toDay}
        GROUP BY day ORDER BY day`,
    );
  },
};
