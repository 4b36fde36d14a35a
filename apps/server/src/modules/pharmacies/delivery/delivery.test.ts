import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DadaClient } from '../../../platform/vendors/dada.ts';
import { type FakeDada, startFakeDada } from '../../../platform/vendors/dada-fake.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../../testing/test-app.ts';
import { approvedPharmacy, setStock } from '../pharmacy-fixtures.ts';

let t: TestApp;
let dada: FakeDada;
let owner: Client;
let admin: Client;
let pharmacy: string;
beforeAll(async () => {
  dada = await startFakeDada();
  t = await testApp({
    deps: {
      dada: new DadaClient({
        appKey: dada.appKey,
        appSecret: dada.appSecret,
        sourceId: dada.sourceId,
        shopNo: '11047059',
        cityCode: '0755',
        callbackUrl: 'http://127.0.0.1/api/v1/deliveries/dada/notify',
        endpoint: dada.endpoint,
      }),
    },
  });
  [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  pharmacy = await approvedPharmacy(t, owner, admin);
  const set = await owner.put(`/api/v1/partners/${pharmacy}/pharmacy/ordering`, { deliveryRadiusKm: 5 });
  expect(set.statusCode, set.body).toBe(200);
});
afterAll(async () => {
  await t.close();
  await dada.close();
});

// About 1.1 km north-east of the pharmacy (NANSHAN), and about 11 km away.
const NEAR = { lat: NANSHAN.lat + 0.007, lng: NANSHAN.lng + 0.008 };
const FAR = { lat: NANSHAN.lat + 0.1, lng: NANSHAN.lng };
const PHONE = '13812345678';
const deliver = (who: Client, items: { medicineId: string; quantity: number }[], at = pharmacy, over = {}) =>
  who.post(`/api/v1/pharmacies/${at}/deliveries`, {
    items,
    location: NEAR,
    addressLine: '科技园南区 3 栋 1201',
    phone: PHONE,
    ...over,
  });
const act = (id: string, action: string, at = pharmacy, who = owner) =>
  who.post(`/api/v1/partners/${at}/pharmacy/deliveries/${id}/${action}`);
const mine = async (who: Client, id: string) => (await who.get(`/api/v1/me/pharmacy-orders/${id}`)).json();
const reservable = async (medicineId: string, at = pharmacy) =>
  (await t.as.anonymous().get(`/api/v1/pharmacies/${at}`))
    .json()
    .stockItems.find((s: { medicineId: string }) => s.medicineId === medicineId).reservable as number;
const inbox = async (who: Client) =>
  (await who.get('/api/v1/me/notifications')).json().items.map((n: { type: string }) => n.type) as string[];
const orderCount = async () =>
  Number(
    (
      (await t.store.db.execute(sql`SELECT count(*)::int AS n FROM pharmacy_deliveries`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows[0]?.n,
  );

describe('送药到家: delivery orders', () => {
  test('request, then accepted → preparing → out for delivery → delivered, the resident notified at each step', async () => {
    await setStock(owner, pharmacy, [
      { medicineId: 'antigen-test-single', status: 'in_stock', quantity: 10 },
    ]);
    const resident = await t.as.resident();
    const res = await deliver(resident, [{ medicineId: 'antigen-test-single', quantity: 2 }]);
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      fulfilment: 'delivery',
      paymentChoice: 'pay_at_pickup',
      delivery: {
        status: 'requested',
        provider: 'own_rider',
        phone: '138****5678',
        addressLine: '科技园南区 3 栋 1201',
      },
    });
    expect(order.delivery.distanceKm).toBeGreaterThan(0.5);
    expect(order.delivery.distanceKm).toBeLessThan(2);
    expect(await reservable('antigen-test-single')).toBe(8);

    // The queue masks the phone; the pharmacy's own detail view shows it for the rider.
    const queue = (
      await owner.get(`/api/v1/partners/${pharmacy}/pharmacy/deliveries?status=requested`)
    ).json();
    expect(queue.items.map((o: { id: string }) => o.id)).toContain(order.id);
    expect(JSON.stringify(queue)).not.toContain(PHONE);
    const detail = (await owner.get(`/api/v1/partners/${pharmacy}/pharmacy/deliveries/${order.id}`)).json();
    expect(detail.delivery.phone).toBe(PHONE);
    // A delivery is not a pickup: the pickup queue and the resident's reservations do not list it.
    const pickups = (await owner.get(`/api/v1/partners/${pharmacy}/pharmacy/reservations`)).json();
    expect(pickups.items.map((o: { id: string }) => o.id)).not.toContain(order.id);

    const steps = [
      ['accept', 'accepted', 'confirmed'],
      ['prepare', 'preparing', 'confirmed'],
      ['dispatch', 'out_for_delivery', 'ready'],
      ['deliver', 'delivered', 'picked_up'],
    ] as const;
    for (const [action, status, reservationStatus] of steps) {
      const r = await act(order.id, action);
      expect(r.statusCode, r.body).toBe(200);
      expect(await mine(resident, order.id)).toMatchObject({ reservationStatus, delivery: { status } });
    }
    expect(await inbox(resident)).toEqual(
      expect.arrayContaining([
        'delivery_accepted',
        'delivery_preparing',
        'delivery_out',
        'delivery_delivered',
      ]),
    );
    expect((await resident.get('/api/v1/me/pharmacy-orders')).json().items[0]).toMatchObject({
      id: order.id,
    });
    // Delivered is the end: nothing more happens to it.
    const again = await act(order.id, 'fail');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('delivery_not_open');
    expect(await reservable('antigen-test-single')).toBe(8);
  });

  test('outside the radius, a pharmacy that does not deliver, unknown items, no stock: 4xx and nothing changed', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 5 }]);
    const resident = await t.as.resident();
    const before = await orderCount();
    const far = await deliver(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }], pharmacy, {
      location: FAR,
    });
    expect(far.statusCode).toBe(400);
    expect(far.json().error).toMatchObject({ code: 'delivery_outside_radius', details: { radiusKm: 5 } });
    // The error says how far in whole kilometres, never the point.
    expect(JSON.stringify(far.json())).not.toContain(String(FAR.lat));

    const otherOwner = await t.as.resident();
    const noDelivery = await approvedPharmacy(t, otherOwner, admin);
    await setStock(otherOwner, noDelivery, [
      { medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 5 },
    ]);
    const off = await deliver(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }], noDelivery);
    expect(off.json().error.code).toBe('delivery_not_offered');
    expect(off.statusCode).toBe(409);

    const unknown = await deliver(resident, [{ medicineId: 'no-such-medicine', quantity: 1 }]);
    expect(unknown.json().error.code).toBe('unknown_medicine');
    const none = await deliver(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 6 }]);
    expect(none.json().error.code).toBe('out_of_stock');
    const badPhone = await deliver(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }], pharmacy, {
      phone: '12345',
    });
    expect(badPhone.statusCode).toBe(400);
    const wide = await owner.put(`/api/v1/partners/${pharmacy}/pharmacy/ordering`, { deliveryRadiusKm: 50 });
    expect(wide.statusCode).toBe(400);

    expect(await orderCount()).toBe(before);
    expect(await reservable('ibuprofen-tablet')).toBe(5);
  });

  test('the per-person daily limit counts pickups and deliveries together', async () => {
    // The catalogue's cap for single antigen tests is 4 a day per person at one pharmacy.
    await setStock(owner, pharmacy, [
      { medicineId: 'antigen-test-single', status: 'in_stock', quantity: 20 },
    ]);
    const resident = await t.as.resident();
    const pickup = await resident.post(`/api/v1/pharmacies/${pharmacy}/reservations`, {
      items: [{ medicineId: 'antigen-test-single', quantity: 3 }],
    });
    expect(pickup.statusCode, pickup.body).toBe(201);
    const over = await deliver(resident, [{ medicineId: 'antigen-test-single', quantity: 2 }]);
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({
      code: 'reservation_above_limit',
      details: { limit: 4, held: 3 },
    });
    expect((await deliver(resident, [{ medicineId: 'antigen-test-single', quantity: 1 }])).statusCode).toBe(
      201,
    );
    // And the other way round: the delivery counts against a new pickup.
    const pickupOver = await resident.post(`/api/v1/pharmacies/${pharmacy}/reservations`, {
      items: [{ medicineId: 'antigen-test-single', quantity: 1 }],
    });
    expect(pickupOver.json().error.code).toBe('reservation_above_limit');
  });

  test('the resident cancels before it is prepared; a failed delivery puts the units back and says so', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'n95-mask', status: 'in_stock', quantity: 6 }]);
    const resident = await t.as.resident();
    const one = (await deliver(resident, [{ medicineId: 'n95-mask', quantity: 2 }])).json();
    const two = (await deliver(resident, [{ medicineId: 'n95-mask', quantity: 2 }])).json();
    expect(await reservable('n95-mask')).toBe(2);
    const cancelled = await resident.post(`/api/v1/me/pharmacy-orders/${one.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({
      reservationStatus: 'cancelled',
      delivery: { status: 'cancelled' },
    });
    expect((await act(two.id, 'accept')).statusCode).toBe(200);
    expect((await act(two.id, 'prepare')).statusCode).toBe(200);
    const late = await resident.post(`/api/v1/me/pharmacy-orders/${two.id}/cancel`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('delivery_not_open');
    expect((await act(two.id, 'dispatch')).statusCode).toBe(200);
    expect((await act(two.id, 'fail')).statusCode).toBe(200);
    expect(await reservable('n95-mask')).toBe(6);
    expect(await inbox(resident)).toContain('delivery_failed');
    // Out of order steps change nothing.
    const three = (await deliver(resident, [{ medicineId: 'n95-mask', quantity: 1 }])).json();
    const early = await act(three.id, 'deliver');
    expect(early.json().error.code).toBe('delivery_not_open');
    expect((await mine(resident, three.id)).delivery.status).toBe('requested');
  });

  test('the pickup routes do not touch a delivery (its two rows stay true to each other)', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 5 }]);
    const resident = await t.as.resident();
    const order = (await deliver(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }])).json();
    expect((await resident.post(`/api/v1/me/pharmacy-reservations/${order.id}/cancel`)).statusCode).toBe(404);
    expect(
      (await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/reservations/${order.id}/confirm`)).statusCode,
    ).toBe(404);
    expect(await mine(resident, order.id)).toMatchObject({
      reservationStatus: 'requested',
      delivery: { status: 'requested' },
    });
  });

  test('staff of another pharmacy and other residents can neither see nor act on a delivery', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 5 }]);
    const resident = await t.as.resident();
    const order = (await deliver(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }])).json();
    const strangerOwner = await t.as.resident();
    const theirs = await approvedPharmacy(t, strangerOwner, admin);
    // Their own pharmacy's id with our order: not found.
    expect((await act(order.id, 'accept', theirs, strangerOwner)).statusCode).toBe(404);
    expect(
      (await strangerOwner.get(`/api/v1/partners/${theirs}/pharmacy/deliveries/${order.id}`)).statusCode,
    ).toBe(404);
    // Our pharmacy's id: not a member.
    expect((await act(order.id, 'accept', pharmacy, strangerOwner)).statusCode).toBe(404);
    expect((await strangerOwner.get(`/api/v1/partners/${pharmacy}/pharmacy/deliveries`)).statusCode).toBe(
      404,
    );
    expect(
      (await strangerOwner.get(`/api/v1/partners/${pharmacy}/pharmacy/deliveries/${order.id}`)).statusCode,
    ).toBe(404);
    const theirQueue = (await strangerOwner.get(`/api/v1/partners/${theirs}/pharmacy/deliveries`)).json();
    expect(theirQueue.items).toEqual([]);
    const other = await t.as.resident();
    expect((await other.get(`/api/v1/me/pharmacy-orders/${order.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/me/pharmacy-orders/${order.id}/cancel`)).statusCode).toBe(404);
    // Only the owner sets the radius and prices.
    await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/pharmacists`, {
      phone: other.phone,
      certificateNumber: 'ZY12345678',
    });
    const byPharmacist = await other.put(`/api/v1/partners/${pharmacy}/pharmacy/ordering`, {
      deliveryRadiusKm: 1,
    });
    expect(byPharmacist.statusCode).toBe(403);
    expect((await mine(resident, order.id)).delivery.status).toBe('requested');
  });
});

describe('达达 same-city delivery', () => {
  test('dispatch places a signed order; the callbacks move it on only as 达达 confirms; forged ones are refused', async () => {
    const dadaOwner = await t.as.resident();
    const store = await approvedPharmacy(t, dadaOwner, admin);
    const set = await dadaOwner.put(`/api/v1/partners/${store}/pharmacy/ordering`, {
      deliveryRadiusKm: 3,
      deliveryProvider: 'dada',
      prices: [{ medicineId: 'ibuprofen-tablet', priceFen: 1590 }],
    });
    expect(set.statusCode, set.body).toBe(200);
    await setStock(dadaOwner, store, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 5 }]);
    const resident = await t.as.resident();
    const order = (await deliver(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 2 }], store)).json();
    expect(order.delivery.provider).toBe('dada');
    expect((await act(order.id, 'accept', store, dadaOwner)).statusCode).toBe(200);
    const dispatched = await act(order.id, 'dispatch', store, dadaOwner);
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    // Waiting for a 达达 rider: preparing until 达达 says it is on its way.
    expect(dispatched.json().delivery.status).toBe('preparing');
    const placed = dada.orders.get(order.id);
    expect(placed?.body).toMatchObject({ receiver_phone: PHONE, cargo_price: 31.8, shop_no: '11047059' });
    // GCJ-02 for 达达: a few hundred metres from the WGS-84 point.
    expect(Math.abs(Number(placed?.body.receiver_lat) - NEAR.lat)).toBeGreaterThan(0.001);

    const notify = (body: unknown) => t.as.anonymous().post('/api/v1/deliveries/dada/notify', body);
    // Unsigned and badly signed callbacks are refused and change nothing.
    const cb = dada.move(order.id, 3);
    expect((await notify({ ...cb, signature: '' })).statusCode).toBe(401);
    expect((await notify({ ...cb, signature: 'f'.repeat(32) })).json().error.code).toBe(
      'callback_signature_invalid',
    );
    dada.orders.get(order.id)!.status = 2;
    // A well-signed callback whose status 达达 does not confirm changes nothing either (the
    // signature has no secret in it, so the status is read back from 达达).
    const forged = await notify({ ...cb, order_status: 4 });
    expect(forged.statusCode, forged.body).toBe(200);
    expect((await mine(resident, order.id)).delivery.status).toBe('preparing');

    expect((await notify(dada.move(order.id, 3))).json()).toEqual({ applied: true });
    expect((await mine(resident, order.id)).delivery.status).toBe('out_for_delivery');
    // A retried callback applies once.
    expect((await notify(dada.move(order.id, 3))).json()).toEqual({ applied: false });
    expect((await notify(dada.move(order.id, 4))).json()).toEqual({ applied: true });
    expect(await mine(resident, order.id)).toMatchObject({
      reservationStatus: 'picked_up',
      delivery: { status: 'delivered' },
    });
    expect(await inbox(resident)).toEqual(expect.arrayContaining(['delivery_out', 'delivery_delivered']));
    expect((await notify({ ...dada.move(order.id, 4), order_id: crypto.randomUUID() })).statusCode).toBe(401);
  });
});
