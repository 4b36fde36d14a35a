// A pharmacy institution for the tests of modules that serve one (care, community): applied for by
// `owner` and approved by `admin` through HTTP, as a real pharmacy would be. The pharmacies module's
// own tests keep theirs (pharmacy-fixtures.ts), which also builds bodies for refused applications.
import { expect } from 'vitest';
import { creditCheckCharacter } from '../modules/pharmacies/index.ts';
import { type Client, NANSHAN } from './test-app.ts';

let n = 0;
const DAY = [{ open: '00:00', close: '24:00' }];

/** Returns the approved pharmacy's partner id; credit code and licence are new on every call. */
export async function approvedPharmacy(owner: Client, admin: Client, name: string): Promise<string> {
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
