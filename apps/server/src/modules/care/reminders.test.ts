import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../app.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
/** The scheduler runs in a second app on the same database, as a server process would. */
let worker: App;
beforeAll(async () => {
  t = await testApp();
  worker = await t.anotherApp();
});
afterAll(async () => {
  await worker.app.close();
  await t.close();
});

// Monday 2026-01-12, 07:00 China time.
const MONDAY_7AM = new Date('2026-01-11T23:00:00Z');
const at = (iso: string) => t.clock.set(new Date(iso));
/**
 * Moves the clock forward to `iso` in steps, each client using the app on the way (a session idles
 * out after 30 minutes, and a resident who looks at their reminders keeps theirs).
 */
async function travel(iso: string, ...clients: Client[]) {
  const target = new Date(iso).getTime();
  while (t.clock.now().getTime() < target) {
    t.clock.set(new Date(Math.min(target, t.clock.now().getTime() + 20 * 60_000)));
    for (const c of clients) await c.get('/api/v1/me');
  }
}
type Notification = { id: string; type: string; data: Record<string, unknown> };
const notificationsOf = async (c: Client, type: string) =>
  ((await c.get('/api/v1/me/notifications?limit=50')).json().items as Notification[]).filter(
    (n) => n.type === type,
  );

async function reminder(c: Client, body: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/me/care/reminders', {
    medicineId: 'ibuprofen-tablet',
    times: ['08:00', '20:00'],
    meal: 'after',
    courseDays: 3,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; nextDueAt: string; endsOn: string; quantityLeft: number | null };
}

describe('a resident sets a dose reminder', () => {
  test('the next dose is at the next China time within the course; the list shows it', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me);
    expect(r.nextDueAt).toBe('2026-01-12T00:00:00.000Z'); // 08:00 in Shanghai
    expect(r.endsOn).toBe('2026-01-14');
    const list = (await me.get('/api/v1/me/care/reminders')).json().items;
    expect(list.map((x: { id: string }) => x.id)).toEqual([r.id]);
    // Nobody else sees it.
    const other = await t.as.resident();
    expect((await other.get(`/api/v1/me/care/reminders/${r.id}`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/me/care/reminders')).json().items).toEqual([]);
  });

  test('a typed medicine is kept encrypted and shown only to its owner', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me, { medicineId: undefined, medicineName: '自备降压药' });
    expect((await me.get(`/api/v1/me/care/reminders/${r.id}`)).json().medicineName).toBe('自备降压药');
    const { rows } = (await t.store.db.execute(
      `SELECT medicine_name_enc FROM care_reminders WHERE id = '${r.id}'` as never,
    )) as unknown as { rows: { medicine_name_enc: string }[] };
    expect(rows[0]?.medicine_name_enc).not.toContain('降压');
  });

  test.each([
    [{ startsOn: '2026-01-01', endsOn: '2026-01-05' }, 'reminder_past_course_end'],
    [{ startsOn: '2026-01-12', endsOn: '2026-01-10' }, 'reminder_past_course_end'],
    // The course's last day, with its last time already gone.
    [{ startsOn: '2026-01-12', endsOn: '2026-01-12', times: ['06:00'] }, 'reminder_past_course_end'],
    [{ medicineId: 'no-such-medicine' }, 'unknown_medicine'],
    [{ times: ['25:00'] }, 'validation_failed'],
  ])(
    'a reminder past its course or with bad input is refused and nothing is stored (%o)',
    async (over, code) => {
      at(MONDAY_7AM.toISOString());
      const me = await t.as.resident();
      const res = await me.post('/api/v1/me/care/reminders', {
        medicineId: 'ibuprofen-tablet',
        times: ['08:00'],
        ...over,
        ...('endsOn' in over ? {} : { courseDays: 3 }),
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toBe(code);
      expect((await me.get('/api/v1/me/care/reminders')).json().items).toEqual([]);
    },
  );
});

describe('the scheduler sends each dose once, from the database', () => {
  test('a due dose becomes a notification; running again sends nothing more', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me);
    await worker.reminderJob.runOnce();
    expect(await notificationsOf(me, 'dose_due')).toHaveLength(0);
    await travel('2026-01-12T00:00:30Z', me);
    await worker.reminderJob.runOnce();
    await worker.reminderJob.runOnce();
    const sent = await notificationsOf(me, 'dose_due');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.data).toMatchObject({ reminderId: r.id, dueAt: '2026-01-12T00:00:00.000Z', late: false });
    expect((await me.get(`/api/v1/me/care/reminders/${r.id}`)).json().nextDueAt).toBe(
      '2026-01-12T12:00:00.000Z',
    );
  });

  test('a dose due while the server was down is sent once when it starts again, marked late', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me, { times: ['08:00'] });
    // The server stops at 07:00 and starts again at 09:30 on the same database.
    await travel('2026-01-12T01:30:00Z', me);
    const restarted = await t.anotherApp();
    const second = await t.anotherApp(); // and a second instance starting at the same time
    try {
      await Promise.all([restarted.reminderJob.runOnce(), second.reminderJob.runOnce()]);
      await restarted.reminderJob.runOnce();
    } finally {
      await restarted.app.close();
      await second.app.close();
    }
    const sent = await notificationsOf(me, 'dose_due');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.data).toMatchObject({ reminderId: r.id, dueAt: '2026-01-12T00:00:00.000Z', late: true });
    expect((await me.get(`/api/v1/me/care/reminders/${r.id}`)).json().nextDueAt).toBe(
      '2026-01-13T00:00:00.000Z',
    );
  });

  test('after a longer outage only the latest dose is sent; the earlier ones count as missed', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    await reminder(me, { times: ['08:00', '20:00'] });
    await travel('2026-01-13T00:30:00Z', me); // Tuesday 08:30: Monday 08:00 and 20:00 and Tuesday 08:00 passed
    await worker.reminderJob.runOnce();
    const sent = await notificationsOf(me, 'dose_due');
    expect(sent.map((n) => n.data.dueAt)).toEqual(['2026-01-13T00:00:00.000Z']);
    const chart = (await me.get('/api/v1/me/care/adherence?days=2')).json().days;
    expect(chart).toEqual([
      { day: '2026-01-12', taken: 0, skipped: 0, missed: 2 },
      { day: '2026-01-13', taken: 0, skipped: 0, missed: 0 },
    ]);
  });

  test('a reminder whose course ended sends nothing more', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me, { times: ['08:00'], courseDays: 1 });
    await travel('2026-01-12T00:01:00Z', me);
    await worker.reminderJob.runOnce();
    const after = (await me.get(`/api/v1/me/care/reminders/${r.id}`)).json();
    expect(after).toMatchObject({ status: 'ended', nextDueAt: null });
    await travel('2026-01-13T00:01:00Z', me);
    await worker.reminderJob.runOnce();
    expect(await notificationsOf(me, 'dose_due')).toHaveLength(1);
  });
});

