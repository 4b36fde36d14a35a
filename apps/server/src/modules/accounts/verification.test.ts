import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { checkCharacter } from '../../platform/id-number.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const verify = (
  c: { post: (u: string, b: unknown) => Promise<{ statusCode: number; json(): any }> },
  idNumber: string,
  name = '张三',
) => c.post('/api/v1/me/verification', { name, idNumber });

describe('real-name verification', () => {
  test('a valid ID verifies the account; only masked forms and a keyed hash are stored', async () => {
    const alice = await t.as.resident({ verified: false });
    expect((await alice.get('/api/v1/me')).json()).toMatchObject({ verified: false, verification: null });
    const idNumber = t.newIdNumber('1980-03-04');
    const res = await verify(alice, idNumber);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      verified: true,
      // The local default checks the number's form only and says so.
      verification: {
        method: 'format',
        identityProven: false,
        nameMasked: '张*',
        idMasked: `4403**********${idNumber.slice(-4)}`,
      },
    });
    const rows = await selectRows<Record<string, unknown>>(t.store.db, sql`SELECT * FROM users`);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(idNumber);
    expect(dump).not.toContain('张三');
  });

  test('one identity, one account', async () => {
    const [a, b] = [await t.as.resident({ verified: false }), await t.as.resident({ verified: false })];
    const idNumber = t.newIdNumber();
    expect((await verify(a, idNumber)).statusCode).toBe(200);
    const second = await verify(b, idNumber);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('identity_in_use');
  });

  test('verifying twice is refused', async () => {
    const a = await t.as.resident();
    const res = await verify(a, t.newIdNumber());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('already_verified');
  });

  test('under-14s are refused', async () => {
    const kid = await t.as.resident({ verified: false });
    const today = t.clock.now();
    const birth = `${today.getUTCFullYear() - 13}-01-01`;
    const res = await verify(kid, t.newIdNumber(birth));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('under_age');
  });

  const valid = t_newId();
  function t_newId() {
    const first17 = '44030519900101123';
    return first17 + checkCharacter(first17);
  }
  test.each([
    ['wrong check character', `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`, 'checksum'],
    [
      'unknown region',
      (() => {
        const f = '99030519900101123';
        return f + checkCharacter(f);
      })(),
      'region',
    ],
    [
      'impossible birth date',
      (() => {
        const f = '44030519900231123';
        return f + checkCharacter(f);
      })(),
      'birth_date',
    ],
    ['15-digit old format', '440305900101123', 'format'],
  ])('%s is a 400 that names the field and never echoes the number', async (_name, idNumber, reason) => {
    const a = await t.as.resident({ verified: false });
    const res = await verify(a, idNumber);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'id_number_invalid',
      details: { field: 'idNumber', reason },
    });
    expect(JSON.stringify(res.json())).not.toContain(idNumber);
    expect((await a.get('/api/v1/me')).json().verified).toBe(false);
  });

  test('a name that is not a name is a validation error', async () => {
    const a = await t.as.resident({ verified: false });
    const res = await verify(a, t.newIdNumber(), 'x1');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('name');
  });

  test('publishing needs a verified account', async () => {
    const a = await t.as.resident({ verified: false });
    const res = await a.post('/api/v1/posts', {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: { lat: 22.53, lng: 113.93 },
      consent: true,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('verification_required');
    expect((await a.get('/api/v1/me')).json().verificationRequired).toBe(true);
  });

  test('with REQUIRE_VERIFICATION=false the app is told so, and unverified residents post and reveal', async () => {
    const open = await testApp({ deps: { requireVerification: false } });
    try {
      const [a, b] = [
        await open.as.resident({ verified: false }),
        await open.as.resident({ verified: false }),
      ];
      expect((await a.get('/api/v1/me')).json()).toMatchObject({
        verified: false,
        verificationRequired: false,
      });
      const post = await a.createNeed();
      const reveal = await b.post(`/api/v1/posts/${post.id}/contact`, {});
      expect(reveal.statusCode, reveal.body).toBe(200);
      expect(reveal.json().phone).toBe(a.phone);
    } finally {
      await open.close();
    }
  });

  test('the first post asks for explicit consent, and records it', async () => {
    const a = await t.as.resident();
    const body = {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: { lat: 22.53, lng: 113.93 },
    };
    const refused = await a.post('/api/v1/posts', body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'consent_required', details: { field: 'consent' } });
    expect((await a.get('/api/v1/me')).json().consented).toBe(false);
    expect((await a.post('/api/v1/posts', { ...body, consent: true })).statusCode).toBe(201);
    expect((await a.get('/api/v1/me')).json().consented).toBe(true);
    // Given once, consent is not asked again.
    expect(
      (
        await a.post('/api/v1/posts', {
          ...body,
          items: [{ medicineId: 'acetaminophen-tablet', quantity: 2 }],
        })
      ).statusCode,
    ).toBe(201);
  });
});
