import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { createGroup, type Institution, institution } from './community-fixtures.ts';
import { createCampaign, DAY_MS, followInvite, inviteToken, mine, verify } from './referral-fixtures.ts';

// Each test walks a whole journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe('referral campaigns: counting', () => {
  let t: TestApp;
  let inst: Institution;
  beforeEach(async () => {
    t = await testApp();
    inst = await institution(t);
  });
  afterEach(() => t.close());
  const rows = async () =>
    (await selectRows<{ n: number }>(t.store.db, sql`SELECT count(*)::int AS n FROM referrals`))[0]?.n;

  test('an invite counts only once the new account is verified and has joined the group, never before', async () => {
    const group = await createGroup(inst);
    const campaign = await createCampaign(t, inst, { firstAction: 'join_group', groupId: group.id });
    const alice = await t.as.resident();
    const { invitee: bob, claim } = await followInvite(t, await inviteToken(alice, campaign.id));
    expect(claim.status).toBe('pending');
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 0, pending: 1, rank: null, points: 0 });

    // The first action without verification: still not counted.
    const joined = await bob.post(`/api/v1/groups/join/${group.joinPath.split('/').at(-1)}`, {});
    expect(joined.statusCode, joined.body).toBe(200);
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 0, pending: 1 });
    expect((await alice.get(`/api/v1/referral-campaigns/${campaign.id}/leaderboard`)).json().items).toEqual(
      [],
    );

    await verify(t, bob);
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 1, pending: 0, rank: 1, points: 10 });
  });

  test('verified without the first action does not count; the first post makes it count', async () => {
    const campaign = await createCampaign(t, inst, { firstAction: 'first_post' });
    const alice = await t.as.resident();
    const { invitee: bob } = await followInvite(t, await inviteToken(alice, campaign.id));
    await verify(t, bob);
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 0, pending: 1 });
    await bob.createNeed();
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 1, pending: 0 });
  });

  test('an unverified resident has no invite link; an account older than the link does not count', async () => {
    const campaign = await createCampaign(t, inst);
    const unverified = await t.as.resident({ verified: false });
    expect((await unverified.get(`/api/v1/referral-campaigns/${campaign.id}/me`)).json().link).toBeNull();

    const alice = await t.as.resident();
    const old = await t.as.resident({ verified: false });
    t.clock.advance(1000);
    const preview = await old.get(`/api/v1/invites/${await inviteToken(alice, campaign.id)}`);
    const res = await old.post('/api/v1/invites/claim', { ticket: preview.json().ticket });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('referral_not_new_account');
    expect(await rows()).toBe(0);
  });

  test('a forged or unknown token is refused and nothing is stored', async () => {
    const campaign = await createCampaign(t, inst);
    const alice = await t.as.resident();
    const token = await inviteToken(alice, campaign.id);
    const unknown = await t.as.anonymous().get('/api/v1/invites/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('referral_token_invalid');

    const ticket = (await t.as.anonymous().get(`/api/v1/invites/${token}`)).json().ticket as string;
    const [tok, at, sig] = ticket.split('.');
    const bob = await t.as.resident({ verified: false });
    for (const forged of [
      `${tok}.${Number(at) - 60_000}.${sig}`, // an earlier opening, to pass an old account off as new
      `${'B'.repeat(24)}.${at}.${sig}`, // another link under this signature
      `${tok}.${at}.${'0'.repeat(40)}`,
      'not-a-ticket-at-all',
    ]) {
      const res = await bob.post('/api/v1/invites/claim', { ticket: forged });
      expect(res.statusCode, forged).toBe(404);
      expect(res.json().error.code).toBe('referral_token_invalid');
    }
    // A ticket older than its 7 days is refused too.
    t.clock.advance(8 * DAY_MS);
    const late = await t.as.resident({ verified: false });
    expect((await late.post('/api/v1/invites/claim', { ticket })).json().error.code).toBe(
      'referral_token_invalid',
    );
    expect(await rows()).toBe(0);
  });

  test('a closed campaign takes no claims and its link shows closed', async () => {
    const campaign = await createCampaign(t, inst);
    const alice = await t.as.resident();
    const token = await inviteToken(alice, campaign.id);
    const ticket = (await t.as.anonymous().get(`/api/v1/invites/${token}`)).json().ticket as string;
    const closed = await inst.owner.patch(
      `/api/v1/partners/${inst.id}/community/referral-campaigns/${campaign.id}`,
      { closed: true },
    );
    expect(closed.json().phase).toBe('closed');
    t.clock.advance(1000);
    const bob = await t.as.resident({ verified: false });
    const res = await bob.post('/api/v1/invites/claim', { ticket });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('referral_campaign_closed');
    expect((await t.as.anonymous().get(`/api/v1/invites/${token}`)).json().error.code).toBe(
      'referral_campaign_closed',
    );
    expect(await rows()).toBe(0);
  });

  test('verification after the campaign ended does not count', async () => {
    const campaign = await createCampaign(t, inst, {
      endsAt: new Date(t.clock.now().getTime() + 10 * 60_000).toISOString(),
    });
    const alice = await t.as.resident();
    const { invitee: bob } = await followInvite(t, await inviteToken(alice, campaign.id));
    t.clock.advance(15 * 60_000);
    await verify(t, bob);
    await bob.createNeed();
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 0 });
  });
});

