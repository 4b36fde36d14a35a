import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { createGroup, type Institution, institution } from './community-fixtures.ts';
import { createCampaign, followInvite, inviteToken, mine, verify } from './referral-fixtures.ts';

// Each test walks a whole journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

type Reviewed = { id: string; status: string; reason: string | null; inviter: string; invitee: string };

describe('referral fraud checks and the operator’s review', () => {
  let t: TestApp;
  let inst: Institution;
  beforeEach(async () => {
    t = await testApp();
    inst = await institution(t);
  });
  afterEach(() => t.close());
  const base = (campaignId: string) =>
    `/api/v1/partners/${inst.id}/community/referral-campaigns/${campaignId}`;
  const review = async (campaignId: string, status?: string) => {
    const res = await inst.owner.get(`${base(campaignId)}/referrals${status ? `?status=${status}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Reviewed[];
  };

  test('a self-invite is held with its reason and does not count, whatever the inviter does', async () => {
    const campaign = await createCampaign(t, inst);
    const alice = await t.as.resident();
    const token = await inviteToken(alice, campaign.id);
    const ticket = (await alice.get(`/api/v1/invites/${token}`)).json().ticket;
    const res = await alice.post('/api/v1/invites/claim', { ticket });
    expect(res.statusCode, res.body).toBe(200);
    // The person claiming is not told how the rules see them.
    expect(res.json().status).toBe('pending');
    await alice.createNeed();
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 0, points: 0 });
    const held = await review(campaign.id, 'held');
    expect(held).toMatchObject([{ status: 'held', reason: 'self_invite', inviter: '测**', invitee: '测**' }]);

    const rejected = await inst.owner.post(`${base(campaign.id)}/referrals/${held[0]?.id}/decision`, {
      action: 'reject',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    // Decided once: a second decision is refused and changes nothing.
    const again = await inst.owner.post(`${base(campaign.id)}/referrals/${held[0]?.id}/decision`, {
      action: 'approve',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('referral_not_held');
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 0 });
  });

  test('the invite after the farm limit from one address within the window is held; later ones are not', async () => {
    const campaign = await createCampaign(t, inst, { farmLimit: 2, farmWindowMinutes: 10 });
    const alice = await t.as.resident();
    const token = await inviteToken(alice, campaign.id);
    const ip = '10.99.0.7';
    const invitees = [];
    for (let i = 0; i < 3; i++) invitees.push((await followInvite(t, token, { ip })).invitee);
    const all = await review(campaign.id);
    expect(all.map((r) => r.reason).sort()).toEqual(['address_farm', null, null]);
    // The held one does not count even when it does everything right; the other two do.
    for (const invitee of invitees) {
      await verify(t, invitee);
      await invitee.createNeed();
    }
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 2, pending: 1 });

    // After the window, the same address may invite again.
    t.clock.advance(11 * 60_000);
    await followInvite(t, token, { ip });
    expect((await review(campaign.id, 'held')).length).toBe(1);

    // The operator approves the held one: it counts at once, since its invitee already did it all.
    const [held] = await review(campaign.id, 'held');
    const approved = await inst.owner.post(`${base(campaign.id)}/referrals/${held?.id}/decision`, {
      action: 'approve',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('counted');
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 3, points: 30 });
  });

  test('one device id from several addresses is a farm too; only its keyed hash is stored', async () => {
    const campaign = await createCampaign(t, inst, { farmLimit: 1 });
    const alice = await t.as.resident();
    const token = await inviteToken(alice, campaign.id);
    await followInvite(t, token, { deviceId: 'device-0001-abcdef' });
    await followInvite(t, token, { deviceId: 'device-0001-abcdef' });
    await followInvite(t, token, { deviceId: 'device-0002-abcdef' });
    expect((await review(campaign.id, 'held')).map((r) => r.reason)).toEqual(['device_farm']);
    const stored = await selectRows<{ ip_hash: string; device_hash: string }>(
      t.store.db,
      sql`SELECT ip_hash, device_hash FROM referrals`,
    );
    for (const r of stored) {
      expect(r.ip_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.device_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(r)).not.toContain('device-0001');
      expect(JSON.stringify(r)).not.toContain('10.');
    }
  });

  test('an invitee already referred is held, and that hold can only be rejected', async () => {
    const first = await createCampaign(t, inst);
    const second = await createCampaign(t, inst, { name: '第二期邀请' });
    const alice = await t.as.resident();
    const carol = await t.as.resident();
    const aliceTicket = (
      await t.as.anonymous().get(`/api/v1/invites/${await inviteToken(alice, first.id)}`)
    ).json().ticket;
    const carolTicket = (
      await t.as.anonymous().get(`/api/v1/invites/${await inviteToken(carol, second.id)}`)
    ).json().ticket;
    t.clock.advance(1000);
    const bob = await t.as.resident({ verified: false });
    expect((await bob.post('/api/v1/invites/claim', { ticket: aliceTicket })).statusCode).toBe(200);
    // The same claim again answers the same and stores nothing more.
    expect((await bob.post('/api/v1/invites/claim', { ticket: aliceTicket })).statusCode).toBe(200);
    expect((await bob.post('/api/v1/invites/claim', { ticket: carolTicket })).statusCode).toBe(200);
    await verify(t, bob);
    await bob.createNeed();
    expect(await mine(alice, first.id)).toMatchObject({ counted: 1 });
    expect(await mine(carol, second.id)).toMatchObject({ counted: 0 });
    const [held] = await review(second.id, 'held');
    expect(held?.reason).toBe('already_referred');
    const approve = await inst.owner.post(`${base(second.id)}/referrals/${held?.id}/decision`, {
      action: 'approve',
    });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().error.code).toBe('referral_not_approvable');
    expect(await mine(carol, second.id)).toMatchObject({ counted: 0 });
  });

  test('an operator of another institution is refused everywhere and changes nothing', async () => {
    const group = await createGroup(inst);
    const campaign = await createCampaign(t, inst);
    const alice = await t.as.resident();
    await followInvite(t, await inviteToken(alice, campaign.id), { ip: '10.99.0.8' });
    const other = await institution(t, '福田区华强北街道办事处');
    const otherBase = `/api/v1/partners/${other.id}/community/referral-campaigns`;
    // Their own workspace with our campaign's id, and ours directly: both 404.
    expect((await other.owner.get(`${otherBase}/${campaign.id}/referrals`)).statusCode).toBe(404);
    expect((await other.owner.patch(`${otherBase}/${campaign.id}`, { closed: true })).statusCode).toBe(404);
    expect((await other.owner.get(`${base(campaign.id)}/referrals`)).statusCode).toBe(404);
    const [pending] = await review(campaign.id);
    const decide = await other.owner.post(`${otherBase}/${campaign.id}/referrals/${pending?.id}/decision`, {
      action: 'reject',
    });
    expect(decide.statusCode).toBe(404);
    // A campaign of theirs cannot use our group.
    const stolen = await other.owner.post(otherBase, {
      name: '借用别人的群',
      startsAt: t.clock.now().toISOString(),
      endsAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
      firstAction: 'join_group',
      groupId: group.id,
    });
    expect(stolen.statusCode).toBe(404);
    expect((await other.owner.get(otherBase)).json().items).toEqual([]);
    // A viewer of our institution reads but cannot create.
    const viewer = await inst.member('viewer');
    expect((await viewer.get(`/api/v1/partners/${inst.id}/community/referral-campaigns`)).statusCode).toBe(
      200,
    );
    const denied = await viewer.post(`/api/v1/partners/${inst.id}/community/referral-campaigns`, {
      name: '观察员建的活动',
      startsAt: t.clock.now().toISOString(),
      endsAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
      firstAction: 'first_post',
    });
    expect(denied.statusCode).toBe(403);
    expect((await review(campaign.id)).map((r) => r.status)).toEqual(['pending']);
  });

  test('bad campaign input is a 400 and creates nothing', async () => {
    const url = `/api/v1/partners/${inst.id}/community/referral-campaigns`;
    const now = t.clock.now().getTime();
    for (const body of [
      {
        name: '无群',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 1e6).toISOString(),
        firstAction: 'join_group',
      },
      {
        name: '倒序',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now - 1e6).toISOString(),
        firstAction: 'first_post',
      },
      {
        name: '送药',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 1e6).toISOString(),
        firstAction: 'first_post',
        rewardMedicine: 'ibuprofen-tablet',
      },
    ]) {
      const res = await inst.owner.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect((await inst.owner.get(url)).json().items).toEqual([]);
  });
});
