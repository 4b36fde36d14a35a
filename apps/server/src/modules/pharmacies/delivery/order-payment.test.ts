import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WechatPayClient } from '../../../platform/vendors/wechat-pay.ts';
import { type FakeWechatPay, startFakeWechatPay } from '../../../platform/vendors/wechat-pay-fake.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../../testing/test-app.ts';
import { approvedPharmacy, setStock } from '../pharmacy-fixtures.ts';

let t: TestApp;
let wx: FakeWechatPay;
let owner: Client;
let admin: Client;
let pharmacy: string;
beforeAll(async () => {
  wx = await startFakeWechatPay();
  t = await testApp({ deps: { wechatPay: new WechatPayClient(wx.options) } });
  [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  pharmacy = await approvedPharmacy(t, owner, admin);
  const set = await owner.put(`/api/v1/partners/${pharmacy}/pharmacy/ordering`, {
    deliveryRadiusKm: 5,
    deliveryFeeFen: 500,
    onlinePayment: true,
    prices: [
      { medicineId: 'antigen-test-single', priceFen: 1280 },
      { medicineId: 'ibuprofen-tablet', priceFen: 1590 },
    ],
  });
  expect(set.statusCode, set.body).toBe(200);
});
afterAll(async () => {
  await t.close();
  await wx.close();
});

const NEAR = { lat: NANSHAN.lat + 0.005, lng: NANSHAN.lng + 0.005 };
const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await t.store.db.execute(q)) as unknown as { rows: T[] }).rows;
/** A verified resident who opened MedRelay in WeChat (an openid, as the mini program login gives). */
async function wechatResident() {
  const r = await t.as.resident();
  const me = (await r.get('/api/v1/me')).json() as { id: string };
  await t.store.db.execute(
    sql`UPDATE users SET wechat_openid = ${`o${randomUUID().replaceAll('-', '')}`} WHERE id = ${me.id}`,
  );
  return r;
}
const deliverOnline = (who: Client, items: { medicineId: string; quantity: number }[], at = pharmacy) =>
  who.post(`/api/v1/pharmacies/${at}/deliveries`, {
    items,
    location: NEAR,
    addressLine: '科技园南区 3 栋 1201',
    phone: '13812345678',
    payment: 'online',
  });
const notify = (n: { headers: Record<string, string>; body: string }) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/wechat/notify',
    headers: n.headers,
    payload: n.body,
  });
const ledger = async (orderId: string) =>
  rows<{ kind: string; amount_fen: number }>(
    sql`SELECT l.kind, l.amount_fen FROM payment_ledger l JOIN payments p ON p.id = l.payment_id
      WHERE p.order_id = ${orderId} ORDER BY l.created_at`,
  );
const refund = (id: string, amountFen: number, key: string, who = owner, at = pharmacy) =>
  who.post(`/api/v1/partners/${at}/pharmacy/orders/${id}/refund`, { amountFen }, { 'idempotency-key': key });

