// The health record over HTTP (issue 13): consent first, entries and readings, impossible values,
// encryption at rest, the chart, guidance with warnings, shares and their read log, export and erasure.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { actorOf, consentToHealthRecord, pharmacyWithPharmacist } from './care-fixtures.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
beforeAll(async () => {
  t = await testApp();
  [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
});
afterAll(() => t.close());

const count = async (table: string, userId: string) =>
  (
    await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE user_id = ${userId}`,
    )
  )[0]?.n;

const fever = { value: { kind: 'temperature', celsius: 39.2 } };

describe('consent comes first', () => {
  test('without the health consent nothing is stored: health_consent_required', async () => {
    const r = await t.as.resident();
    const { id } = await actorOf(r);
    const state = (await r.get('/api/v1/me/health')).json();
    expect(state).toMatchObject({ consentedAt: null, entries: [], latest: [] });
    for (const [url, body] of [
      ['/api/v1/me/health/measurements', fever],
      ['/api/v1/me/health/entries', { value: { part: 'conditions', condition: 'asthma' } }],
    ] as const) {
      const res = await r.post(url, body);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('health_consent_required');
    }
    expect(await count('health_measurements', id)).toBe(0);
    expect(await count('health_entries', id)).toBe(0);
    // The consent is its own act: agreeing to the privacy notice is not it, and `agree` must be true.
    expect((await r.post('/api/v1/me/health/consent', { agree: false })).statusCode).toBe(400);
    await consentToHealthRecord(r);
    expect((await r.get('/api/v1/me/health')).json().consentedAt).toBeTruthy();
    expect((await r.post('/api/v1/me/health/measurements', fever)).statusCode).toBe(201);
  });

  test('anonymous requests are refused', async () => {
    expect((await t.as.anonymous().get('/api/v1/me/health')).statusCode).toBe(401);
  });
});

describe('entries and readings', () => {
  let r: Client;
  let id: string;
  beforeAll(async () => {
    r = await t.as.resident();
    id = (await actorOf(r)).id;
    await consentToHealthRecord(r);
  });

  test('a fever and an SpO2 reading are stored and come back as the latest of each kind', async () => {
    const a = await r.post('/api/v1/me/health/measurements', fever);
    expect(a.statusCode, a.body).toBe(201);
    const b = await r.post('/api/v1/me/health/measurements', { value: { kind: 'spo2', percent: 96 } });
    expect(b.statusCode, b.body).toBe(201);
    const state = (await r.get('/api/v1/me/health')).json();
    expect(state.latest).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'temperature', value: { kind: 'temperature', celsius: 39.2 } }),
        expect.objectContaining({ kind: 'spo2', value: { kind: 'spo2', percent: 96 } }),
      ]),
    );
  });

  test.each([
    [{ kind: 'spo2', percent: 101 }, 'percent'],
    [{ kind: 'temperature', celsius: 60 }, 'celsius'],
    [{ kind: 'temperature', celsius: 20 }, 'celsius'],
    [{ kind: 'blood_pressure', systolic: 80, diastolic: 120 }, 'diastolic'],
    [{ kind: 'blood_pressure', systolic: 400, diastolic: 90 }, 'systolic'],
    [{ kind: 'blood_glucose', mmolPerL: 80 }, 'mmolPerL'],
  ])(
    'an impossible reading %o is refused (measurement_out_of_range) and nothing is stored',
    async (value, field) => {
      const before = await count('health_measurements', id);
      const res = await r.post('/api/v1/me/health/measurements', { value });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'measurement_out_of_range', details: { field } });
      expect(await count('health_measurements', id)).toBe(before);
    },
  );

  test('a reading dated tomorrow is refused too', async () => {
    const res = await r.post('/api/v1/me/health/measurements', {
      ...fever,
      measuredAt: new Date(t.clock.now().getTime() + DAY).toISOString(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.field).toBe('measuredAt');
  });

  test('entries: a condition once, an allergy by known ingredient, pregnancy replaced, medicines catalogue or typed', async () => {
    const add = (value: object) => r.post('/api/v1/me/health/entries', { value });
    const first = await add({ part: 'conditions', condition: 'hypertension' });
    expect(first.statusCode, first.body).toBe(201);
    expect((await add({ part: 'conditions', condition: 'hypertension' })).json().id).toBe(first.json().id);
    expect((await add({ part: 'allergies', ingredient: 'ibuprofen' })).statusCode).toBe(201);
    const unknown = await add({ part: 'allergies', ingredient: 'unobtainium' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('unknown_ingredient');
    expect((await add({ part: 'pregnancy', status: 'pregnant' })).statusCode).toBe(201);
    expect((await add({ part: 'pregnancy', status: 'breastfeeding' })).statusCode).toBe(201);
    const med = await add({ part: 'medicines', medicineId: 'ganmaoling-granule' });
    expect(med.json()).toMatchObject({ label: { zh: '感冒灵颗粒' } });
    expect((await add({ part: 'medicines', medicineId: 'no-such-thing' })).json().error.code).toBe(
      'unknown_medicine',
    );
    expect((await add({ part: 'medicines' })).json().error.code).toBe('health_entry_invalid');
    expect((await add({ part: 'medicines', name: '硝苯地平', note: '每天早上' })).statusCode).toBe(201);
    const entries = (await r.get('/api/v1/me/health')).json().entries.map((e: { value: object }) => e.value);
    expect(entries).toHaveLength(5);
    expect(entries).toEqual(
      expect.arrayContaining([
        { part: 'conditions', condition: 'hypertension' },
        { part: 'allergies', ingredient: 'ibuprofen' },
        { part: 'pregnancy', status: 'breastfeeding' },
        { part: 'medicines', medicineId: 'ganmaoling-granule' },
        { part: 'medicines', name: '硝苯地平', note: '每天早上' },
      ]),
    );
    // Removing one: only the person's own.
    const other = await t.as.resident();
    expect((await other.del(`/api/v1/me/health/entries/${med.json().id}`)).statusCode).toBe(404);
    expect((await r.del(`/api/v1/me/health/entries/${med.json().id}`)).statusCode).toBe(204);
    expect((await r.get('/api/v1/me/health')).json().entries).toHaveLength(4);
  });

  test('values are ciphertext at rest: raw SQL finds no condition, ingredient, note or reading', async () => {
    const rows = await selectRows<{ v: string }>(
      t.store.db,
      sql`SELECT value_enc AS v FROM health_entries WHERE user_id = ${id}
          UNION ALL SELECT value_enc FROM health_measurements WHERE user_id = ${id}`,
    );
    expect(rows.length).toBeGreaterThan(4);
    const all = rows.map((x) => x.v).join('\n');
    for (const plain of [
      'hypertension',
      'ibuprofen',
      'breastfeeding',
      '硝苯地平',
      '每天早上',
      '39.2',
      'celsius',
    ]) {
      expect(all).not.toContain(plain);
    }
    expect(all).toMatch(/^test:/); // the key id: AES-256-GCM under the personal-data key
  });

  test('the chart: one kind, oldest first, within the window', async () => {
    const c = await t.as.resident();
    await consentToHealthRecord(c);
    const now = t.clock.now().getTime();
    for (const [hoursAgo, celsius] of [
      [30, 38.1],
      [2, 39.0],
      [20, 38.6],
    ] as const) {
      const res = await c.post('/api/v1/me/health/measurements', {
        value: { kind: 'temperature', celsius },
        measuredAt: new Date(now - hoursAgo * 3600_000).toISOString(),
      });
      expect(res.statusCode).toBe(201);
    }
    await c.post('/api/v1/me/health/measurements', { value: { kind: 'spo2', percent: 97 } });
    await c.post('/api/v1/me/health/measurements', {
      value: { kind: 'temperature', celsius: 37 },
      measuredAt: new Date(now - 100 * DAY).toISOString(),
    });
    const chart = (await c.get('/api/v1/me/health/measurements?kind=temperature&days=7')).json();
    expect(chart.points.map((p: { value: { celsius: number } }) => p.value.celsius)).toEqual([
      38.1, 38.6, 39.0,
    ]);
    expect(
      (await c.get('/api/v1/me/health/measurements?kind=temperature&days=365')).json().points,
    ).toHaveLength(4);
    expect((await c.get('/api/v1/me/health/measurements?kind=heart')).statusCode).toBe(400);
  });
});

describe('guidance', () => {
  test('anonymous: the label guidance, weight-based dose for a child, no personal warnings', async () => {
    const res = await t.as
      .anonymous()
      .get('/api/v1/care/guidance/ibuprofen-suspension?ageYears=3&weightKg=14');
    expect(res.statusCode, res.body).toBe(200);
    const g = res.json();
    expect(g).toMatchObject({
      personalised: false,
      warnings: [],
      kind: 'medicine',
      weightDose: { weightKg: 14, mg: [70, 140], ml: [3.5, 7] },
      minIntervalHours: 4,
      maxDosesPerDay: 4,
    });
    expect(g.redFlags.zh.length).toBeGreaterThan(0);
    // A baby under the label's age is told to ask a doctor.
    const baby = (
      await t.as.anonymous().get('/api/v1/care/guidance/ibuprofen-suspension?ageYears=0.5&weightKg=7')
    ).json();
    expect(baby.warnings).toEqual([{ code: 'age' }]);
    expect((await t.as.anonymous().get('/api/v1/care/guidance/nope')).json().error.code).toBe(
      'unknown_medicine',
    );
  });

  test('the whole record: the same ingredient twice, an allergy, a condition, pregnancy', async () => {
    const r = await t.as.resident();
    await consentToHealthRecord(r);
    const add = (value: object) => r.post('/api/v1/me/health/entries', { value });
    await add({ part: 'medicines', medicineId: 'ganmaoling-granule' });
    const plain = (await r.get('/api/v1/care/guidance/acetaminophen-tablet')).json();
    expect(plain.personalised).toBe(true);
    expect(plain.warnings).toEqual([
      {
        code: 'duplicate_ingredient',
        ingredient: { zh: '对乙酰氨基酚', en: 'acetaminophen (paracetamol)' },
        with: { zh: '感冒灵颗粒', en: expect.any(String) },
      },
    ]);
    await add({ part: 'allergies', ingredient: 'acetaminophen' });
    await add({ part: 'conditions', condition: 'liver_disease' });
    await add({ part: 'conditions', condition: 'asthma' });
    await add({ part: 'pregnancy', status: 'pregnant' });
    const all = (await r.get('/api/v1/care/guidance/acetaminophen-tablet')).json();
    expect(all.warnings.map((w: { code: string; condition?: string }) => w.condition ?? w.code)).toEqual([
      'duplicate_ingredient',
      'allergy',
      'liver_disease',
      'pregnancy',
    ]);
    // Ibuprofen: no duplicate or allergy, but asthma, liver disease and pregnancy.
    const ibu = (await r.get('/api/v1/care/guidance/ibuprofen-tablet')).json();
    expect(ibu.warnings.map((w: { code: string; condition?: string }) => w.condition ?? w.code)).toEqual([
      'asthma',
      'liver_disease',
      'pregnancy',
    ]);
  });

  test('a logged-in person without the health consent gets the label guidance only', async () => {
    const r = await t.as.resident();
    const g = (await r.get('/api/v1/care/guidance/acetaminophen-tablet')).json();
    expect(g).toMatchObject({ personalised: false, warnings: [] });
  });
});

describe('shares with a pharmacy and the read log', () => {
  test('share, the pharmacist reads (audited), the person sees it, revokes, and the pharmacist reads no more', async () => {
    const a = await pharmacyWithPharmacist(t, owner, admin, '共享药房');
    const b = await pharmacyWithPharmacist(t, owner, admin, '别家药房');
    const r = await t.as.resident();
    const { id } = await actorOf(r);
    // Sharing needs the consent too.
    expect(
      (await r.post('/api/v1/me/health/shares', { pharmacyId: a.id, parts: ['conditions'], days: 30 })).json()
        .error.code,
    ).toBe('health_consent_required');
    await consentToHealthRecord(r);
    await r.post('/api/v1/me/health/entries', { value: { part: 'conditions', condition: 'diabetes' } });
    await r.post('/api/v1/me/health/entries', { value: { part: 'allergies', ingredient: 'loratadine' } });
    await r.post('/api/v1/me/health/measurements', {
      value: { kind: 'blood_glucose', mmolPerL: 8.1, timing: 'fasting' },
    });

    const unknown = await r.post('/api/v1/me/health/shares', {
      pharmacyId: '00000000-0000-4000-8000-000000000000',
      parts: ['conditions'],
      days: 30,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('pharmacy_not_found');
    expect(await count('health_grants', id)).toBe(0);

    const shared = await r.post('/api/v1/me/health/shares', {
      pharmacyId: a.id,
      parts: ['conditions', 'measurements'],
      days: 30,
    });
    expect(shared.statusCode, shared.body).toBe(201);
    expect(shared.json()).toMatchObject({
      pharmacyName: '共享药房',
      parts: ['conditions', 'measurements'],
      active: true,
    });

    // The pharmacist of A sees the person by condition, the conditions, and the glucose trend — not the allergy.
    const list = (await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients?condition=diabetes`)).json();
    expect(list.items).toEqual([
      expect.objectContaining({
        userId: id,
        conditions: ['diabetes'],
        parts: ['conditions', 'measurements'],
      }),
    ]);
    expect(
      (await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients?condition=asthma`)).json().items,
    ).toEqual([]);
    const detail = (await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients/${id}`)).json();
    expect(detail.record.map((p: { part: string }) => p.part)).toEqual(['conditions']);
    const chart = await a.pharmacist.get(
      `/api/v1/partners/${a.id}/care/patients/${id}/measurements?kind=blood_glucose`,
    );
    expect(chart.statusCode, chart.body).toBe(200);
    expect(chart.json().points).toHaveLength(1);

    // Another pharmacy's pharmacist sees nothing of it, at their pharmacy or at A.
    expect((await b.pharmacist.get(`/api/v1/partners/${b.id}/care/patients`)).json().items).toEqual([]);
    expect((await b.pharmacist.get(`/api/v1/partners/${a.id}/care/patients`)).statusCode).toBe(404);
    expect((await b.pharmacist.get(`/api/v1/partners/${b.id}/care/patients/${id}`)).statusCode).toBe(403);
    // The pharmacy's owner is not a pharmacist; an admin is not either.
    expect((await owner.get(`/api/v1/partners/${a.id}/care/patients`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/partners/${a.id}/care/patients/${id}`)).statusCode).toBe(404);

    // Every read is in the person's log: who (masked), which pharmacy, which part.
    const reads = (await r.get('/api/v1/me/health/reads')).json().items;
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(new Set(reads.map((x: { part: string }) => x.part))).toEqual(
      new Set(['conditions', 'measurements']),
    );
    expect(
      reads.every(
        (x: { pharmacyName: string; reader: string }) =>
          x.pharmacyName === '共享药房' && /\*{4}/.test(x.reader),
      ),
    ).toBe(true);

    // Revoked: the pharmacist reads no more, and the list forgets the person.
    const revoked = await r.post(`/api/v1/me/health/shares/${shared.json().id}/revoke`);
    expect(revoked.json()).toMatchObject({ active: false });
    expect((await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients`)).json().items).toEqual([]);
    expect((await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients/${id}`)).statusCode).toBe(403);
    expect(
      (await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients/${id}/measurements?kind=blood_glucose`))
        .statusCode,
    ).toBe(403);
    const readsAfter = (await r.get('/api/v1/me/health/reads')).json().items;
    expect(readsAfter.length).toBe(reads.length);
    // Another person cannot revoke it.
    expect((await owner.post(`/api/v1/me/health/shares/${shared.json().id}/revoke`)).statusCode).toBe(404);
  });
});

