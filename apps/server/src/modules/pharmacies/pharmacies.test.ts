import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { applyBody, approvedPharmacy, NANSHAN, newLicences, setStock } from './pharmacy-fixtures.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
beforeAll(async () => {
  t = await testApp();
  [owner, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
});
afterAll(() => t.close());

describe('a pharmacy applies and an admin approves it', () => {
  test('the application stores licences and store; the partner is a pending pharmacy', async () => {
    const res = await owner.post('/api/v1/pharmacies', applyBody());
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      status: 'pending',
      services: ['medical_insurance'],
      districtCode: '440305',
      openNow: true,
    });
    const partner = (await owner.get(`/api/v1/partners/${p.id}`)).json();
    expect(partner).toMatchObject({
      type: 'pharmacy',
      status: 'pending',
      myRole: 'owner',
      regionCodes: ['440305'],
    });
    // Not public until approved.
    expect((await t.as.anonymous().get(`/api/v1/pharmacies/${p.id}`)).statusCode).toBe(404);
    // The admin sees the licences to check them, then approves as for any partner.
    const seen = (await admin.get(`/api/v1/partners/${p.id}/pharmacy`)).json();
    expect(seen.creditCode).toBe(p.creditCode);
    expect(
      (await admin.post(`/api/v1/admin/partners/${p.id}/decision`, { decision: 'approved' })).statusCode,
    ).toBe(200);
    expect((await t.as.anonymous().get(`/api/v1/pharmacies/${p.id}`)).json()).toMatchObject({
      name: '南山大药房',
    });
  });

  test.each([
    [{ creditCode: '91440300708461136X' }, 'credit_code_invalid'],
    [{ creditCode: '9144030070846113' }, 'credit_code_invalid'],
    [{ licenceNumber: '粤AA030512345' }, 'drug_licence_invalid'],
    [{ licenceNumber: 'DA030512345' }, 'drug_licence_invalid'],
  ])('a bad licence is refused with a stable code and nothing stored (%o)', async (over, code) => {
    const before = (await owner.get('/api/v1/me/partners')).json().items.length;
    const res = await owner.post('/api/v1/pharmacies', applyBody(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect((await owner.get('/api/v1/me/partners')).json().items.length).toBe(before);
  });

  test('the same credit code cannot register twice, and no half application is left', async () => {
    const licences = newLicences();
    expect((await owner.post('/api/v1/pharmacies', applyBody(licences))).statusCode).toBe(201);
    const before = (await owner.get('/api/v1/me/partners')).json().items.length;
    const again = await owner.post('/api/v1/pharmacies', applyBody({ creditCode: licences.creditCode }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('pharmacy_already_registered');
    expect((await owner.get('/api/v1/me/partners')).json().items.length).toBe(before);
  });

  test('hours say whether it is open now, in Shanghai time', async () => {
    const weekdays = [{ open: '09:00', close: '18:00' }];
    const id = await approvedPharmacy(t, owner, admin, {
      hours: [weekdays, weekdays, weekdays, weekdays, weekdays, [], []],
    });
    t.clock.set(new Date('2026-01-12T02:00:00Z')); // Monday 10:00 in Shanghai
    expect((await t.as.anonymous().get(`/api/v1/pharmacies/${id}`)).json().openNow).toBe(true);
    t.clock.set(new Date('2026-01-12T11:00:00Z')); // Monday 19:00
    expect((await t.as.anonymous().get(`/api/v1/pharmacies/${id}`)).json().openNow).toBe(false);
    t.clock.set(new Date());
  });

  test('the owner edits the profile; a pharmacist is staff with a certificate number', async () => {
    const id = await approvedPharmacy(t, owner, admin);
    const patched = await owner.patch(`/api/v1/partners/${id}/pharmacy`, {
      services: ['delivery', 'open_24h'],
      pickupWindowHours: 4,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await t.as.anonymous().get(`/api/v1/pharmacies/${id}`)).json()).toMatchObject({
      services: ['delivery', 'open_24h'],
      pickupWindowHours: 4,
    });
    const pharmacist = await t.as.resident();
    const added = await owner.post(`/api/v1/partners/${id}/pharmacy/pharmacists`, {
      phone: pharmacist.phone,
      certificateNumber: 'ZY44030512345',
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().items).toEqual([expect.objectContaining({ certificateNumber: 'ZY44030512345' })]);
    // The pharmacist works the stock, but cannot add staff.
    await setStock(pharmacist, id, [{ medicineId: 'ibuprofen-tablet', status: 'in_stock', quantity: 3 }]);
    const byPharmacist = await pharmacist.post(`/api/v1/partners/${id}/pharmacy/pharmacists`, {
      phone: owner.phone,
      certificateNumber: 'ZY44030500000',
    });
    expect(byPharmacist.statusCode).toBe(403);
    expect((await pharmacist.patch(`/api/v1/partners/${id}/pharmacy`, { services: [] })).statusCode).toBe(
      403,
    );
  });
});

describe('residents find pharmacies near them', () => {
  test('nearest first within the radius, with a medicine: only those that have it, no personal data', async () => {
    const near = await approvedPharmacy(t, owner, admin, {
      name: '近的药房',
      location: { lat: NANSHAN.lat + 0.005, lng: NANSHAN.lng },
    });
    const far = await approvedPharmacy(t, owner, admin, {
      name: '远的药房',
      location: { lat: NANSHAN.lat + 0.03, lng: NANSHAN.lng },
    });
    const pending = (await owner.post('/api/v1/pharmacies', applyBody({ name: '待审药房' }))).json().id;
    await setStock(owner, near, [{ medicineId: 'antigen-test-single', status: 'out' }]);
    await setStock(owner, far, [{ medicineId: 'antigen-test-single', status: 'low', quantity: 2 }]);
    const q = `near=${NANSHAN.lat},${NANSHAN.lng}`;
    const all = await t.as.anonymous().get(`/api/v1/pharmacies?${q}&radiusKm=5`);
    expect(all.statusCode).toBe(200);
    const ids = all.json().items.map((p: { id: string }) => p.id);
    expect(ids.indexOf(near)).toBeLessThan(ids.indexOf(far));
    expect(ids).not.toContain(pending);
    expect(all.body).not.toMatch(MOBILE_IN_TEXT);
    expect(all.body).not.toMatch(/contact|credit|licence/i);
    const small = (await t.as.anonymous().get(`/api/v1/pharmacies?${q}&radiusKm=1`))
      .json()
      .items.map((p: { id: string }) => p.id);
    expect(small).toContain(near);
    expect(small).not.toContain(far);
    const withAntigen = (
      await t.as.anonymous().get(`/api/v1/pharmacies?${q}&radiusKm=5&medicineId=antigen-test-single`)
    ).json();
    expect(withAntigen.items.map((p: { id: string }) => p.id)).toContain(far);
    expect(withAntigen.items.map((p: { id: string }) => p.id)).not.toContain(near);
    expect(withAntigen.items.find((p: { id: string }) => p.id === far).stock).toMatchObject({
      status: 'low',
    });
    const bad = await t.as.anonymous().get(`/api/v1/pharmacies?${q}&medicineId=no-such-thing`);
    expect(bad.json().error.code).toBe('unknown_medicine');
  });
});
