// Test factories for the care tests: an approved pharmacy with a pharmacist, users as policy actors.
import { expect } from 'vitest';
import { approvedPharmacy } from '../../testing/approved-pharmacy.ts';
import type { Client, TestApp } from '../../testing/test-app.ts';
import { NANSHAN } from '../../testing/test-app.ts';

let certificates = 0;

/** An approved pharmacy owned by `owner`, with a new resident added as its pharmacist. */
export async function pharmacyWithPharmacist(t: TestApp, owner: Client, admin: Client, name = '南山大药房') {
  const id = await approvedPharmacy(owner, admin, name);
  const pharmacist = await t.as.resident();
  certificates += 1;
  const added = await owner.post(`/api/v1/partners/${id}/pharmacy/pharmacists`, {
    phone: pharmacist.phone,
    certificateNumber: `ZY4403${String(process.pid % 1000).padStart(3, '0')}${String(certificates).padStart(4, '0')}`,
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