describe('chronic follow-up', () => {
  test('every N days, the overdue list, a contact note that resets it; nothing at another pharmacy', async () => {
    const a = await pharmacyWithPharmacist(t, owner, admin, '随访药房');
    const b = await pharmacyWithPharmacist(t, owner, admin, '隔壁药房');
    const r = await t.as.resident();
    const { id } = await actorOf(r);
    await consentToHealthRecord(r);
    await r.post('/api/v1/me/health/entries', { value: { part: 'conditions', condition: 'hypertension' } });
    await r.post('/api/v1/me/health/shares', { pharmacyId: a.id, parts: ['conditions'], days: 90 });
    const base = `/api/v1/partners/${a.id}/care/patients/${id}`;
    const set = await a.pharmacist.put(`${base}/followup`, { everyDays: 2 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().followup).toMatchObject({ everyDays: 2, overdue: false });
    expect((await a.pharmacist.put(`${base}/followup`, { everyDays: 0 })).statusCode).toBe(400);
    // Another pharmacy cannot set a task for someone who did not share with it.
    expect(
      (await b.pharmacist.put(`/api/v1/partners/${b.id}/care/patients/${id}/followup`, { everyDays: 7 }))
        .statusCode,
    ).toBe(403);

    expect((await a.pharmacist.get(`/api/v1/partners/${a.id}/care/overdue`)).json().items).toEqual([]);
    t.clock.advance(3 * DAY);
    // Sessions idle out over three days: everyone logs in again.
    const pa = await t.as.resident({ phone: a.pharmacist.phone, verified: false });
    const pb = await t.as.resident({ phone: b.pharmacist.phone, verified: false });
    owner = await t.as.resident({ phone: owner.phone, verified: false });
    admin = await t.as.resident({ phone: admin.phone, verified: false });
    a.pharmacist = pa;
    b.pharmacist = pb;
    const overdue = (await a.pharmacist.get(`/api/v1/partners/${a.id}/care/overdue`)).json().items;
    expect(overdue.map((p: { userId: string }) => p.userId)).toContain(id);
    expect((await b.pharmacist.get(`/api/v1/partners/${b.id}/care/overdue`)).json().items).toEqual([]);

    const contact = await a.pharmacist.post(`${base}/contacts`, { note: '血压控制可以，提醒按时服药' });
    expect(contact.statusCode, contact.body).toBe(201);
    expect(contact.json().notes).toEqual([expect.objectContaining({ note: '血压控制可以，提醒按时服药' })]);
    expect(contact.json().patient.followup.overdue).toBe(false);
    expect((await a.pharmacist.get(`/api/v1/partners/${a.id}/care/overdue`)).json().items).toEqual([]);
    // The note is ciphertext at rest.
    const raw = await selectRows<{ n: string }>(
      t.store.db,
      sql`SELECT note_enc AS n FROM care_contact_notes WHERE user_id = ${id}`,
    );
    expect(raw[0]?.n).not.toContain('血压');
    // Pharmacist of B can't add notes to A's patient.
    expect((await b.pharmacist.post(`${base}/contacts`, { note: 'x' })).statusCode).toBe(404);
  });
});

describe('export and erasure', () => {
  test('the export holds the health record decrypted; erasure removes all of it', async () => {
    const a = await pharmacyWithPharmacist(t, owner, admin, '导出药房');
    const r = await t.as.resident();
    const { id } = await actorOf(r);
    await consentToHealthRecord(r);
    await r.post('/api/v1/me/health/entries', { value: { part: 'conditions', condition: 'asthma' } });
    await r.post('/api/v1/me/health/measurements', { value: { kind: 'spo2', percent: 94 } });
    await r.post('/api/v1/me/health/shares', { pharmacyId: a.id, parts: ['conditions'], days: 7 });
    await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients/${id}`);
    const exported = (await r.get('/api/v1/me/export')).json();
    expect(exported.health).toMatchObject({
      consent: { version: expect.any(String) },
      entries: [expect.objectContaining({ part: 'conditions', condition: 'asthma' })],
      measurements: [expect.objectContaining({ kind: 'spo2', value: { kind: 'spo2', percent: 94 } })],
      shares: [expect.objectContaining({ pharmacyName: '导出药房' })],
    });
    expect(exported.health.readsByOthers.length).toBeGreaterThan(0);

    expect((await r.del('/api/v1/me')).statusCode).toBeLessThan(300);
    for (const table of ['health_consents', 'health_entries', 'health_measurements', 'health_grants']) {
      expect(await count(table, id), table).toBe(0);
    }
    const reads = await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM health_reads WHERE subject_user_id = ${id}`,
    );
    expect(reads[0]?.n).toBe(0);
  });
});

