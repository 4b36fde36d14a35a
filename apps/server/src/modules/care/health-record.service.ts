import { randomUUID } from 'node:crypto';
import {
  type Condition,
  EntryValue,
  type EntryView,
  type GrantView,
  GuidanceQuery,
  HEALTH_CONSENT_VERSION,
  type HealthReadView,
  type HealthRecordView,
  MEASUREMENT_KINDS,
  MEASUREMENT_RANGES,
  type MeasurementKind,
  MeasurementValue,
  type MeasurementView,
} from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Guidance } from './guidance.data.ts';
import { guidanceView, type RecordForGuidance } from './guidance.ts';
import type { HealthEntryRow, HealthGrantRow } from './health.tables.ts';
import { healthAccessRepo } from './health-access.repo.ts';
import { grantHealthAccess, requireHealthAccess, revokeHealthGrant } from './health-access.ts';
import { healthRecordRepo as repo } from './health-record.repo.ts';

type EntryPart = HealthEntryRow['part'];
const MINUTE = 60_000;
/** A reading may be dated a little ahead (a phone's clock runs fast); more is a typo. */
const FUTURE_SLACK_MS = 5 * MINUTE;

/** Refuses a reading no living person shows (or a device shows when broken): 422, nothing stored. */
export function checkMeasurement(value: MeasurementValue) {
  const out = (field: string) => new AppError('measurement_out_of_range', 422, { field, kind: value.kind });
  const within = (v: number, r: { min: number; max: number }) =>
    Number.isFinite(v) && v >= r.min && v <= r.max;
  switch (value.kind) {
    case 'temperature':
      if (!within(value.celsius, MEASUREMENT_RANGES.temperature)) throw out('celsius');
      return;
    case 'spo2':
      if (!within(value.percent, MEASUREMENT_RANGES.spo2)) throw out('percent');
      return;
    case 'blood_pressure':
      if (!within(value.systolic, MEASUREMENT_RANGES.systolic)) throw out('systolic');
      if (!within(value.diastolic, MEASUREMENT_RANGES.diastolic)) throw out('diastolic');
      if (value.diastolic >= value.systolic) throw out('diastolic');
      return;
    case 'blood_glucose':
      if (!within(value.mmolPerL, MEASUREMENT_RANGES.blood_glucose)) throw out('mmolPerL');
      return;
  }
}

