// Test factories for segments: an approved pharmacy (so every rule applies), residents joining its
// groups, sessions and membership, tags and audiences through HTTP.
import { expect } from 'vitest';
import { approvedPharmacy } from '../../testing/approved-pharmacy.ts';
import { type Client, NANSHAN, type TestApp } from '../../testing/test-app.ts';

export async function pharmacyInstitution(t: TestApp, name = '南山大药房') {
  const owner = await t.as.resident();
  const admin = await t.as.resident();
  await t.setRole(admin, 'admin');
  const id = await approvedPharmacy(owner, admin, name);
  return { id, owner, admin };
}

export const ws = (partnerId: string) => `/api/v1/partners/${partnerId}/community`;

export async function groupOf(owner: Client, partnerId: string, name = '高血压之家') {
  const res = await owner.post(`${ws(partnerId)}/groups`, {
    name,
    kind: 'topic',
    description: '血压管理',
    rules: '不发广告，不卖药。',
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json() as { id: string; joinPath: string };
  return { id: body.id, token: body.joinPath.split('/').at(-1) as string };
}

export async function join(who: Client, group: { token: string }, nickname?: string) {
  const res = await who.post(
    `/api/v1/groups/join/${group.token}`,
    nickname ? { nickname, showName: true } : {},
  );
  expect(res.statusCode, res.body).toBe(200);
}

export async function joinPharmacy(who: Client, partnerId: string) {
  const res = await who.post(`/api/v1/pharmacies/${partnerId}/membership`);
  expect(res.statusCode, res.body).toBe(200);
}

export async function tag(owner: Client, partnerId: string, name: string, rule?: Record<string, unknown>) {
  const res = await owner.post(`${ws(partnerId)}/tags`, rule ? { name, rule } : { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; members: { count: number | null } | null };
}

export async function preview(
  who: Client,
  partnerId: string,
  tagIds: string[],
  match: 'all' | 'any' = 'all',
  regionPrefix?: string,
) {
  return who.post(`${ws(partnerId)}/audiences/preview`, {
    match,
    tagIds,
    ...(regionPrefix ? { regionPrefix } : {}),
  });
}

export async function count(
  who: Client,
  partnerId: string,
  tagIds: string[],
  match: 'all' | 'any' = 'all',
  region?: string,
) {
  const res = await preview(who, partnerId, tagIds, match, region);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { count: number | null }).count;
}