describe('taken, skipped, snoozed; the chart; the refill', () => {
  test('taken takes the units; running low sends one refill notice; the chart counts the day', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me, { doseUnits: 2, quantity: 5, refillAt: 2 });
    await travel('2026-01-12T00:00:10Z', me);
    await worker.reminderJob.runOnce();
    const dose = `/api/v1/me/care/reminders/${r.id}/doses/2026-01-12T00:00:00.000Z`;
    const taken = await me.post(dose, { action: 'taken' });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().status).toBe('taken');
    // Repeating is harmless and takes nothing more.
    expect((await me.post(dose, { action: 'taken' })).statusCode).toBe(200);
    expect((await me.get(`/api/v1/me/care/reminders/${r.id}`)).json().quantityLeft).toBe(3);
    expect(await notificationsOf(me, 'refill_due')).toHaveLength(0);
    await travel('2026-01-12T12:00:10Z', me);
    await worker.reminderJob.runOnce();
    await me.post(`/api/v1/me/care/reminders/${r.id}/doses/2026-01-12T12:00:00.000Z`, { action: 'taken' });
    expect((await me.get(`/api/v1/me/care/reminders/${r.id}`)).json().quantityLeft).toBe(1);
    const refill = await notificationsOf(me, 'refill_due');
    expect(refill).toHaveLength(1);
    expect(refill[0]?.data).toMatchObject({ reminderId: r.id, count: 1 });
    // A snooze of a taken dose is refused, nothing changes.
    const snooze = await me.post(dose, { action: 'snooze' });
    expect(snooze.statusCode).toBe(409);
    expect(snooze.json().error.code).toBe('dose_not_actionable');
    const chart = (await me.get('/api/v1/me/care/adherence?days=1')).json().days;
    expect(chart).toEqual([{ day: '2026-01-12', taken: 2, skipped: 0, missed: 0 }]);
  });

  test('snooze rings again after 10 minutes; an unanswered dose is missed after an hour', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me, { times: ['08:00'] });
    await travel('2026-01-12T00:00:05Z', me);
    await worker.reminderJob.runOnce();
    const dose = `/api/v1/me/care/reminders/${r.id}/doses/2026-01-12T00:00:00.000Z`;
    const snoozed = (await me.post(dose, { action: 'snooze' })).json();
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-01-12T00:10:05.000Z' });
    await travel('2026-01-12T00:09:00Z', me);
    await worker.reminderJob.runOnce();
    expect(await notificationsOf(me, 'dose_due')).toHaveLength(1);
    await travel('2026-01-12T00:10:10Z', me);
    await worker.reminderJob.runOnce();
    await worker.reminderJob.runOnce();
    expect(await notificationsOf(me, 'dose_due')).toHaveLength(2);
    await travel('2026-01-12T01:30:00Z', me);
    await worker.reminderJob.runOnce();
    expect((await me.get(`/api/v1/me/care/reminders/${r.id}`)).json().recentDoses[0].status).toBe('missed');
    // Marked later, it counts as taken.
    expect((await me.post(dose, { action: 'skipped' })).json().status).toBe('skipped');
    expect((await me.get('/api/v1/me/care/adherence?days=1')).json().days[0]).toMatchObject({
      skipped: 1,
      missed: 0,
    });
    // Someone else's dose: 404, nothing changed.
    const other = await t.as.resident();
    expect((await other.post(dose, { action: 'taken' })).statusCode).toBe(404);
    expect((await me.get('/api/v1/me/care/adherence?days=1')).json().days[0]).toMatchObject({ skipped: 1 });
  });
});

