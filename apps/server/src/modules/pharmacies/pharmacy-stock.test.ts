import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOUR } from '../../platform/clock.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { approvedPharmacy, setStock } from './pharmacy-fixtures.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
let mine: string;
let theirs: string;
let otherOwner: Client;
beforeAll(async () => {
  t = await testApp();
  [owner, admin, otherOwner] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  mine = await approvedPharmacy(t, owner, admin);
  theirs = await approvedPharmacy(t, otherOwner, admin, { name: '别家药房' });
});
afterAll(() => t.close());

const statusOf = async (id: string, medicineId: string) =>
  (await t.as.anonymous().get(`/api/v1/pharmacies/${id}`))
    .json()
    .stockItems.find((s: { medicineId: string }) => s.medicineId === medicineId);

describe('stock statuses', () => {
  test('one tap sets an item; residents see it with its time; after 24 h it reads unknown', async () => {
    const items = await setStock(owner, mine, [
      { medicineId: 'antigen-test-single', status: 'in_stock', quantity: 20 },
    ]);
    // The workspace lists the whole catalogue, unknown where nothing was set.
    expect(items.length).toBeGreaterThan(20);
    expect(items.find((i) => i.medicineId === 'ibuprofen-tablet')?.status).toBe('unknown');
    expect(await statusOf(mine, 'antigen-test-single')).toMatchObject({
      status: 'in_stock',
      reservable: 20,
      perPersonLimit: 4,
    });
    const setAt = t.clock.now();
    t.clock.advance(23 * HOUR);
    expect((await statusOf(mine, 'antigen-test-single')).status).toBe('in_stock');
    t.clock.advance(1 * HOUR);
    expect(await statusOf(mine, 'antigen-test-single')).toMatchObject({ status: 'unknown', reservable: 0 });
    // Back to the day it was set (the owner's session would have lapsed meanwhile).
    t.clock.set(setAt);
    // A fresh tap without a quantity keeps the units held; 无货 releases them.
    await setStock(owner, mine, [{ medicineId: 'antigen-test-single', status: 'low' }]);
    expect(await statusOf(mine, 'antigen-test-single')).toMatchObject({ status: 'low', reservable: 20 });
    await setStock(owner, mine, [{ medicineId: 'antigen-test-single', status: 'out' }]);
    expect(await statusOf(mine, 'antigen-test-single')).toMatchObject({ status: 'out', reservable: 0 });
  });

  test('a CSV sheet sets many items at once; a bad line refuses the whole sheet', async () => {
    const csv =
      '药品编号,状态,数量,限购\nibuprofen-tablet,有货,100,24\nacetaminophen-tablet,紧张,10\r\nn95-mask,无货\n';
    const res = await owner.post(`/api/v1/partners/${mine}/pharmacy/stock/csv`, { csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(await statusOf(mine, 'ibuprofen-tablet')).toMatchObject({
      status: 'in_stock',
      reservable: 100,
      perPersonLimit: 24,
    });
    expect(await statusOf(mine, 'acetaminophen-tablet')).toMatchObject({ status: 'low', reservable: 10 });
    const bad = await owner.post(`/api/v1/partners/${mine}/pharmacy/stock/csv`, {
      csv: 'ibuprofen-tablet,out\nacetaminophen-tablet,maybe,3\n',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'stock_csv_invalid', details: { line: 2 } });
    expect((await statusOf(mine, 'ibuprofen-tablet')).status).toBe('in_stock');
    const unknown = await owner.put(`/api/v1/partners/${mine}/pharmacy/stock`, {
      items: [{ medicineId: 'no-such-medicine', status: 'in_stock' }],
    });
    expect(unknown.json().error.code).toBe('unknown_medicine');
  });

  test('a partner key with stock:write sets stock; without the scope it is refused', async () => {
    const key = async (scopes: string[]) =>
      (await owner.post(`/api/v1/partners/${mine}/keys`, { name: scopes.join(), scopes })).json()
        .key as string;
    const put = (k: string, items: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/partner/v1/stock',
        headers: { authorization: `Bearer ${k}` },
        payload: { items },
      });
    const ok = await put(await key(['stock:write']), [
      { medicineId: 'ibuprofen-granule', status: 'in_stock', quantity: 6 },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await statusOf(mine, 'ibuprofen-granule')).toMatchObject({ status: 'in_stock', reservable: 6 });
    const noScope = await put(await key(['posts:read']), [
      { medicineId: 'ibuprofen-granule', status: 'out' },
    ]);
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error.code).toBe('scope_missing');
    expect((await statusOf(mine, 'ibuprofen-granule')).status).toBe('in_stock');
    expect((await put('mr_sk_nope', [{ medicineId: 'ibuprofen-granule', status: 'out' }])).statusCode).toBe(
      401,
    );
  });
});

describe("one pharmacy's staff never see or act on another's data", () => {
  test('stock, profile, pharmacists and queue of another pharmacy answer 404 and change nothing', async () => {
    await setStock(otherOwner, theirs, [
      { medicineId: 'antigen-test-5pack', status: 'in_stock', quantity: 3 },
    ]);
    for (const url of ['pharmacy', 'pharmacy/stock', 'pharmacy/pharmacists', 'pharmacy/reservations']) {
      expect((await owner.get(`/api/v1/partners/${theirs}/${url}`)).statusCode, url).toBe(404);
    }
    const put = await owner.put(`/api/v1/partners/${theirs}/pharmacy/stock`, {
      items: [{ medicineId: 'antigen-test-5pack', status: 'out' }],
    });
    expect(put.statusCode).toBe(404);
    expect(
      (await owner.post(`/api/v1/partners/${theirs}/pharmacy/stock/csv`, { csv: 'antigen-test-5pack,out' }))
        .statusCode,
    ).toBe(404);
    expect((await owner.patch(`/api/v1/partners/${theirs}/pharmacy`, { services: [] })).statusCode).toBe(404);
    expect(
      (await owner.post(`/api/v1/partners/${theirs}/pharmacy/handover`, { code: '123456' })).statusCode,
    ).toBe(404);
    expect(await statusOf(theirs, 'antigen-test-5pack')).toMatchObject({ status: 'in_stock', reservable: 3 });
    // A resident who is nobody's staff gets the same.
    const stranger = await t.as.resident();
    expect((await stranger.get(`/api/v1/partners/${mine}/pharmacy/stock`)).statusCode).toBe(404);
  });
});
