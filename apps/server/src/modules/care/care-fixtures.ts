// Test factories for the care tests: an approved pharmacy with a pharmacist, users as policy actors.
import { expect } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.ts';
import { NANSHAN } from '../../testing/test-app.ts';
import { creditCheckCharacter } from '../pharmacies/index.ts';

let n = 0;
const DAY = [{ open: '00:00', close: '24:00' }];

/** A pharmacy applied for by `owner` and approved by `admin` (the pharmacies tests' factory, by HTTP). */
export async function approvedPharmacy(owner: Client, admin: Client, name: string) {
  n += 1;
  const first17 = `91440305${String(process.pid % 1000).padStart(3, '0')}${String(500000 + n).padStart(6, '0')}`;
  const res = await owner.post('/api/v1/pharmacies', {
    name,
    contactName: '李店长',
    contactPhone: '13900000002',
    creditCode: first17 + creditCheckCharacter(first17),
    licenceNumber: `粤DA0305${String((process.pid * 13 + 500 + n) % 100000).padStart(5, '0')}`,
    address: '深圳市南山区科技园南路 1 号',
    location: NANSHAN,
    hours: [DAY, DAY, DAY, DAY, DAY, DAY, DAY],
    services: ['medical_insurance'],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const decided = await admin.post(`/api/v1/admin/partners/${id}/decision`, { decision: 'approved' });
  expect(decided.statusCode, decided.body).toBe(200);
  return id;
}

/** An approved pharmacy owned by `owner`, with a new resident added as its pharmacist. */
export async function pharmacyWithPharmacist(t: TestApp, owner: Client, admin: Client, name = '南山大药房') {
  const id = await approvedPharmacy(owner, admin, name);
  const pharmacist = await t.as.resident();
  n += 1;
  const added = await owner.post(`/api/v1/partners/${id}/pharmacy/pharmacists`, {
    phone: pharmacist.phone,
    certificateNumber: `ZY4403${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(4, '0')}`,
  });
  expect(added.statusCode, added.body).toBe(200);
  return { id, pharmacist };
}

/** The account behind a client, as the policy sees it. */
export async function actorOf(client: Client) {
  const res = await client.get('/api/v1/me');
  expect(res.statusCode, res.body).toBe(200);
  const me = res.json();
  return { id: me.id as string, role: me.role as 'resident' | 'moderator' | 'admin' };
}

/** Consents to the health record (the separate consent) and checks it took. */
export async function consentToHealthRecord(client: Client) {
  const res = await client.post('/api/v1/me/health/consent', { agree: true });
  expect(res.statusCode, res.body).toBe(200);
}
