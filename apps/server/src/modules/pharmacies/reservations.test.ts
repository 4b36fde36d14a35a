import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOUR } from '../../platform/clock.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { approvedPharmacy, setStock } from './pharmacy-fixtures.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
let pharmacy: string;
beforeAll(async () => {
  t = await testApp();
  [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  pharmacy = await approvedPharmacy(t, owner, admin);
});
afterAll(() => t.close());

const reserve = (who: Client, items: { medicineId: string; quantity: number }[], at = pharmacy, extra = {}) =>
  who.post(`/api/v1/pharmacies/${at}/reservations`, { items, ...extra });
const reservable = async (medicineId: string, at = pharmacy) =>
  (await t.as.anonymous().get(`/api/v1/pharmacies/${at}`))
    .json()
    .stockItems.find((s: { medicineId: string }) => s.medicineId === medicineId).reservable as number;
const act = (id: string, action: string, at = pharmacy, who = owner) =>
  who.post(`/api/v1/partners/${at}/pharmacy/reservations/${id}/${action}`);
const inbox = async (who: Client) =>
  (await who.get('/api/v1/me/notifications')).json().items.map((n: { type: string }) => n.type) as string[];

describe('reservations for pickup', () => {
  test('reserve, see the code, the pharmacy confirms, readies and hands over by code; notified at each step', async () => {
    await setStock(owner, pharmacy, [
      { medicineId: 'antigen-test-single', status: 'in_stock', quantity: 10 },
    ]);
    const resident = await t.as.resident();
    const res = await reserve(resident, [{ medicineId: 'antigen-test-single', quantity: 2 }]);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'requested', pharmacyName: '南山大药房' });
    expect(r.pickupCode).toMatch(/^\d{6}$/);
    expect(await reservable('antigen-test-single')).toBe(8);
    // The queue shows the reservation but not its code: the resident brings it.
    const queue = (
      await owner.get(`/api/v1/partners/${pharmacy}/pharmacy/reservations?status=requested`)
    ).json();
    expect(queue.items.find((q: { id: string }) => q.id === r.id)).toMatchObject({ pickupCode: null });
    expect(JSON.stringify(queue)).not.toMatch(MOBILE_IN_TEXT);
    expect((await act(r.id, 'confirm')).statusCode).toBe(204);
    expect((await act(r.id, 'ready')).statusCode).toBe(204);
    const wrong = await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/handover`, {
      code: r.pickupCode === '000000' ? '000001' : '000000',
    });
    expect(wrong.json().error.code).toBe('pickup_code_unknown');
    const handed = await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/handover`, { code: r.pickupCode });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().status).toBe('picked_up');
    const mine = (await resident.get('/api/v1/me/pharmacy-reservations')).json().items;
    expect(mine[0]).toMatchObject({ id: r.id, status: 'picked_up' });
    expect(await inbox(resident)).toEqual(
      expect.arrayContaining(['reservation_confirmed', 'reservation_ready']),
    );
    // A code once used opens nothing.
    const again = await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/handover`, { code: r.pickupCode });
    expect(again.json().error.code).toBe('pickup_code_unknown');
  });

  test('a decline, a cancel and a no-show put the units back; the resident hears of the decline', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'ibuprofen-granule', status: 'in_stock', quantity: 6 }]);
    const resident = await t.as.resident();
    const one = (await reserve(resident, [{ medicineId: 'ibuprofen-granule', quantity: 2 }])).json();
    const two = (await reserve(resident, [{ medicineId: 'ibuprofen-granule', quantity: 2 }])).json();
    const three = (await reserve(resident, [{ medicineId: 'ibuprofen-granule', quantity: 2 }])).json();
    expect(await reservable('ibuprofen-granule')).toBe(0);
    expect((await act(one.id, 'decline')).statusCode).toBe(204);
    expect((await resident.post(`/api/v1/me/pharmacy-reservations/${two.id}/cancel`)).statusCode).toBe(204);
    expect((await act(three.id, 'confirm')).statusCode).toBe(204);
    expect((await act(three.id, 'no-show')).statusCode).toBe(204);
    expect(await reservable('ibuprofen-granule')).toBe(6);
    expect(await inbox(resident)).toContain('reservation_declined');
    // Steps out of order are refused and change nothing.
    const late = await act(three.id, 'confirm');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('reservation_not_open');
    const cancelled = await resident.post(`/api/v1/me/pharmacy-reservations/${two.id}/cancel`);
    expect(cancelled.json().error.code).toBe('reservation_not_open');
    expect(await reservable('ibuprofen-granule')).toBe(6);
  });

  test('the per-person limit holds across all my reservations there today, not at another pharmacy', async () => {
    const other = await approvedPharmacy(t, owner, admin, { name: '另一家药房' });
    await setStock(owner, pharmacy, [
      { medicineId: 'ibuprofen-suspension', status: 'low', quantity: 50, perPersonLimit: 2 },
    ]);
    await setStock(owner, other, [{ medicineId: 'ibuprofen-suspension', status: 'in_stock', quantity: 50 }]);
    const resident = await t.as.resident();
    expect((await reserve(resident, [{ medicineId: 'ibuprofen-suspension', quantity: 1 }])).statusCode).toBe(
      201,
    );
    const cancelled = (await reserve(resident, [{ medicineId: 'ibuprofen-suspension', quantity: 1 }])).json();
    await resident.post(`/api/v1/me/pharmacy-reservations/${cancelled.id}/cancel`);
    expect((await reserve(resident, [{ medicineId: 'ibuprofen-suspension', quantity: 1 }])).statusCode).toBe(
      201,
    );
    const above = await reserve(resident, [{ medicineId: 'ibuprofen-suspension', quantity: 1 }]);
    expect(above.statusCode).toBe(409);
    expect(above.json().error).toMatchObject({
      code: 'reservation_above_limit',
      details: { limit: 2, held: 2 },
    });
    expect(await reservable('ibuprofen-suspension')).toBe(48);
    // The catalogue's cap (1 bottle) is the other pharmacy's limit.
    expect(
      (await reserve(resident, [{ medicineId: 'ibuprofen-suspension', quantity: 1 }], other)).statusCode,
    ).toBe(201);
    expect(
      (await reserve(resident, [{ medicineId: 'ibuprofen-suspension', quantity: 1 }], other)).json().error
        .code,
    ).toBe('reservation_above_limit');
  });

  test('bad requests get stable codes and change nothing', async () => {
    await setStock(owner, pharmacy, [
      { medicineId: 'acetaminophen-tablet', status: 'in_stock', quantity: 3 },
      { medicineId: 'n95-mask', status: 'out' },
    ]);
    const resident = await t.as.resident();
    const cases: [unknown[], string | undefined, number, string][] = [
      [[{ medicineId: 'acetaminophen-tablet', quantity: 4 }], undefined, 409, 'out_of_stock'],
      [[{ medicineId: 'n95-mask', quantity: 1 }], undefined, 409, 'out_of_stock'],
      [[{ medicineId: 'ambroxol-tablet', quantity: 1 }], undefined, 409, 'out_of_stock'],
      [[{ medicineId: 'no-such-thing', quantity: 1 }], undefined, 400, 'unknown_medicine'],
      [
        [{ medicineId: 'acetaminophen-tablet', quantity: 1 }],
        '00000000-0000-4000-8000-000000000000',
        404,
        'pharmacy_not_found',
      ],
    ];
    for (const [items, at, status, code] of cases) {
      const res = await reserve(resident, items as never, at ?? pharmacy);
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    const late = await reserve(resident, [{ medicineId: 'acetaminophen-tablet', quantity: 1 }], pharmacy, {
      pickupBy: new Date(t.clock.now().getTime() + 25 * HOUR).toISOString(),
    });
    expect(late.json().error.code).toBe('pickup_outside_window');
    expect(await reservable('acetaminophen-tablet')).toBe(3);
    expect((await resident.get('/api/v1/me/pharmacy-reservations')).json().items).toEqual([]);
    // Unverified residents cannot reserve: limits are per real person.
    const unverified = await t.as.resident({ verified: false });
    expect(
      (await reserve(unverified, [{ medicineId: 'acetaminophen-tablet', quantity: 1 }])).statusCode,
    ).toBe(403);
  });

  test('a status nobody confirmed for 24 hours cannot be reserved against', async () => {
    await setStock(owner, pharmacy, [
      { medicineId: 'carbocisteine-tablet', status: 'in_stock', quantity: 30 },
    ]);
    const setAt = t.clock.now();
    t.clock.advance(25 * HOUR);
    const resident = await t.as.resident();
    const res = await reserve(resident, [{ medicineId: 'carbocisteine-tablet', quantity: 6 }]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'out_of_stock', details: { reservable: 0 } });
    t.clock.set(setAt);
    expect(await reservable('carbocisteine-tablet')).toBe(30);
  });

  test("a pickup code of another pharmacy's reservation is refused there, and only its own staff act on it", async () => {
    const otherOwner = await t.as.resident();
    const other = await approvedPharmacy(t, otherOwner, admin, { name: '隔壁药房' });
    await setStock(otherOwner, other, [
      { medicineId: 'antigen-test-5pack', status: 'in_stock', quantity: 5 },
    ]);
    const resident = await t.as.resident();
    const r = (await reserve(resident, [{ medicineId: 'antigen-test-5pack', quantity: 1 }], other)).json();
    await act(r.id, 'confirm', other, otherOwner);
    const res = await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/handover`, { code: r.pickupCode });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('pickup_code_other_pharmacy');
    // Through my own pharmacy's URL I cannot reach their reservation either.
    expect((await act(r.id, 'decline', pharmacy, owner)).statusCode).toBe(404);
    expect((await act(r.id, 'decline', other, owner)).statusCode).toBe(404);
    expect(
      (await otherOwner.get(`/api/v1/partners/${other}/pharmacy/reservations`)).json().items[0],
    ).toMatchObject({
      id: r.id,
      status: 'confirmed',
    });
    // And a resident cannot cancel someone else's.
    expect(
      (await (await t.as.resident()).post(`/api/v1/me/pharmacy-reservations/${r.id}/cancel`)).statusCode,
    ).toBe(404);
  });
});

