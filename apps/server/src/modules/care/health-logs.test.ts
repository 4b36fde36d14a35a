// Health data never reaches the logs (issue 13): the record's writes, refusals and reads, and a
// pharmacist's follow-up, at debug level, leave no condition, ingredient, reading or note in them.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loggerOptions } from '../../platform/logger.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { actorOf, consentToHealthRecord, pharmacyWithPharmacist } from './care-fixtures.ts';

const logLines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  t = await testApp({ logger: pino(loggerOptions('debug'), sink) });
});
afterAll(() => t.close());

test('no health value in any log line, whatever the request did', async () => {
  const [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  const a = await pharmacyWithPharmacist(t, owner, admin, '日志药房');
  const r = await t.as.resident();
  const { id } = await actorOf(r);
  await consentToHealthRecord(r);
  const add = (value: object) => r.post('/api/v1/me/health/entries', { value });
  expect((await add({ part: 'conditions', condition: 'epilepsy' })).statusCode).toBe(201);
  expect((await add({ part: 'allergies', ingredient: 'guaifenesin' })).statusCode).toBe(201);
  expect((await add({ part: 'allergies', ingredient: 'Zyxolamide' })).statusCode).toBe(422);
  expect((await add({ part: 'medicines', name: '缬沙坦胶囊', note: '晚饭后一粒' })).statusCode).toBe(201);
  const reading = { value: { kind: 'blood_pressure', systolic: 187, diastolic: 113 } };
  expect((await r.post('/api/v1/me/health/measurements', reading)).statusCode).toBe(201);
  const bad = { value: { kind: 'temperature', celsius: 47.3 } };
  expect((await r.post('/api/v1/me/health/measurements', bad)).statusCode).toBe(422);
  // A malformed body: the validation error names fields, not values.
  expect(
    (await r.post('/api/v1/me/health/measurements', { value: { kind: 'spo2', percent: 'ninety-one' } }))
      .statusCode,
  ).toBe(400);
  await r.post('/api/v1/me/health/shares', { pharmacyId: a.id, parts: ['conditions', 'medicines'], days: 7 });
  await a.pharmacist.get(`/api/v1/partners/${a.id}/care/patients/${id}`);
  await a.pharmacist.post(`/api/v1/partners/${a.id}/care/patients/${id}/contacts`, {
    note: '复诊提醒已送达',
  });
  await r.get('/api/v1/me/health');
  await r.get('/api/v1/me/export');

  const logs = logLines.join('');
  expect(logs.length).toBeGreaterThan(0);
  for (const secret of [
    'epilepsy',
    'guaifenesin',
    'Zyxolamide',
    '缬沙坦',
    '晚饭后',
    // Readings: their field names would come with their numbers (bare numbers match timestamps).
    'systolic',
    'celsius',
    'ninety-one',
    '复诊提醒',
  ]) {
    expect(logs, secret).not.toContain(secret);
  }
});