describe('online payment of pharmacy orders (WeChat Pay API v3, local fake)', () => {
  test('the ordering page shows prices and online payment; the square never carries a price', async () => {
    const view = (await t.as.anonymous().get(`/api/v1/pharmacies/${pharmacy}/ordering`)).json();
    expect(view).toMatchObject({ onlinePayment: true, deliveryFeeFen: 500, deliveryRadiusKm: 5 });
    expect(view.prices).toEqual(expect.arrayContaining([{ medicineId: 'ibuprofen-tablet', priceFen: 1590 }]));
    const page = await t.as.anonymous().get(`/api/v1/pharmacies/${pharmacy}`);
    expect(page.body).not.toContain('1590');
    const square = await t.as.anonymous().get(`/api/v1/posts?near=${NANSHAN.lat},${NANSHAN.lng}`);
    expect(square.body).not.toMatch(/priceFen|1590/);
  });

  test('pay a delivery: signed JSAPI params, the callback marks it paid once, a forged one is refused', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 10 }]);
    const resident = await wechatResident();
    const order = (await deliverOnline(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 2 }])).json();
    expect(order).toMatchObject({ paymentChoice: 'online', totalFen: 2 * 1590 + 500, payment: null });
    const pay = await resident.post(`/api/v1/me/pharmacy-orders/${order.id}/pay`);
    expect(pay.statusCode, pay.body).toBe(200);
    expect(pay.json().payment).toMatchObject({ status: 'pending', amountFen: 3680, paidFen: 0 });
    expect(pay.json().wechat).toMatchObject({ appId: wx.options.appid, signType: 'RSA' });
    expect(pay.json().wechat.package).toMatch(/^prepay_id=wx/);
    const outTradeNo = order.id.replaceAll('-', '');
    expect(wx.orders.get(outTradeNo)?.total).toBe(3680);
    // A second tap reopens the same payment.
    expect((await resident.post(`/api/v1/me/pharmacy-orders/${order.id}/pay`)).json().payment.amountFen).toBe(
      3680,
    );

    const paid = wx.pay(outTradeNo);
    // Forged: the body altered after signing, or signed with another key: refused, nothing changes.
    const altered = await notify({
      ...paid,
      body: paid.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" '),
    });
    expect(altered.statusCode).toBe(401);
    expect(altered.json().error.code).toBe('callback_signature_invalid');
    const noHeaders = await notify({ headers: { 'content-type': 'application/json' }, body: paid.body });
    expect(noHeaders.statusCode).toBe(401);
    expect((await resident.get(`/api/v1/me/pharmacy-orders/${order.id}`)).json().payment.status).toBe(
      'pending',
    );

    expect((await notify(paid)).statusCode).toBe(204);
    // WeChat Pay retries a notice it thinks was lost: applied once.
    expect((await notify(paid)).statusCode).toBe(204);
    expect(await ledger(order.id)).toEqual([{ kind: 'charge', amount_fen: 3680 }]);
    const after = (await resident.get(`/api/v1/me/pharmacy-orders/${order.id}`)).json();
    expect(after.payment).toMatchObject({ status: 'paid', paidFen: 3680, refundedFen: 0 });
    const again = await resident.post(`/api/v1/me/pharmacy-orders/${order.id}/pay`);
    expect(again.json().error.code).toBe('already_paid');
    // The pharmacy sees the payment beside its queue.
    const list = (await owner.get(`/api/v1/partners/${pharmacy}/pharmacy/payments`)).json();
    expect(list.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ orderId: order.id, status: 'paid' })]),
    );
  });

  test('refunds: never above what was paid, once per key, and the rest when the resident cancels', async () => {
    await setStock(owner, pharmacy, [
      { medicineId: 'antigen-test-single', status: 'in_stock', quantity: 10 },
    ]);
    const resident = await wechatResident();
    const order = (
      await deliverOnline(resident, [{ medicineId: 'antigen-test-single', quantity: 2 }])
    ).json();
    await resident.post(`/api/v1/me/pharmacy-orders/${order.id}/pay`);
    expect((await notify(wx.pay(order.id.replaceAll('-', '')))).statusCode).toBe(204);
    const total = 2 * 1280 + 500;

    const above = await refund(order.id, total + 1, 'refund-above-1');
    expect(above.statusCode).toBe(409);
    expect(above.json().error).toMatchObject({
      code: 'refund_above_paid',
      details: { refundableFen: total },
    });
    expect(wx.refunds.size).toBe(0);

    const part = await refund(order.id, 500, 'refund-fee-0001');
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json()).toMatchObject({ status: 'partly_refunded', refundedFen: 500 });
    // A double tap (same key) refunds once.
    expect((await refund(order.id, 500, 'refund-fee-0001')).json().refundedFen).toBe(500);
    expect(wx.refunds.size).toBe(1);
    expect((await refund(order.id, total, 'refund-too-much')).json().error.code).toBe('refund_above_paid');
    // Staff of another pharmacy cannot refund it.
    const strangerOwner = await t.as.resident();
    const theirs = await approvedPharmacy(t, strangerOwner, admin);
    expect((await refund(order.id, 100, 'refund-stranger', strangerOwner, theirs)).statusCode).toBe(404);
    expect((await refund(order.id, 100, 'refund-stranger', strangerOwner, pharmacy)).statusCode).toBe(404);
    // No key, no refund.
    const noKey = await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/orders/${order.id}/refund`, {
      amountFen: 100,
    });
    expect(noKey.statusCode).toBe(400);

    const cancelled = await resident.post(`/api/v1/me/pharmacy-orders/${order.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().payment).toMatchObject({
      status: 'refunded',
      paidFen: total,
      refundedFen: total,
    });
    expect((await ledger(order.id)).map((l) => l.kind)).toEqual(['charge', 'refund', 'refund']);
    const inbox = (await resident.get('/api/v1/me/notifications'))
      .json()
      .items.map((n: { type: string }) => n.type);
    expect(inbox).toContain('order_refunded');
  });

  test('ten copies of one callback at once, and five refund taps at once, each apply once', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 10 }]);
    const resident = await wechatResident();
    const order = (await deliverOnline(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }])).json();
    await resident.post(`/api/v1/me/pharmacy-orders/${order.id}/pay`);
    const paid = wx.pay(order.id.replaceAll('-', ''));
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(paid)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(204));
    expect(await ledger(order.id)).toEqual([{ kind: 'charge', amount_fen: 2090 }]);
    const refunds = await Promise.all(
      Array.from({ length: 5 }, () => refund(order.id, 300, 'double-tap-000001')),
    );
    expect(refunds.map((r) => r.statusCode)).toEqual(Array(5).fill(200));
    expect((await ledger(order.id)).map((l) => l.kind)).toEqual(['charge', 'refund']);
    const [p] = await rows<{ refunded_fen: number; paid_fen: number }>(
      sql`SELECT refunded_fen, paid_fen FROM payments WHERE order_id = ${order.id}`,
    );
    expect(p).toEqual({ refunded_fen: 300, paid_fen: 2090 });
  });

  test('a pickup reservation paid online is refunded when the pharmacy declines it', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 10 }]);
    const resident = await wechatResident();
    const r = (
      await resident.post(`/api/v1/pharmacies/${pharmacy}/reservations`, {
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 }],
      })
    ).json();
    const pay = await resident.post(`/api/v1/me/pharmacy-orders/${r.id}/pay`);
    expect(pay.statusCode, pay.body).toBe(200);
    expect(pay.json().payment.amountFen).toBe(1590);
    expect((await notify(wx.pay(r.id.replaceAll('-', '')))).statusCode).toBe(204);
    expect(
      (await owner.post(`/api/v1/partners/${pharmacy}/pharmacy/reservations/${r.id}/decline`)).statusCode,
    ).toBe(204);
    const after = (await resident.get(`/api/v1/me/pharmacy-orders/${r.id}`)).json();
    expect(after).toMatchObject({
      fulfilment: 'pickup',
      reservationStatus: 'declined',
      paymentChoice: 'online',
    });
    expect(after.payment).toMatchObject({ status: 'refunded', refundedFen: 1590 });
  });

  test('no online payment where the pharmacy has not enabled it, an item has no price, or there is no openid', async () => {
    await setStock(owner, pharmacy, [{ medicineId: 'n95-mask', status: 'in_stock', quantity: 10 }]);
    const resident = await wechatResident();
    const unpriced = await deliverOnline(resident, [{ medicineId: 'n95-mask', quantity: 1 }]);
    expect(unpriced.statusCode).toBe(409);
    expect(unpriced.json().error.code).toBe('price_missing');

    const phoneOnly = await t.as.resident();
    const order = (await deliverOnline(phoneOnly, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }])).json();
    const noOpenid = await phoneOnly.post(`/api/v1/me/pharmacy-orders/${order.id}/pay`);
    expect(noOpenid.json().error.code).toBe('wechat_openid_missing');
    expect(await ledger(order.id)).toEqual([]);

    const otherOwner = await t.as.resident();
    const offline = await approvedPharmacy(t, otherOwner, admin);
    await otherOwner.put(`/api/v1/partners/${offline}/pharmacy/ordering`, {
      deliveryRadiusKm: 5,
      prices: [{ medicineId: 'ibuprofen-tablet', priceFen: 1500 }],
    });
    await setStock(otherOwner, offline, [
      { medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 5 },
    ]);
    expect((await t.as.anonymous().get(`/api/v1/pharmacies/${offline}/ordering`)).json().onlinePayment).toBe(
      false,
    );
    const refused = await deliverOnline(resident, [{ medicineId: 'ibuprofen-tablet', quantity: 1 }], offline);
    expect(refused.json().error.code).toBe('online_payment_not_offered');
    const cash = await resident.post(`/api/v1/pharmacies/${offline}/deliveries`, {
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 }],
      location: NEAR,
      addressLine: '科技园南区 3 栋 1201',
      phone: '13812345678',
    });
    expect(cash.statusCode).toBe(201);
    expect((await resident.post(`/api/v1/me/pharmacy-orders/${cash.json().id}/pay`)).json().error.code).toBe(
      'online_payment_not_offered',
    );
  });

  test('without a payment provider configured, online payment is not offered at all', async () => {
    const plain = await testApp();
    try {
      const o = await plain.as.resident();
      const a = await plain.as.resident();
      await plain.setRole(a, 'admin');
      const id = await approvedPharmacy(plain, o, a);
      await o.put(`/api/v1/partners/${id}/pharmacy/ordering`, { deliveryRadiusKm: 5, onlinePayment: true });
      expect((await plain.as.anonymous().get(`/api/v1/pharmacies/${id}/ordering`)).json().onlinePayment).toBe(
        false,
      );
      const n = await plain.app.inject({
        method: 'POST',
        url: '/api/v1/payments/wechat/notify',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(n.statusCode).toBe(401);
    } finally {
      await plain.close();
    }
  });
});