describe('the last boxes under concurrency', () => {
  // A pharmacy of its own, so that reservations left by the tests above cannot count here.
  let shop: string;
  let shopOwner: Client;
  beforeAll(async () => {
    shopOwner = await t.as.resident();
    shop = await approvedPharmacy(t, shopOwner, admin, { name: '街角药房' });
  });

  test('20 parallel reservations for the last 5 boxes: exactly 5 succeed, the rest are out_of_stock', async () => {
    await setStock(shopOwner, shop, [{ medicineId: 'antigen-test-single', status: 'low', quantity: 5 }]);
    const residents = await Promise.all(Array.from({ length: 20 }, () => t.as.resident()));
    const results = await Promise.all(
      residents.map((r) => reserve(r, [{ medicineId: 'antigen-test-single', quantity: 1 }], shop)),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(5);
    expect(codes.filter((c) => c === 409)).toHaveLength(15);
    expect(
      results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'out_of_stock'),
    ).toBe(true);
    expect(await reservable('antigen-test-single', shop)).toBe(0);
    const held = (await shopOwner.get(`/api/v1/partners/${shop}/pharmacy/reservations?status=requested`))
      .json()
      .items.filter(
        (i: { items: { medicineId: string }[] }) => i.items[0]?.medicineId === 'antigen-test-single',
      );
    expect(held).toHaveLength(5);
    // Every open reservation has its own code.
    const mine = await Promise.all(
      results.filter((r) => r.statusCode === 201).map((r) => r.json().pickupCode as string),
    );
    expect(new Set(mine).size).toBe(5);
  });

  test('one person tapping 10 times at once never goes above the limit', async () => {
    await setStock(shopOwner, shop, [
      { medicineId: 'antigen-test-5pack', status: 'in_stock', quantity: 100 },
    ]);
    const resident = await t.as.resident();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        reserve(resident, [{ medicineId: 'antigen-test-5pack', quantity: 2 }], shop),
      ),
    );
    // The catalogue's cap for the 5-pack is 5 per person: two reservations of 2 fit, a third does not.
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(await reservable('antigen-test-5pack', shop)).toBe(96);
  });
});
