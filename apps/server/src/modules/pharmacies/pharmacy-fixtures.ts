// Test factories for the pharmacy tests: an applied (and, if asked, approved) pharmacy in Nanshan.
import { expect } from 'vitest';
import { type Client, NANSHAN, type TestApp } from '../../testing/test-app.ts';
import { creditCheckCharacter } from './licences.ts';

const DAY = [{ open: '00:00', close: '24:00' }];
export const ALWAYS_OPEN = [DAY, DAY, DAY, DAY, DAY, DAY, DAY];

let n = 0;
/** A well-formed credit code and licence number, new on every call. */
export function newLicences() {
  n += 1;
  const first17 = `91440305${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(6, '0')}`;
  return {
    creditCode: first17 + creditCheckCharacter(first17),
    licenceNumber: `粤DA0305${String((process.pid * 7 + n) % 100000).padStart(5, '0')}`,
  };
}

export const applyBody = (over: Record<string, unknown> = {}) => ({
  name: '南山大药房',
  contactName: '李店长',
  contactPhone: '13900000002',
  ...newLicences(),
  address: '深圳市南山区科技园南路 1 号',
  location: NANSHAN,
  hours: ALWAYS_OPEN,
  services: ['medical_insurance'],
  ...over,
});

/** A pharmacy applied for by `owner` and approved by `admin`; returns its id. */
export async function approvedPharmacy(
  t: TestApp,
  owner: Client,
  admin: Client,
  over: Record<string, unknown> = {},
) {
  const res = await owner.post('/api/v1/pharmacies', applyBody(over));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const decided = await admin.post(`/api/v1/admin/partners/${id}/decision`, { decision: 'approved' });
  expect(decided.statusCode, decided.body).toBe(200);
  return id;
}

export async function setStock(owner: Client, id: string, items: Record<string, unknown>[]) {
  const res = await owner.put(`/api/v1/partners/${id}/pharmacy/stock`, { items });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { medicineId: string; status: string; reservable: number }[];
}

export { NANSHAN };