describe('referral campaigns: leaderboard and rewards', () => {
  let t: TestApp;
  let inst: Institution;
  beforeEach(async () => {
    t = await testApp();
    inst = await institution(t);
  });
  afterEach(() => t.close());

  const countedInvite = async (token: string) => {
    const { invitee } = await followInvite(t, token);
    await verify(t, invitee);
    await invitee.createNeed();
    return invitee;
  };

  test('the leaderboard orders inviters by counted invites with masked names only', async () => {
    const campaign = await createCampaign(t, inst);
    const zhang = await t.as.resident({ verified: false });
    await verify(t, zhang, '张三丰');
    const li = await t.as.resident({ verified: false });
    await verify(t, li, '李四');
    const liToken = await inviteToken(li, campaign.id);
    const zhangToken = await inviteToken(zhang, campaign.id);
    await countedInvite(liToken);
    await countedInvite(zhangToken);
    await countedInvite(zhangToken);

    const board = await li.get(`/api/v1/referral-campaigns/${campaign.id}/leaderboard`);
    expect(board.statusCode).toBe(200);
    expect(board.json().items).toEqual([
      { rank: 1, name: '张**', count: 2, me: false },
      { rank: 2, name: '李**', count: 1, me: true },
    ]);
    expect(board.body).not.toContain('张三丰');
    expect(board.body).not.toMatch(MOBILE_IN_TEXT);
    expect(await mine(li, campaign.id)).toMatchObject({ counted: 1, rank: 2, points: 10 });
    // Not logged in: no leaderboard.
    expect(
      (await t.as.anonymous().get(`/api/v1/referral-campaigns/${campaign.id}/leaderboard`)).statusCode,
    ).toBe(401);
  });

  test('the reward is credited exactly once, however many counting passes run', async () => {
    const campaign = await createCampaign(t, inst, { rewardPoints: 25 });
    const alice = await t.as.resident();
    await countedInvite(await inviteToken(alice, campaign.id));
    const other = await t.anotherApp();
    try {
      // Two passes of another process and a read here (which counts too) race over the same invite.
      await Promise.all([other.referrals.settleAll(), other.referrals.settleAll(), mine(alice, campaign.id)]);
      expect(await other.referrals.settleAll()).toEqual({ counted: 0, credited: 0 });
    } finally {
      await other.app.close();
    }
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 1, points: 25 });
    const rewards = await selectRows<{ n: number; points: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n, sum(points)::int AS points FROM referral_rewards`,
    );
    expect(rewards[0]).toEqual({ n: 1, points: 25 });
  });

  test('a campaign without points counts invites and credits nothing', async () => {
    const campaign = await createCampaign(t, inst, { rewardPoints: null });
    const alice = await t.as.resident();
    await countedInvite(await inviteToken(alice, campaign.id));
    expect(await mine(alice, campaign.id)).toMatchObject({ counted: 1, points: 0 });
  });
});

describe('referral links under the real rate limits', () => {
  test('an address opening links or claiming more than 10 times a minute is refused (429)', async () => {
    const t = await testApp({ deps: { rateLimitFactor: 1 } });
    try {
      const inst = await institution(t);
      const campaign = await createCampaign(t, inst);
      const token = await inviteToken(await t.as.resident(), campaign.id);
      const visitor = t.as.anonymous('10.98.0.1');
      const codes = [];
      for (let i = 0; i < 11; i++) codes.push((await visitor.get(`/api/v1/invites/${token}`)).statusCode);
      expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
      expect(codes[10]).toBe(429);
    } finally {
      await t.close();
    }
  });
});
