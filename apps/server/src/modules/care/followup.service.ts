import { randomUUID } from 'node:crypto';
import type {
  Condition,
  EntryValue,
  FollowupPatientDetail,
  FollowupPatientView,
  HealthPart,
} from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import { DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import { pharmacyStaff } from '../pharmacies/index.ts';
import { followupRepo as repo } from './followup.repo.ts';
import type { HealthRecordService } from './health-record.service.ts';

/**
 * A pharmacy's chronic follow-up of people who shared their record with it: lists by condition,
 * a task every N days, the overdue list, contact notes. Only the pharmacy's pharmacists work it
 * (anyone else: 404, as for partners); what they read of a record goes through the policy and is
 * audited, part by part.
 */
export function createFollowupService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  record: HealthRecordService;
}) {
  const { db, clock, personal, record } = deps;

  async function asPharmacist(user: User, pharmacyId: string) {
    if (user.role !== 'resident' || !(await pharmacyStaff.isPharmacist(db, pharmacyId, user.id))) {
      throw new AppError('not_found', 404);
    }
  }

  async function patientsOf(user: User, pharmacyId: string): Promise<FollowupPatientView[]> {
    const now = clock.now();
    const rows = await repo.sharing(db, pharmacyId, now);
    const out: FollowupPatientView[] = [];
    for (const r of rows) {
      const shared = await record.sharedParts(user, r.userId, pharmacyId, ['conditions']);
      const conditions = shared.find((p) => p.part === 'conditions');
      out.push({
        userId: r.userId,
        phone: r.phoneMasked,
        parts: r.parts as HealthPart[],
        sharedUntil: r.expiresAt.toISOString(),
        conditions: conditions
          ? conditions.entries.map((e) => (e.value as Extract<EntryValue, { part: 'conditions' }>).condition)
          : null,
        followup:
          r.everyDays && r.nextDueAt
            ? { everyDays: r.everyDays, nextDueAt: r.nextDueAt.toISOString(), overdue: r.nextDueAt < now }
            : null,
      });
    }
    return out;
  }

  async function patientOf(user: User, pharmacyId: string, userId: string) {
    const found = (await patientsOf(user, pharmacyId)).find((p) => p.userId === userId);
    if (!found) throw new AppError('health_access_denied', 403);
    return found;
  }

  return {
    async patients(user: User, pharmacyId: string, q: { condition?: Condition }) {
      await asPharmacist(user, pharmacyId);
      const all = await patientsOf(user, pharmacyId);
      const items = q.condition ? all.filter((p) => p.conditions?.includes(q.condition as Condition)) : all;
      return { items };
    },

    async overdue(user: User, pharmacyId: string) {
      await asPharmacist(user, pharmacyId);
      const items = (await patientsOf(user, pharmacyId))
        .filter((p) => p.followup?.overdue)
        .sort((a, b) => (a.followup?.nextDueAt ?? '').localeCompare(b.followup?.nextDueAt ?? ''));
      return { items };
    },

    async patient(user: User, pharmacyId: string, userId: string): Promise<FollowupPatientDetail> {
      await asPharmacist(user, pharmacyId);
      const patient = await patientOf(user, pharmacyId, userId);
      const shared = await record.sharedParts(user, userId, pharmacyId);
      const notes = (await repo.notes(db, pharmacyId, userId)).map((n) => ({
        id: n.id,
        note: personal.decrypt(n.noteEnc),
        at: n.createdAt.toISOString(),
        author: n.author,
      }));
      return { patient, record: shared, notes };
    },

    async chart(
      user: User,
      pharmacyId: string,
      userId: string,
      q: { kind: 'temperature' | 'spo2' | 'blood_pressure' | 'blood_glucose'; days: number },
    ) {
      await asPharmacist(user, pharmacyId);
      return record.chart(user, userId, { ...q, purpose: 'follow_up', pharmacyId });
    },

    async setFollowup(user: User, pharmacyId: string, userId: string, everyDays: number) {
      await asPharmacist(user, pharmacyId);
      await patientOf(user, pharmacyId, userId);
      const now = clock.now();
      await repo.upsertFollowup(db, {
        partnerId: pharmacyId,
        userId,
        everyDays,
        nextDueAt: new Date(now.getTime() + everyDays * DAY),
        createdAt: now,
      });
      return patientOf(user, pharmacyId, userId);
    },

    /** A contact with the person: a short note, and the next follow-up N days from now. */
    async addContact(user: User, pharmacyId: string, userId: string, note: string) {
      await asPharmacist(user, pharmacyId);
      await patientOf(user, pharmacyId, userId);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.insertNote(tx, {
          id: randomUUID(),
          partnerId: pharmacyId,
          userId,
          authorId: user.id,
          noteEnc: personal.encrypt(note),
          createdAt: now,
        });
        const task = await repo.followup(tx, pharmacyId, userId);
        if (task)
          await repo.setNextDue(tx, pharmacyId, userId, new Date(now.getTime() + task.everyDays * DAY));
      });
      return this.patient(user, pharmacyId, userId);
    },

    /** The pharmacies this person is a pharmacist of (for the workspace's care tab). */
    async myPharmacies(user: User) {
      return { items: await pharmacyStaff.pharmaciesOf(db, user.id) };
    },
  };
}

export type FollowupService = ReturnType<typeof createFollowupService>;