describe('a family caregiver hears about missed doses, nothing else', () => {
  test('added by phone, accepted, told of a missed dose and shown only the chart', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const daughter = await t.as.resident();
    const r = await reminder(me, { times: ['08:00'] });
    const added = await me.post('/api/v1/me/care/caregivers', { phone: daughter.phone });
    expect(added.statusCode, added.body).toBe(201);
    const link = added.json();
    expect(link).toMatchObject({ status: 'invited' });
    expect(added.body).not.toContain(daughter.phone);
    expect(await notificationsOf(daughter, 'caregiver_invited')).toHaveLength(1);
    // Before accepting: nothing.
    expect((await daughter.get(`/api/v1/me/care/caring/${link.id}/adherence`)).statusCode).toBe(404);
    // A missed dose before the caregiver accepted is not told.
    await travel('2026-01-12T00:00:05Z', me, daughter);
    await worker.reminderJob.runOnce();
    await travel('2026-01-12T01:30:00Z', me, daughter);
    await worker.reminderJob.runOnce();
    expect(await notificationsOf(daughter, 'dose_missed')).toHaveLength(0);
    const accepted = await daughter.post(`/api/v1/me/care/caring/${link.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await me.get('/api/v1/me/care/caregivers')).json().items[0].status).toBe('accepted');
    await travel('2026-01-13T00:00:05Z', me, daughter);
    await worker.reminderJob.runOnce();
    await travel('2026-01-13T01:30:00Z', me, daughter);
    await worker.reminderJob.runOnce();
    const told = await notificationsOf(daughter, 'dose_missed');
    expect(told).toHaveLength(1);
    expect(told[0]?.data).toEqual({ careLinkId: link.id, dueAt: '2026-01-13T00:00:00.000Z' });
    const chart = await daughter.get(`/api/v1/me/care/caring/${link.id}/adherence?days=2`);
    expect(chart.json().days).toEqual([
      { day: '2026-01-12', taken: 0, skipped: 0, missed: 1 },
      { day: '2026-01-13', taken: 0, skipped: 0, missed: 1 },
    ]);
    // The caregiver never reaches the reminders themselves.
    expect((await daughter.get(`/api/v1/me/care/reminders/${r.id}`)).statusCode).toBe(404);
    expect(
      (
        await daughter.post(`/api/v1/me/care/reminders/${r.id}/doses/2026-01-13T00:00:00.000Z`, {
          action: 'taken',
        })
      ).statusCode,
    ).toBe(404);
  });

  test('an unknown phone or oneself is refused, nothing stored', async () => {
    const me = await t.as.resident();
    const unknown = await me.post('/api/v1/me/care/caregivers', { phone: '13700000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('caregiver_unknown');
    const self = await me.post('/api/v1/me/care/caregivers', { phone: me.phone });
    expect(self.json().error.code).toBe('caregiver_self');
    expect((await me.get('/api/v1/me/care/caregivers')).json().items).toEqual([]);
  });
});

describe('the person’s data export', () => {
  test('holds their reminders (a typed name in clear for them) and their adherence', async () => {
    at(MONDAY_7AM.toISOString());
    const me = await t.as.resident();
    const r = await reminder(me, { medicineId: undefined, medicineName: '自备降压药' });
    const exported = (await me.get('/api/v1/me/export')).json();
    expect(exported.reminders.reminders.map((x: { id: string }) => x.id)).toEqual([r.id]);
    expect(exported.reminders.reminders[0].medicineName).toBe('自备降压药');
    expect(exported.reminders.adherence).toHaveLength(90);
    expect(exported.consultations).toEqual([]);
  });
});
