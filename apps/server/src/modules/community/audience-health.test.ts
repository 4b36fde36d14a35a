import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { count, groupOf, join, pharmacyInstitution, preview, tag } from './audience-fixtures.ts';

// Each test walks a journey through HTTP on one fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
let owner: Client;
let admin: Client;
let partnerId: string;
let otherPharmacy: string;

beforeAll(async () => {
  t = await testApp();
  ({ id: partnerId, owner, admin } = await pharmacyInstitution(t, '南山大药房'));
  ({ id: otherPharmacy } = await pharmacyInstitution(t, '福田大药房'));
});
afterAll(() => t.close());

/** A resident in our group with `condition` in their record, sharing `parts` with `pharmacyId` (or not). */
async function resident(
  group: { token: string },
  condition: string,
  share?: { pharmacyId: string; parts: string[] },
) {
  const r = await t.as.resident();
  await join(r, group);
  expect((await r.post('/api/v1/me/health/consent', { agree: true })).statusCode).toBe(200);
  const entry = await r.post('/api/v1/me/health/entries', { value: { part: 'conditions', condition } });
  expect(entry.statusCode, entry.body).toBeLessThan(300);
  let grantId: string | undefined;
  if (share) {
    const res = await r.post('/api/v1/me/health/shares', { ...share, days: 30 });
    expect(res.statusCode, res.body).toBe(201);
    grantId = res.json().id;
  }
  return { r, grantId };
}

const reads = async (r: Client) =>
  (await r.get('/api/v1/me/health/reads')).json().items as { purpose: string; pharmacyName: string }[];

test('a condition counts only where the share to this institution is active and covers conditions; revoking drops the person', async () => {
  const group = await groupOf(owner, partnerId);
  const shared = await resident(group, 'hypertension', { pharmacyId: partnerId, parts: ['conditions'] });
  const elsewhere = await resident(group, 'hypertension', {
    pharmacyId: otherPharmacy,
    parts: ['conditions'],
  });
  const notCovered = await resident(group, 'hypertension', { pharmacyId: partnerId, parts: ['medicines'] });
  const unshared = await resident(group, 'hypertension');
  await resident(group, 'diabetes', { pharmacyId: partnerId, parts: ['conditions'] });

  const htn = await tag(owner, partnerId, '高血压', { kind: 'health_condition', condition: 'hypertension' });
  // Listing tags does not read health data: the count waits for a preview.
  expect(htn.members).toBeNull();
  expect(await count(owner, partnerId, [htn.id])).toBe(1);

  // The read is in the audit the resident sees, for the shares it used, and nowhere else.
  expect((await reads(shared.r)).map((x) => [x.purpose, x.pharmacyName])).toEqual([
    ['audience', '南山大药房'],
  ]);
  for (const who of [elsewhere.r, notCovered.r, unshared.r]) expect(await reads(who)).toEqual([]);

  const revoked = await shared.r.post(`/api/v1/me/health/shares/${shared.grantId}/revoke`);
  expect(revoked.statusCode, revoked.body).toBe(200);
  expect(await count(owner, partnerId, [htn.id])).toBe(0);

  // and / or with a group tag: the group has six members, the condition none now.
  const members = await tag(owner, partnerId, '群成员', { kind: 'group', groupId: group.id });
  expect(await count(owner, partnerId, [htn.id, members.id], 'any')).toBe(5);
  expect(await count(owner, partnerId, [htn.id, members.id], 'all')).toBe(0);
});

test('platform staff never evaluate a health rule, even as an admin who sees every partner', async () => {
  const htn = await tag(owner, partnerId, '糖尿病', { kind: 'health_condition', condition: 'diabetes' });
  const res = await preview(admin, partnerId, [htn.id]);
  expect(res.statusCode).toBe(403);
  expect(res.json().error.code).toBe('health_access_denied');
});
