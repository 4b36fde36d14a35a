import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { actorOf, consentToHealthRecord, pharmacyWithPharmacist } from './care-fixtures.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
/** Pharmacy A (on duty, 15 min), pharmacy B (on duty, 30 min), pharmacy C (off duty). */
let A: { id: string; pharmacist: Client };
let B: { id: string; pharmacist: Client };
let C: { id: string; pharmacist: Client };
beforeAll(async () => {
  t = await testApp();
  [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  A = await pharmacyWithPharmacist(t, owner, admin, '甲药房');
  B = await pharmacyWithPharmacist(t, owner, admin, '乙药房');
  C = await pharmacyWithPharmacist(t, owner, admin, '丙药房');
  for (const [p, onDuty, responseMinutes] of [
    [A, true, 15],
    [B, true, 30],
    [C, false, 60],
  ] as const) {
    const res = await p.pharmacist.put(`/api/v1/partners/${p.id}/pharmacy/consultation-settings`, {
      onDuty,
      responseMinutes,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(() => t.close());

const desk = (p: { id: string }) => `/api/v1/partners/${p.id}/pharmacy/consultations`;
type Notification = { type: string; data: Record<string, unknown> };
const notificationsOf = async (c: Client, type: string) =>
  ((await c.get('/api/v1/me/notifications?limit=50')).json().items as Notification[]).filter(
    (n) => n.type === type,
  );

async function ask(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/v1/me/care/consultations', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('a resident asks a pharmacist', () => {
  test('who takes questions, and the promised first-response time, are public', async () => {
    const res = await t.as.anonymous().get('/api/v1/care/consultation-pharmacies');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.poolMinutes).toBe(15);
    expect(body.items.find((p: { id: string }) => p.id === C.id)).toMatchObject({
      onDuty: false,
      responseMinutes: 60,
    });
  });

  test('a chosen pharmacy answers; the resident is notified, rates and closes', async () => {
    const me = await t.as.resident();
    const c = await ask(me, { pharmacyId: C.id, question: '布洛芬和对乙酰氨基酚可以一起吃吗？' });
    expect(c).toMatchObject({ status: 'open', pharmacyName: '丙药房', promisedMinutes: 60, pool: false });
    // Rating before an answer: refused, nothing stored.
    const early = await me.post(`/api/v1/me/care/consultations/${c.id}/rating`, { stars: 5 });
    expect(early.json().error.code).toBe('consultation_not_answered');
    const answered = await C.pharmacist.post(`${desk(C)}/${c.id}/answers`, {
      body: '不建议同时服用，间隔4-6小时。',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const told = await notificationsOf(me, 'consultation_answered');
    expect(told.map((n) => n.data.consultationId)).toEqual([c.id]);
    const thread = (await me.get(`/api/v1/me/care/consultations/${c.id}`)).json();
    expect(thread.status).toBe('answered');
    expect(thread.messages.map((m: { from: string }) => m.from)).toEqual(['pharmacist']);
    expect((await me.post(`/api/v1/me/care/consultations/${c.id}/rating`, { stars: 5 })).json().rating).toBe(
      5,
    );
    expect((await me.post(`/api/v1/me/care/consultations/${c.id}/close`)).json().status).toBe('closed');
    const late = await C.pharmacist.post(`${desk(C)}/${c.id}/answers`, { body: '补充' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('consultation_closed');
  });

  test('a pool question is seen by on-duty pharmacies; the first to answer takes it, the rest lose it', async () => {
    const me = await t.as.resident();
    const c = await ask(me, { question: '孩子发烧38.5度，美林怎么吃？' });
    expect(c).toMatchObject({ pool: true, pharmacyId: null, promisedMinutes: 15 });
    const ids = async (p: { id: string; pharmacist: Client }) =>
      ((await p.pharmacist.get(desk(p))).json().items as { id: string }[]).map((x) => x.id);
    expect(await ids(A)).toContain(c.id);
    expect(await ids(B)).toContain(c.id);
    expect(await ids(C)).not.toContain(c.id); // off duty
    expect((await B.pharmacist.post(`${desk(B)}/${c.id}/answers`, { body: '按体重给药。' })).statusCode).toBe(
      200,
    );
    expect(await ids(A)).not.toContain(c.id);
    // Another pharmacy answering now: 404, and nothing changed.
    const other = await A.pharmacist.post(`${desk(A)}/${c.id}/answers`, { body: '插话' });
    expect(other.statusCode).toBe(404);
    expect((await A.pharmacist.get(`${desk(A)}/${c.id}`)).statusCode).toBe(404);
    expect((await A.pharmacist.post(`${desk(A)}/${c.id}/close`)).statusCode).toBe(404);
    const thread = (await me.get(`/api/v1/me/care/consultations/${c.id}`)).json();
    expect(thread).toMatchObject({ pharmacyId: B.id, status: 'answered' });
    expect(thread.messages).toHaveLength(1);
  });

  test('the queue puts red flags first, then the oldest', async () => {
    const me = await t.as.resident();
    const first = await ask(me, { pharmacyId: C.id, question: '维生素C每天吃多少？' });
    const second = await ask(me, { pharmacyId: C.id, question: '喉咙痛吃什么含片？' });
    const urgent = await ask(me, { pharmacyId: C.id, question: '老人呼吸困难，胸闷，血氧92' });
    expect(urgent.redFlags.length).toBeGreaterThan(0);
    const queue = (await C.pharmacist.get(desk(C))).json().items.map((x: { id: string }) => x.id);
    expect(queue.indexOf(urgent.id)).toBe(0);
    expect(queue.indexOf(first.id)).toBeLessThan(queue.indexOf(second.id));
  });

  test('bad input: an unknown or non-consulting pharmacy, an empty question; nothing stored', async () => {
    const me = await t.as.resident();
    const unknown = await me.post('/api/v1/me/care/consultations', {
      pharmacyId: '00000000-0000-4000-8000-000000000000',
      question: '请问这个药怎么吃？',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('pharmacy_not_consulting');
    expect((await me.post('/api/v1/me/care/consultations', { question: '' })).statusCode).toBe(400);
    expect((await me.get('/api/v1/me/care/consultations')).json().items).toEqual([]);
  });
});

describe('the pharmacist desk', () => {
  test('templates, hand-over to a colleague, and nothing for strangers', async () => {
    const me = await t.as.resident();
    const c = await ask(me, { pharmacyId: A.id, question: '感冒药可以和降压药一起吃吗？' });
    const saved = await A.pharmacist.post(`/api/v1/partners/${A.id}/pharmacy/answer-templates`, {
      title: '感冒与降压',
      body: '含伪麻黄碱的感冒药可能升高血压，请选用不含的。',
    });
    expect(saved.json().items).toHaveLength(1);
    // A second pharmacist at A takes it over.
    const colleague = await t.as.resident();
    await owner.post(`/api/v1/partners/${A.id}/pharmacy/pharmacists`, {
      phone: colleague.phone,
      certificateNumber: 'ZY44030599999',
    });
    const colleagueId = (await actorOf(colleague)).id;
    const handed = await A.pharmacist.post(`${desk(A)}/${c.id}/handoff`, { pharmacistUserId: colleagueId });
    expect(handed.statusCode, handed.body).toBe(200);
    expect((await colleague.get(`${desk(A)}/${c.id}`)).json().assignedToMe).toBe(true);
    // Not to someone who is not a pharmacist here.
    const stranger = await t.as.resident();
    const bad = await A.pharmacist.post(`${desk(A)}/${c.id}/handoff`, {
      pharmacistUserId: (await actorOf(stranger)).id,
    });
    expect(bad.json().error.code).toBe('not_a_pharmacist');
    // Strangers and other pharmacies see nothing of A's desk.
    expect((await stranger.get(desk(A))).statusCode).toBe(404);
    expect((await B.pharmacist.get(`${desk(A)}/${c.id}`)).statusCode).toBe(404);
    expect((await B.pharmacist.get(`${desk(B)}/${c.id}`)).statusCode).toBe(404);
    expect((await B.pharmacist.get(`/api/v1/partners/${A.id}/pharmacy/answer-templates`)).statusCode).toBe(
      404,
    );
    expect((await colleague.post(`${desk(A)}/${c.id}/close`)).json().status).toBe('closed');
  });

  test('shared record parts: readable by the consultation pharmacy only, audited, ended by closing', async () => {
    const me = await t.as.resident();
    await consentToHealthRecord(me);
    const entry = await me.post('/api/v1/me/health/entries', {
      value: { part: 'conditions', condition: 'hypertension' },
    });
    expect(entry.statusCode, entry.body).toBe(201);
    await me.post('/api/v1/me/health/entries', { value: { part: 'allergies', ingredient: 'ibuprofen' } });
    const c = await ask(me, {
      question: '高血压能吃什么感冒药？',
      sharedParts: ['conditions'],
    });
    // Before a pharmacy takes the pool question, no one reads the record.
    expect((await A.pharmacist.get(`${desk(A)}/${c.id}/shared`)).statusCode).toBe(404);
    expect((await A.pharmacist.post(`${desk(A)}/${c.id}/claim`)).statusCode).toBe(200);
    const shared = await A.pharmacist.get(`${desk(A)}/${c.id}/shared`);
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json().items).toEqual([
      expect.objectContaining({
        part: 'conditions',
        entries: [expect.objectContaining({ value: expect.objectContaining({ condition: 'hypertension' }) })],
      }),
    ]);
    expect(shared.body).not.toContain('ibuprofen'); // allergies were not shared
    // The read is in the person's audit.
    const reads = (await me.get('/api/v1/me/health/reads')).json();
    expect(JSON.stringify(reads)).toContain('conditions');
    // Other pharmacies: nothing.
    expect((await B.pharmacist.get(`${desk(B)}/${c.id}/shared`)).statusCode).toBe(404);
    // Closed: the grant ends with it.
    await me.post(`/api/v1/me/care/consultations/${c.id}/close`);
    const after = await A.pharmacist.get(`${desk(A)}/${c.id}/shared`);
    expect(after.statusCode).toBe(403);
  });
});