describe('withdrawing the consent', () => {
  test('deletes the record, readings, shares and reads; the pharmacy loses access; writes need a new consent', async () => {
    const a = await pharmacyWithPharmacist(t, owner, admin, '撤回药房');
    const r = await t.as.resident();
    const { id } = await actorOf(r);
    await consentToHealthRecord(r);
    await r.post('/api/v1/me/health/entries', { value: { part: 'conditions', condition: 'copd' } });
    await r.post('/api/v1/me/health/measurements', { value: { kind: 'spo2', percent: 92 } });
    await r.post('/api/v1/me/health/shares', { pharmacyId: a.id, parts: ['conditions'], days: 30 });
    expect((await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients/${id}`)).statusCode).toBe(200);
    const res = await r.del('/api/v1/me/health');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ consentedAt: null, entries: [], latest: [] });
    for (const table of ['health_consents', 'health_entries', 'health_measurements', 'health_grants']) {
      expect(await count(table, id), table).toBe(0);
    }
    expect((await r.get('/api/v1/me/health/reads')).json().items).toEqual([]);
    expect((await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients/${id}`)).statusCode).toBe(403);
    expect((await r.post('/api/v1/me/health/measurements', fever)).json().error.code).toBe(
      'health_consent_required',
    );
  });
});

describe('ingredients', () => {
  test('the list the allergy picker offers is the guidance file’s', async () => {
    const res = await t.as.anonymous().get('/api/v1/care/ingredients');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual(
      expect.arrayContaining([
        { id: 'acetaminophen', name: { zh: '对乙酰氨基酚', en: 'acetaminophen (paracetamol)' } },
      ]),
    );
  });
});
