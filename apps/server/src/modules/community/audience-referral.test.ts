import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { count, tag, ws } from './audience-fixtures.ts';
import { createGroup, type Institution, institution } from './community-fixtures.ts';
import { createCampaign, followInvite, inviteToken, verify } from './referral-fixtures.ts';

// Each test walks a journey through HTTP on one fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let t: TestApp;
let inst: Institution;
let campaignId: string;
let groupTag: string;
let carol: Client;

// Alice invites bob and carol into the group campaign; both join the group, only bob verifies, so
// only bob's invite is counted (carol's stays pending).
beforeAll(async () => {
  t = await testApp();
  inst = await institution(t);
  const group = await createGroup(inst);
  const groupToken = group.joinPath.split('/').at(-1) as string;
  const campaign = await createCampaign(t, inst, { firstAction: 'join_group', groupId: group.id });
  campaignId = campaign.id;
  const alice = await t.as.resident();
  const token = await inviteToken(alice, campaignId);
  const { invitee: bob } = await followInvite(t, token, { ip: '10.98.0.1' });
  ({ invitee: carol } = await followInvite(t, token, { ip: '10.98.0.2' }));
  for (const who of [bob, carol]) {
    const joined = await who.post(`/api/v1/groups/join/${groupToken}`, {});
    expect(joined.statusCode, joined.body).toBe(200);
  }
  await verify(t, bob);
  groupTag = (await tag(inst.owner, inst.id, '群成员', { kind: 'group', groupId: group.id })).id;
});
afterAll(() => t.close());

describe('rule tag: joined through referral campaign X', () => {
  test('names only invitees whose invite was counted, evaluated on demand', async () => {
    const referred = await tag(inst.owner, inst.id, '邀请加入', { kind: 'referral_campaign', campaignId });
    expect(referred.members).toEqual({ count: 1, suppressed: false, minCount: 1 });
    expect(await count(inst.owner, inst.id, [groupTag])).toBe(2); // bob and carol joined the group
    expect(await count(inst.owner, inst.id, [referred.id])).toBe(1); // bob only
    // Carol verifies: her invite is counted, and the rule names her at once.
    await verify(t, carol, '王五');
    expect(await count(inst.owner, inst.id, [referred.id])).toBe(2);
  });

  test('a counted invitee of a first-post campaign is a member even outside any group', async () => {
    const campaign = await createCampaign(t, inst, { name: '邀请邻居发布需求', firstAction: 'first_post' });
    const token = await inviteToken(await t.as.resident(), campaign.id);
    const { invitee: dave } = await followInvite(t, token, { ip: '10.98.0.3' });
    const rule = { kind: 'referral_campaign', campaignId: campaign.id };
    expect((await tag(inst.owner, inst.id, '发布需求', rule)).members?.count).toBe(0);
    await verify(t, dave, '赵六');
    await dave.createNeed();
    const tags = (await inst.owner.get(`${ws(inst.id)}/tags`)).json().items as {
      name: string;
      members: { count: number };
    }[];
    expect(tags.find((x) => x.name === '发布需求')?.members.count).toBe(1);
  });

  test("another institution's campaign is refused, both ways; nothing is stored", async () => {
    const other = await institution(t, '福田区莲花街道办事处');
    const theirs = await createCampaign(t, other, { name: '他们的活动' });
    for (const [who, partnerId, id] of [
      [inst.owner, inst.id, theirs.id],
      [other.owner, other.id, campaignId],
    ] as const) {
      const res = await who.post(`${ws(partnerId)}/tags`, {
        name: '外来活动',
        rule: { kind: 'referral_campaign', campaignId: id },
      });
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe('tag_rule_target_not_found');
    }
    expect((await other.owner.get(`${ws(other.id)}/tags`)).json().items).toHaveLength(0);
  });
});
