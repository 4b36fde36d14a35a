import { randomUUID } from 'node:crypto';
import type {
  ConsultationBody,
  ConsultationView,
  EntryValue,
  HealthPart,
  MeasurementValue,
  SharedPartsReply,
} from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Clock, DAY, MINUTE } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import { pharmacyStaff } from '../pharmacies/index.ts';
import { type ConsultationRow, type MessageRow, consultationsRepo as repo } from './consultations.repo.ts';
import { grantHealthAccess, requireHealthAccess, revokeHealthGrant } from './health-access.ts';

/** A grant made for one consultation lasts this long at most (closing the consultation ends it). */
const CONSULTATION_GRANT_MS = 7 * DAY;

export function createConsultationsService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
  /** Red-flag symptoms in a question (moderation's keywords): "call 120", and the queue's top. */
  redFlags: (text: string) => string[];
}) {
  const { db, clock, personal, notify } = deps;

  function view(c: ConsultationRow, messages: MessageRow[]): ConsultationView {
    return {
      id: c.id,
      pharmacyId: c.partnerId,
      pharmacyName: c.pharmacyName,
      pool: c.pool,
      status: c.status,
      question: personal.decrypt(c.questionEnc),
      sharedParts: c.sharedParts as HealthPart[],
      promisedMinutes: c.promisedMinutes,
      respondBy: new Date(c.createdAt.getTime() + c.promisedMinutes * MINUTE).toISOString(),
      firstResponseAt: c.firstResponseAt?.toISOString() ?? null,
      redFlags: c.redFlags,
      rating: c.rating,
      messages: messages
        .filter((m) => m.consultationId === c.id)
        .map((m) => ({
          id: m.id,
          from: m.fromRole,
          body: personal.decrypt(m.bodyEnc),
          createdAt: m.createdAt.toISOString(),
        })),
      createdAt: c.createdAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
    };
  }
  const present = async (rows: ConsultationRow[]) => {
    const messages = await repo.messages(
      db,
      rows.map((c) => c.id),
    );
    return rows.map((c) => view(c, messages));
  };
  const one = async (c: ConsultationRow) => (await present([c]))[0] as ConsultationView;

  async function mine(user: User, id: string, tx: Db = db) {
    const c = await repo.get(tx, id, tx !== db);
    if (!c || c.userId !== user.id) throw new AppError('not_found', 404);
    return c;
  }
  async function endGrants(tx: Db, c: ConsultationRow, now: Date) {
    for (const grantId of await repo.grantIds(tx, c.id))
      await revokeHealthGrant(tx, { userId: c.userId, grantId, now });
  }
  async function shareWith(tx: Db, c: ConsultationRow, partnerId: string, now: Date) {
    if (!c.sharedParts.length) return;
    await grantHealthAccess(tx, {
      userId: c.userId,
      pharmacyPartnerId: partnerId,
      parts: c.sharedParts as HealthPart[],
      expiresAt: new Date(now.getTime() + CONSULTATION_GRANT_MS),
      now,
      consultationId: c.id,
    });
  }

  /** A pharmacist of this pharmacy, or 404: no one else learns what its queue holds. */
  async function asPharmacist(user: User, partnerId: string, tx: Db = db) {
    if (!(await pharmacyStaff.isPharmacist(tx, partnerId, user.id))) throw new AppError('not_found', 404);
    return (await repo.settings(tx, partnerId)) ?? { onDuty: false, responseMinutes: 60 };
  }
  /** The consultation as this pharmacy may see it: its own, or the pool's unclaimed while on duty. */
  async function visibleTo(user: User, partnerId: string, id: string, tx: Db = db) {
    const settings = await asPharmacist(user, partnerId, tx);
    const c = await repo.get(tx, id, tx !== db);
    const own = c?.partnerId === partnerId;
    const pooled = c && c.partnerId === null && c.pool && settings.onDuty;
    if (!c || !(own || pooled)) throw new AppError('not_found', 404);
    return c;
  }
  async function claimFor(tx: Db, c: ConsultationRow, partnerId: string, now: Date) {
    if (c.partnerId === partnerId) return c;
    if (!(await repo.claim(tx, c.id, partnerId))) throw new AppError('not_found', 404);
    await shareWith(tx, c, partnerId, now);
    return { ...c, partnerId };
  }

  return {
    async pharmacies() {
      const items = await repo.consulting(db);
      const onDuty = items.filter((p) => p.onDuty).map((p) => p.responseMinutes);
      return { items, poolMinutes: onDuty.length ? Math.min(...onDuty) : null };
    },

    async ask(user: User, body: z.output<typeof ConsultationBody>): Promise<ConsultationView> {
      const now = clock.now();
      let promisedMinutes: number;
      if (body.pharmacyId) {
        const s = await repo.settings(db, body.pharmacyId);
        if (!s || !(await pharmacyStaff.approvedPharmacy(db, body.pharmacyId)))
          throw new AppError('pharmacy_not_consulting', 400, { field: 'pharmacyId' });
        promisedMinutes = s.responseMinutes;
      } else {
        const { poolMinutes } = await this.pharmacies();
        if (poolMinutes === null) throw new AppError('no_pharmacy_on_duty', 409);
        promisedMinutes = poolMinutes;
      }
      const row = {
        id: randomUUID(),
        userId: user.id,
        partnerId: body.pharmacyId ?? null,
        pool: !body.pharmacyId,
        pharmacistId: null,
        status: 'open' as const,
        questionEnc: personal.encrypt(body.question),
        sharedParts: [...new Set(body.sharedParts)],
        redFlags: deps.redFlags(body.question),
        promisedMinutes,
        createdAt: now,
      };
      await db.transaction(async (tx) => {
        await repo.insert(tx, row);
        // A chosen pharmacy gets the shared parts now; the pool's, the pharmacy that takes it.
        if (row.partnerId)
          await shareWith(tx, { ...row, pharmacyName: null } as ConsultationRow, row.partnerId, now);
      });
      return one((await repo.get(db, row.id)) as ConsultationRow);
    },

    async list(user: User) {
      return { items: await present(await repo.ofUser(db, user.id)) };
    },
    async get(user: User, id: string) {
      return one(await mine(user, id));
    },
    /** For the person's data export: every question and its thread. */
    async exportFor(userId: string) {
      return present(await repo.ofUser(db, userId));
    },

    async followUp(user: User, id: string, body: string) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const c = await mine(user, id, tx);
        if (c.status === 'closed') throw new AppError('consultation_closed', 409);
        await repo.addMessage(tx, {
          id: randomUUID(),
          consultationId: id,
          authorId: user.id,
          fromRole: 'resident',
          bodyEnc: personal.encrypt(body),
          createdAt: now,
        });
        await repo.update(tx, id, { status: 'open' });
      });
      return one(await mine(user, id));
    },

    async rate(user: User, id: string, stars: number) {
      await db.transaction(async (tx) => {
        const c = await mine(user, id, tx);
        if (!c.firstResponseAt) throw new AppError('consultation_not_answered', 409);
        await repo.update(tx, id, { rating: stars });
      });
      return one(await mine(user, id));
    },

    async close(user: User, id: string) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const c = await mine(user, id, tx);
        if (c.status === 'closed') return;
        await repo.update(tx, id, { status: 'closed', closedAt: now });
        await endGrants(tx, c, now);
      });
      return one(await mine(user, id));
    },

    // The pharmacist's side (/partner/:id).
    async queue(user: User, partnerId: string) {
      const settings = await asPharmacist(user, partnerId);
      const rows = await repo.queue(db, partnerId, settings.onDuty);
      return {
        items: (await present(rows)).map((v, i) => ({
          ...v,
          assignedToMe: rows[i]?.pharmacistId === user.id,
        })),
      };
    },
    async getForPharmacy(user: User, partnerId: string, id: string) {
      const c = await visibleTo(user, partnerId, id);
      return { ...(await one(c)), assignedToMe: c.pharmacistId === user.id };
    },
    /** Takes a pool consultation for this pharmacy (answering does it too); the shared parts follow. */
    async claim(user: User, partnerId: string, id: string) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const c = await visibleTo(user, partnerId, id, tx);
        if (c.status === 'closed') throw new AppError('consultation_closed', 409);
        await claimFor(tx, c, partnerId, now);
      });
      return this.getForPharmacy(user, partnerId, id);
    },
    async answer(user: User, partnerId: string, id: string, body: string) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const found = await visibleTo(user, partnerId, id, tx);
        if (found.status === 'closed') throw new AppError('consultation_closed', 409);
        const c = await claimFor(tx, found, partnerId, now);
        const messageId = randomUUID();
        await repo.addMessage(tx, {
          id: messageId,
          consultationId: id,
          authorId: user.id,
          fromRole: 'pharmacist',
          bodyEnc: personal.encrypt(body),
          createdAt: now,
        });
        await repo.update(tx, id, { status: 'answered', firstResponseAt: now });
        await notify(tx, {
          userId: c.userId,
          type: 'consultation_answered',
          dedupKey: `consultation:${id}:${messageId}`,
          data: { consultationId: id, pharmacyId: partnerId },
        });
      });
      return this.getForPharmacy(user, partnerId, id);
    },
    async handOff(user: User, partnerId: string, id: string, colleagueId: string) {
      await db.transaction(async (tx) => {
        const c = await visibleTo(user, partnerId, id, tx);
        if (c.partnerId !== partnerId) throw new AppError('not_found', 404);
        if (c.status === 'closed') throw new AppError('consultation_closed', 409);
        if (!(await pharmacyStaff.isPharmacist(tx, partnerId, colleagueId)))
          throw new AppError('not_a_pharmacist', 400, { field: 'pharmacistUserId' });
        await repo.update(tx, id, { pharmacistId: colleagueId });
      });
      return this.getForPharmacy(user, partnerId, id);
    },
    async closeForPharmacy(user: User, partnerId: string, id: string) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const c = await visibleTo(user, partnerId, id, tx);
        if (c.partnerId !== partnerId) throw new AppError('not_found', 404);
        if (c.status === 'closed') return;
        await repo.update(tx, id, { status: 'closed', closedAt: now });
        await endGrants(tx, c, now);
      });
      return this.getForPharmacy(user, partnerId, id);
    },
    /**
     * The record parts shared with this consultation, each through the one access policy (purpose
     * consultation, this consultation's grant) and audited in the same transaction as the read.
     */
    async shared(user: User, partnerId: string, id: string): Promise<SharedPartsReply> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const c = await visibleTo(user, partnerId, id, tx);
        if (c.partnerId !== partnerId) throw new AppError('not_found', 404);
        const items: SharedPartsReply['items'] = [];
        for (const part of c.sharedParts as HealthPart[]) {
          await requireHealthAccess(tx, {
            actor: user,
            subjectUserId: c.userId,
            part,
            purpose: 'consultation',
            consultationId: c.id,
            pharmacyId: partnerId,
            now,
          });
          items.push({ part, ...(await readPart(tx, c.userId, part)) });
        }
        return { items };
      });
    },

    async templates(user: User, partnerId: string) {
      await asPharmacist(user, partnerId);
      return { items: await repo.templates(db, partnerId) };
    },
    async addTemplate(user: User, partnerId: string, t: { title: string; body: string }) {
      await asPharmacist(user, partnerId);
      await repo.addTemplate(db, { id: randomUUID(), partnerId, ...t, createdAt: clock.now() });
      return { items: await repo.templates(db, partnerId) };
    },
    async removeTemplate(user: User, partnerId: string, id: string) {
      await asPharmacist(user, partnerId);
      if (!(await repo.removeTemplate(db, partnerId, id))) throw new AppError('not_found', 404);
      return { items: await repo.templates(db, partnerId) };
    },
    async settings(user: User, partnerId: string) {
      return asPharmacist(user, partnerId);
    },
    async saveSettings(user: User, partnerId: string, s: { onDuty: boolean; responseMinutes: number }) {
      await asPharmacist(user, partnerId);
      await repo.saveSettings(db, partnerId, s, clock.now());
      return s;
    },
  };

  /** One part of the record, decrypted; called only after the policy allowed it. */
  async function readPart(tx: Db, userId: string, part: HealthPart) {
    const open = <T>(s: string) => JSON.parse(personal.decrypt(s)) as T;
    if (part === 'measurements') {
      const rows = await selectRows<{ id: string; measuredAt: Date; valueEnc: string }>(
        tx,
        sql`SELECT id, measured_at AS "measuredAt", value_enc AS "valueEnc" FROM health_measurements
          WHERE user_id = ${userId} ORDER BY measured_at DESC LIMIT 50`,
      );
      return {
        entries: [],
        measurements: rows.map((r) => ({
          id: r.id,
          measuredAt: new Date(r.measuredAt).toISOString(),
          value: open<MeasurementValue>(r.valueEnc),
        })),
      };
    }
    const rows = await selectRows<{ id: string; valueEnc: string; createdAt: Date }>(
      tx,
      sql`SELECT id, value_enc AS "valueEnc", created_at AS "createdAt" FROM health_entries
        WHERE user_id = ${userId} AND part = ${part} ORDER BY created_at, id`,
    );
    return {
      entries: rows.map((r) => ({
        id: r.id,
        value: open<EntryValue>(r.valueEnc),
        createdAt: new Date(r.createdAt).toISOString(),
      })),
      measurements: [],
    };
  }
}

export type ConsultationsService = ReturnType<typeof createConsultationsService>;
