import { randomUUID } from 'node:crypto';
import {
  type AdherenceReply,
  type DoseView,
  MAX_COURSE_DAYS,
  type ReminderBody,
  type ReminderPatchBody,
  type ReminderView,
  SNOOZE_MINUTES,
} from '@medrelay/contracts';
import type { z } from 'zod';
import { type Clock, MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { NotifyMany } from './reminder-job.ts';
import { addDays, chinaDay, chinaMidnight, nextOccurrence } from './reminder-schedule.ts';
import { type DoseRow, type ReminderRow, remindersRepo as repo } from './reminders.repo.ts';

type Body = z.output<typeof ReminderBody>;
type Patch = z.output<typeof ReminderPatchBody>;

const doseView = (d: DoseRow): DoseView => ({
  reminderId: d.reminderId,
  dueAt: d.dueAt.toISOString(),
  status: d.status,
  late: d.late,
  snoozedUntil: d.snoozedUntil?.toISOString() ?? null,
});

export function createRemindersService(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  personal: PersonalData;
  notifyMany: NotifyMany;
}) {
  const { db, clock, catalog, personal, notifyMany } = deps;

  async function view(r: ReminderRow, doses?: DoseRow[]): Promise<ReminderView> {
    const recent = doses ?? (await repo.recentDoses(db, [r.id], chinaMidnight(chinaDay(clock.now()))));
    return {
      id: r.id,
      medicineId: r.medicineId,
      medicineName: r.medicineNameEnc ? personal.decrypt(r.medicineNameEnc) : null,
      doseUnits: r.doseUnits,
      times: r.times,
      meal: r.meal,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      quantityLeft: r.quantityLeft,
      refillAt: r.refillAt,
      status: r.status,
      nextDueAt: r.nextDueAt?.toISOString() ?? null,
      recentDoses: recent.filter((d) => d.reminderId === r.id).map(doseView),
      createdAt: r.createdAt.toISOString(),
    };
  }

  /** The next occurrence from now, or the stable 4xx when none is left in the course. */
  function scheduleFrom(s: { times: string[]; startsOn: string; endsOn: string }, now: Date) {
    const next = nextOccurrence(s, now);
    if (!next) throw new AppError('reminder_past_course_end', 400, { field: 'endsOn', endsOn: s.endsOn });
    return next;
  }
  const uniqueTimes = (times: string[]) => [...new Set(times)].sort();

  async function mine(user: User, id: string, lock = false, tx: Db = db) {
    const r = await repo.get(tx, user.id, id, lock);
    if (!r) throw new AppError('not_found', 404);
    return r;
  }

  return {
    async create(user: User, body: Body): Promise<ReminderView> {
      if (body.medicineId && !catalog.get(body.medicineId))
        throw new AppError('unknown_medicine', 400, { field: 'medicineId' });
      const now = clock.now();
      const startsOn = body.startsOn ?? chinaDay(now);
      const endsOn = body.endsOn ?? addDays(startsOn, (body.courseDays ?? 7) - 1);
      if (endsOn < startsOn || endsOn > addDays(startsOn, MAX_COURSE_DAYS - 1))
        throw new AppError('reminder_past_course_end', 400, { field: 'endsOn' });
      const times = uniqueTimes(body.times);
      const nextDueAt = scheduleFrom({ times, startsOn, endsOn }, now);
      const row = {
        id: randomUUID(),
        userId: user.id,
        medicineId: body.medicineId ?? null,
        medicineNameEnc: body.medicineName ? personal.encrypt(body.medicineName) : null,
        doseUnits: body.doseUnits,
        times,
        meal: body.meal,
        startsOn,
        endsOn,
        quantityLeft: body.quantity ?? null,
        refillAt: body.refillAt ?? null,
        status: 'active' as const,
        nextDueAt,
        createdAt: now,
      };
      await repo.insert(db, row);
      return view({ ...row, refillNoticed: false }, []);
    },

    async list(user: User) {
      const rows = await repo.list(db, user.id);
      const doses = await repo.recentDoses(
        db,
        rows.map((r) => r.id),
        chinaMidnight(chinaDay(clock.now())),
      );
      return { items: await Promise.all(rows.map((r) => view(r, doses))) };
    },

    /** For the person's data export: every reminder with today's doses, and the last 90 days' chart. */
    async exportFor(userId: string) {
      const user = { id: userId } as User;
      return { reminders: (await this.list(user)).items, adherence: (await this.adherence(user, 90)).days };
    },

    async get(user: User, id: string) {
      return view(await mine(user, id));
    },

    async update(user: User, id: string, patch: Patch): Promise<ReminderView> {
      const now = clock.now();
      const updated = await db.transaction(async (tx) => {
        const r = await mine(user, id, true, tx);
        const times = patch.times ? uniqueTimes(patch.times) : r.times;
        const endsOn = patch.endsOn ?? r.endsOn;
        if (endsOn < r.startsOn) throw new AppError('reminder_past_course_end', 400, { field: 'endsOn' });
        const paused = patch.paused ?? r.status === 'paused';
        const schedule = { times, startsOn: r.startsOn, endsOn };
        // A paused reminder keeps its course; resuming starts from now, not from the pause.
        const nextDueAt = paused ? null : scheduleFrom(schedule, now);
        const quantityLeft = patch.quantity === undefined ? r.quantityLeft : patch.quantity;
        const refillAt = patch.refillAt === undefined ? r.refillAt : patch.refillAt;
        const next = {
          ...r,
          times,
          endsOn,
          meal: patch.meal ?? r.meal,
          doseUnits: patch.doseUnits ?? r.doseUnits,
          quantityLeft,
          refillAt,
          // Topped up above the threshold: the next time it runs low is worth a notice again.
          refillNoticed:
            r.refillNoticed && !(quantityLeft !== null && refillAt !== null && quantityLeft > refillAt),
          status: paused ? ('paused' as const) : ('active' as const),
          nextDueAt,
        };
        await repo.update(tx, id, next, now);
        return next;
      });
      return view(updated);
    },

    async remove(user: User, id: string) {
      if (!(await repo.remove(db, user.id, id))) throw new AppError('not_found', 404);
    },

    /** Taken, skipped or snoozed (10 minutes), from the notification or the list. */
    async actOnDose(user: User, reminderId: string, dueAt: Date, action: 'taken' | 'skipped' | 'snooze') {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const r = await mine(user, reminderId, true, tx);
        const d = await repo.dose(tx, user.id, reminderId, dueAt);
        if (!d) throw new AppError('not_found', 404);
        const open = d.status === 'sent' || d.status === 'snoozed';
        // A missed dose may still be marked taken or skipped later (the person forgot to tap).
        const allowed = action === 'snooze' ? open : open || d.status === 'missed';
        if (action !== 'snooze' && d.status === action) return doseView(d);
        if (!allowed) throw new AppError('dose_not_actionable', 409, { status: d.status });
        const next: DoseRow =
          action === 'snooze'
            ? { ...d, status: 'snoozed', snoozedUntil: new Date(now.getTime() + SNOOZE_MINUTES * MINUTE) }
            : { ...d, status: action, snoozedUntil: null };
        await repo.setDose(tx, next, action === 'snooze' ? null : now);
        if (action === 'taken' && r.quantityLeft !== null) {
          const after = await repo.takeUnits(tx, r.id);
          if (
            after &&
            after.refillAt !== null &&
            after.quantityLeft !== null &&
            after.quantityLeft <= after.refillAt &&
            !after.refillNoticed
          ) {
            await repo.markRefillNoticed(tx, r.id);
            await notifyMany(tx, [
              {
                userId: user.id,
                type: 'refill_due',
                dedupKey: `refill:${r.id}:${now.toISOString()}`,
                data: {
                  reminderId: r.id,
                  count: after.quantityLeft,
                  ...(r.medicineId ? { medicineIds: [r.medicineId] } : {}),
                },
              },
            ]);
          }
        }
        return doseView(next);
      });
    },

    async adherence(user: User, days: number): Promise<AdherenceReply> {
      const today = chinaDay(clock.now());
      const from = addDays(today, -(days - 1));
      const rows = await repo.adherence(db, user.id, from, today);
      const byDay = new Map(rows.map((r) => [r.day, r]));
      return {
        days: Array.from({ length: days }, (_, i) => {
          const day = addDays(from, i);
          const r = byDay.get(day);
          return { day, taken: r?.taken ?? 0, skipped: r?.skipped ?? 0, missed: r?.missed ?? 0 };
        }),
      };
    },
  };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
