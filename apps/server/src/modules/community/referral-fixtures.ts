// Test factories for referral campaigns: a campaign, an inviter's link, an invitee who follows it.
import { expect } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.ts';
import type { Institution } from './community-fixtures.ts';

export const DAY_MS = 86_400_000;

export async function createCampaign(t: TestApp, inst: Institution, over: Record<string, unknown> = {}) {
  const now = t.clock.now().getTime();
  const res = await inst.owner.post(`/api/v1/partners/${inst.id}/community/referral-campaigns`, {
    name: '邀请邻居加入防疫群',
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 7 * DAY_MS).toISOString(),
    firstAction: 'first_post',
    rewardPoints: 10,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; groupId: string | null };
}

/** The inviter's personal link token (the inviter must be verified). */
export async function inviteToken(inviter: Client, campaignId: string) {
  const res = await inviter.get(`/api/v1/referral-campaigns/${campaignId}/me`);
  expect(res.statusCode, res.body).toBe(200);
  const url = res.json().link?.url as string;
  expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{24}$/);
  return url.split('/').at(-1) as string;
}

/** Opens the link (a ticket), then signs up a new, unverified account that claims it. */
export async function followInvite(
  t: TestApp,
  token: string,
  opts: { ip?: string; deviceId?: string | null } = {},
) {
  const preview = await t.as.anonymous(opts.ip).get(`/api/v1/invites/${token}`);
  expect(preview.statusCode, preview.body).toBe(200);
  t.clock.advance(1000);
  const invitee = await t.as.resident({ verified: false, ...(opts.ip ? { ip: opts.ip } : {}) });
  const claim = await invitee.post('/api/v1/invites/claim', {
    ticket: preview.json().ticket,
    deviceId: opts.deviceId ?? null,
  });
  expect(claim.statusCode, claim.body).toBe(200);
  return { invitee, claim: claim.json() as { status: string } };
}

export async function verify(t: TestApp, c: Client, name = '李四') {
  const res = await c.post('/api/v1/me/verification', { name, idNumber: t.newIdNumber() });
  expect(res.statusCode, res.body).toBe(200);
}

export async function mine(c: Client, campaignId: string) {
  const res = await c.get(`/api/v1/referral-campaigns/${campaignId}/me`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { counted: number; pending: number; rank: number | null; points: number };
}