export function createHealthRecordService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  guidance: Guidance;
}) {
  const { db, clock, personal, guidance } = deps;
  const { catalog } = guidance;
  const seal = (v: unknown) => personal.encrypt(JSON.stringify(v));
  const open = <T>(s: string) => JSON.parse(personal.decrypt(s)) as T;

  const entryView = (row: HealthEntryRow): EntryView => {
    const value = open<EntryValue>(row.valueEnc);
    const label =
      value.part === 'medicines' && value.medicineId ? catalog.get(value.medicineId)?.name : undefined;
    return { id: row.id, value, ...(label ? { label } : {}), createdAt: row.createdAt.toISOString() };
  };
  const measurementView = (row: { id: string; measuredAt: Date; valueEnc: string }): MeasurementView => ({
    id: row.id,
    measuredAt: row.measuredAt.toISOString(),
    value: open<MeasurementValue>(row.valueEnc),
  });

  async function requireConsent(user: User) {
    if (!(await repo.consent(db, user.id))) throw new AppError('health_consent_required', 403);
  }

  /** The parts of a record the guidance looks at, decrypted (the caller has passed the policy). */
  async function recordForGuidance(tx: Db, userId: string): Promise<RecordForGuidance> {
    const values = (await repo.entries(tx, userId)).map((r) => open<EntryValue>(r.valueEnc));
    const conditions: Condition[] = [];
    const allergies: string[] = [];
    const medicines: RecordForGuidance['medicines'] = [];
    let pregnancy: RecordForGuidance['pregnancy'] = null;
    for (const v of values) {
      if (v.part === 'conditions') conditions.push(v.condition);
      else if (v.part === 'allergies') allergies.push(v.ingredient);
      else if (v.part === 'pregnancy') pregnancy = v.status;
      else medicines.push({ medicineId: v.medicineId, name: v.name, ingredients: v.ingredients });
    }
    return { conditions, allergies, pregnancy, medicines };
  }

  function checkEntry(value: EntryValue) {
    if (value.part === 'allergies' && !guidance.isIngredient(value.ingredient)) {
      throw new AppError('unknown_ingredient', 422, { ingredient: value.ingredient });
    }
    if (value.part === 'medicines') {
      if (!value.medicineId && !value.name)
        throw new AppError('health_entry_invalid', 400, { field: 'name' });
      if (value.medicineId && !catalog.get(value.medicineId)) {
        throw new AppError('unknown_medicine', 422, { medicineId: value.medicineId });
      }
      for (const i of value.ingredients ?? []) {
        if (!guidance.isIngredient(i)) throw new AppError('unknown_ingredient', 422, { ingredient: i });
      }
    }
  }

  const grantView = (g: HealthGrantRow, pharmacyName: string, now: Date): GrantView => ({
    id: g.id,
    pharmacyId: g.partnerId,
    pharmacyName,
    parts: g.parts,
    expiresAt: g.expiresAt.toISOString(),
    revokedAt: g.revokedAt?.toISOString() ?? null,
    consultationId: g.consultationId,
    active: !g.revokedAt && g.expiresAt > now,
    createdAt: g.createdAt.toISOString(),
  });

  const service = {
    async record(user: User): Promise<HealthRecordView> {
      const consent = await repo.consent(db, user.id);
      const entries = await repo.entries(db, user.id);
      const latest: HealthRecordView['latest'] = [];
      for (const kind of MEASUREMENT_KINDS) {
        const m = await repo.latest(db, user.id, kind);
        if (m) latest.push({ ...measurementView(m), kind });
      }
      return {
        consentedAt: consent?.consentedAt.toISOString() ?? null,
        consentVersion: HEALTH_CONSENT_VERSION,
        entries: entries.map(entryView),
        latest,
      };
    },

    async consent(user: User) {
      await repo.upsertConsent(db, user.id, HEALTH_CONSENT_VERSION, clock.now());
      return service.record(user);
    },

    /** Withdraws the consent: the record, readings, shares, their reads and follow-up go now. */
    async withdraw(user: User) {
      await db.transaction((tx) => repo.deleteAll(tx, user.id));
      return service.record(user);
    },

    async addEntry(user: User, input: EntryValue): Promise<EntryView> {
      await requireConsent(user);
      const value = EntryValue.parse(input);
      checkEntry(value);
      const now = clock.now();
      return db.transaction(async (tx) => {
        if (value.part === 'pregnancy') await repo.deleteEntries(tx, user.id, 'pregnancy');
        if (value.part === 'conditions' || value.part === 'allergies') {
          // One entry per condition or ingredient: adding it again answers the entry there is.
          for (const row of await repo.entries(tx, user.id, value.part)) {
            const v = open<EntryValue>(row.valueEnc);
            if (
              (v.part === 'conditions' && value.part === 'conditions' && v.condition === value.condition) ||
              (v.part === 'allergies' && value.part === 'allergies' && v.ingredient === value.ingredient)
            ) {
              return entryView(row);
            }
          }
        }
        const row: HealthEntryRow = {
          id: randomUUID(),
          userId: user.id,
          part: value.part,
          valueEnc: seal(value),
          createdAt: now,
          updatedAt: now,
        };
        await repo.insertEntry(tx, row);
        return entryView(row);
      });
    },

    async deleteEntry(user: User, id: string) {
      if (!(await repo.deleteEntry(db, user.id, id))) throw new AppError('not_found', 404);
    },

    async addMeasurement(
      user: User,
      body: { value: MeasurementValue; measuredAt?: string },
    ): Promise<MeasurementView> {
      await requireConsent(user);
      const value = MeasurementValue.parse(body.value);
      checkMeasurement(value);
      const now = clock.now();
      const measuredAt = body.measuredAt ? new Date(body.measuredAt) : now;
      if (measuredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
        throw new AppError('measurement_out_of_range', 422, { field: 'measuredAt', kind: value.kind });
      }
      const row = {
        id: randomUUID(),
        userId: user.id,
        kind: value.kind,
        measuredAt,
        valueEnc: seal(value),
        createdAt: now,
      };
      await repo.insertMeasurement(db, row);
      return measurementView(row);
    },

    async deleteMeasurement(user: User, id: string) {
      if (!(await repo.deleteMeasurement(db, user.id, id))) throw new AppError('not_found', 404);
    },

    /**
     * One person's readings of a kind over time, for a chart. The reader passes the policy first
     * (the person, or a pharmacist with a grant for measurements: audited).
     */
    async chart(
      actor: User,
      subjectUserId: string,
      q: { kind: MeasurementKind; days?: number; purpose?: 'self' | 'follow_up'; pharmacyId?: string },
    ) {
      const now = clock.now();
      const from = new Date(now.getTime() - (q.days ?? 90) * DAY);
      return db.transaction(async (tx) => {
        await requireHealthAccess(tx, {
          actor,
          subjectUserId,
          part: 'measurements',
          purpose: q.purpose ?? 'self',
          pharmacyId: q.pharmacyId,
          now,
        });
        const rows = await repo.chart(
          tx,
          subjectUserId,
          q.kind,
          from,
          new Date(now.getTime() + FUTURE_SLACK_MS),
          2000,
        );
        return { kind: q.kind, from: from.toISOString(), points: rows.map(measurementView) };
      });
    },

    /** Label guidance for an item; with a logged-in, consented person, warnings from their record. */
    async guidance(user: User | undefined, medicineId: string, q: z.output<typeof GuidanceQuery>) {
      let record: RecordForGuidance | undefined;
      if (user && (await repo.consent(db, user.id))) {
        await requireHealthAccess(db, {
          actor: user,
          subjectUserId: user.id,
          part: 'medicines',
          purpose: 'guidance',
          now: clock.now(),
        });
        record = await recordForGuidance(db, user.id);
      }
      const view = guidanceView(guidance, medicineId, { record, ageYears: q.ageYears, weightKg: q.weightKg });
      if (!view) throw new AppError('unknown_medicine', 404, { medicineId });
      return view;
    },

    async shares(user: User): Promise<GrantView[]> {
      const now = clock.now();
      return (await healthAccessRepo.grantsOf(db, user.id)).map((r) =>
        grantView(r.grant, r.pharmacyName, now),
      );
    },

    async share(user: User, body: { pharmacyId: string; parts: GrantView['parts']; days: number }) {
      await requireConsent(user);
      const now = clock.now();
      const grant = await db.transaction((tx) =>
        grantHealthAccess(tx, {
          userId: user.id,
          pharmacyPartnerId: body.pharmacyId,
          parts: body.parts,
          expiresAt: new Date(now.getTime() + body.days * DAY),
          now,
        }),
      );
      const mine = await service.shares(user);
      return mine.find((g) => g.id === grant.id) as GrantView;
    },

    async revokeShare(user: User, grantId: string) {
      await db.transaction((tx) => revokeHealthGrant(tx, { userId: user.id, grantId, now: clock.now() }));
      return (await service.shares(user)).find((g) => g.id === grantId) as GrantView;
    },

    async reads(user: User): Promise<HealthReadView[]> {
      return (await healthAccessRepo.readsOf(db, user.id)).map((r) => ({
        at: r.at.toISOString(),
        part: r.part,
        purpose: r.purpose as HealthReadView['purpose'],
        pharmacyName: r.pharmacyName,
        reader: r.reader,
        grantId: r.grantId,
      }));
    },

    /** Everything of a person's health data, decrypted, for the privacy module's export. */
    async exportFor(userId: string) {
      const consent = await repo.consent(db, userId);
      if (!consent) return { consent: null };
      const [entries, measurements, grants, reads] = await Promise.all([
        repo.entries(db, userId),
        repo.allMeasurements(db, userId),
        healthAccessRepo.grantsOf(db, userId),
        healthAccessRepo.readsOf(db, userId, 10_000),
      ]);
      const now = clock.now();
      return {
        consent: { version: consent.version, at: consent.consentedAt.toISOString() },
        entries: entries.map(entryView).map((e) => ({ ...e.value, createdAt: e.createdAt })),
        measurements: measurements.map((m) => ({ ...measurementView(m), kind: m.kind })),
        shares: grants.map((g) => grantView(g.grant, g.pharmacyName, now)),
        readsByOthers: reads.map((r) => ({
          at: r.at,
          part: r.part,
          purpose: r.purpose,
          pharmacy: r.pharmacyName,
        })),
      };
    },

    /** For the follow-up: a subject's parts a pharmacist may read, decrypted, each read audited. */
    async sharedParts(
      actor: User,
      subjectUserId: string,
      pharmacyId: string,
      parts: EntryPart[] = ['conditions', 'allergies', 'pregnancy', 'medicines'],
    ) {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const out: { part: EntryPart; entries: EntryView[] }[] = [];
        for (const part of parts) {
          const ok = await tryAccess(tx, actor, subjectUserId, part, pharmacyId, now);
          if (ok) out.push({ part, entries: (await repo.entries(tx, subjectUserId, part)).map(entryView) });
        }
        return out;
      });
    },

    recordForGuidance,
  };

  async function tryAccess(
    tx: Db,
    actor: User,
    subjectUserId: string,
    part: EntryPart,
    pharmacyId: string,
    now: Date,
  ) {
    try {
      await requireHealthAccess(tx, { actor, subjectUserId, part, purpose: 'follow_up', pharmacyId, now });
      return true;
    } catch (err) {
      if (err instanceof AppError && err.code === 'health_access_denied') return false;
      throw err;
    }
  }

  return service;
}

export type HealthRecordService = ReturnType<typeof createHealthRecordService>;
