import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { createGroup, type Institution, institution } from './community-fixtures.ts';

// Each test walks a whole journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

describe('community groups', () => {
  let t: TestApp;
  let inst: Institution;
  beforeEach(async () => {
    t = await testApp();
    inst = await institution(t);
  });
  afterEach(() => t.close());
  const base = () => `/api/v1/partners/${inst.id}/community`;
  const tokenOf = (joinPath: string) => joinPath.split('/').at(-1) as string;

  test('an operator creates a group; a resident joins by its link, sees it in my groups, and leaves', async () => {
    const group = await createGroup(inst);
    expect(group.joinPath).toMatch(/^\/groups\/join\/[A-Za-z0-9_-]{24}$/);
    const qr = await inst.owner.get(`${base()}/groups/${group.id}/qr`);
    expect(qr.statusCode).toBe(200);
    expect(qr.json().url).toBe(`http://localhost:3000${group.joinPath}`);
    expect(qr.json().svg).toContain('<svg');

    const resident = await t.as.resident();
    const token = tokenOf(group.joinPath);
    const preview = await resident.get(`/api/v1/groups/join/${token}`);
    expect(preview.json()).toMatchObject({
      name: '高血压之家',
      institution: '南山区粤海街道办事处',
      joined: false,
    });
    const joined = await resident.post(`/api/v1/groups/join/${token}`, { nickname: '老张', showName: false });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({ joined: true, memberCount: 1 });
    // Joining again keeps one membership.
    await resident.post(`/api/v1/groups/join/${token}`, {});
    const mine = await resident.get('/api/v1/me/groups');
    expect(mine.json().items.map((g: { id: string }) => g.id)).toEqual([group.id]);
    expect(mine.json().items[0].memberCount).toBe(1);

    expect((await resident.del(`/api/v1/me/groups/${group.id}`)).statusCode).toBe(204);
    expect((await resident.get('/api/v1/me/groups')).json().items).toEqual([]);
    expect((await resident.get(`/api/v1/me/groups/${group.id}`)).statusCode).toBe(404);
    expect((await resident.del(`/api/v1/me/groups/${group.id}`)).statusCode).toBe(404);
  });

  test('a wrong join token is a 404; joining needs a login', async () => {
    const group = await createGroup(inst);
    const resident = await t.as.resident();
    expect((await resident.post('/api/v1/groups/join/AAAAAAAAAAAAAAAAAAAAAAAA', {})).statusCode).toBe(404);
    expect(
      (await t.as.anonymous().post(`/api/v1/groups/join/${tokenOf(group.joinPath)}`, {})).statusCode,
    ).toBe(401);
    // The link alone shows the group without a login.
    expect((await t.as.anonymous().get(`/api/v1/groups/join/${tokenOf(group.joinPath)}`)).statusCode).toBe(
      200,
    );
  });

  test('operators see a member’s nickname only if the member agreed; otherwise a masked name', async () => {
    const group = await createGroup(inst);
    const token = tokenOf(group.joinPath);
    const shy = await t.as.resident();
    const open = await t.as.resident();
    const silent = await t.as.resident();
    await shy.post(`/api/v1/groups/join/${token}`, { nickname: '张阿姨', showName: false });
    t.clock.advance(1000);
    await open.post(`/api/v1/groups/join/${token}`, { nickname: '李叔', showName: true });
    t.clock.advance(1000);
    await silent.post(`/api/v1/groups/join/${token}`, {});
    const res = await inst.owner.get(`${base()}/groups/${group.id}/members`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { memberNo: number; name: string; nameShared: boolean }[];
    expect(res.json().total).toBe(3);
    expect(items.map((m) => [m.memberNo, m.name, m.nameShared])).toEqual([
      [1, '张**', false],
      [2, '李叔', true],
      [3, expect.any(String), false],
    ]);
    expect(res.body).not.toContain('张阿姨');
    expect(res.body).not.toContain(shy.phone.slice(-4) + '"');
    expect(res.body).not.toMatch(MOBILE_IN_TEXT);
  });

  test('announcements: pinned on top for members, who are notified; unpinning moves one down', async () => {
    const group = await createGroup(inst);
    const resident = await t.as.resident();
    await resident.post(`/api/v1/groups/join/${tokenOf(group.joinPath)}`, {});
    const post = (body: string, pinned: boolean) =>
      inst.owner.post(`${base()}/groups/${group.id}/announcements`, { body, pinned });
    const first = (await post('周六上午义诊，社区卫生服务中心一楼', true)).json();
    t.clock.advance(60_000);
    const second = await post('本周血压测量打卡开始啦', false);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().wecomStatus).toBeNull();

    const page = await resident.get(`/api/v1/me/groups/${group.id}`);
    expect(page.statusCode).toBe(200);
    expect(
      page.json().announcements.map((a: { body: string; pinned: boolean }) => [a.body, a.pinned]),
    ).toEqual([
      ['周六上午义诊，社区卫生服务中心一楼', true],
      ['本周血压测量打卡开始啦', false],
    ]);
    const inbox = (await resident.get('/api/v1/me/notifications')).json().items as {
      type: string;
      data: object;
    }[];
    expect(inbox.filter((n) => n.type === 'group_announcement')).toHaveLength(2);
    expect(inbox[0]?.data).toMatchObject({ groupId: group.id });

    const unpin = await inst.owner.put(`${base()}/groups/${group.id}/announcements/${first.id}/pin`, {
      pinned: false,
    });
    expect(unpin.json().pinned).toBe(false);
    const after = (await resident.get(`/api/v1/me/groups/${group.id}`)).json();
    expect(after.announcements[0].body).toBe('本周血压测量打卡开始啦');
  });

  test('an operator of another institution cannot touch the group: 404, nothing changed', async () => {
    const group = await createGroup(inst);
    const other = await institution(t, '另一个街道');
    const otherGroup = await createGroup(other, { name: '某某社区防疫群', kind: 'neighbourhood' });
    const mine = `${base()}/groups/${group.id}`;
    // Through my own institution's path with another's group, and through theirs.
    const viaMine = `/api/v1/partners/${other.id}/community/groups/${group.id}`;
    for (const [url, who] of [
      [viaMine, other.owner],
      [mine, other.owner],
    ] as const) {
      expect((await who.post(`${url}/announcements`, { body: '广告', pinned: true })).statusCode).toBe(404);
      expect((await who.patch(url, { name: '改名' })).statusCode).toBe(404);
      expect((await who.get(`${url}/members`)).statusCode).toBe(404);
      expect((await who.del(url)).statusCode).toBe(404);
    }
    const still = (await inst.owner.get(`${base()}/groups`)).json().items;
    expect(still.map((g: { name: string }) => g.name)).toEqual(['高血压之家']);
    expect((await inst.owner.get(`${mine}/announcements`)).json().items).toEqual([]);
    // And their own group is theirs alone.
    expect(
      (await inst.owner.get(`/api/v1/partners/${other.id}/community/groups/${otherGroup.id}/qr`)).statusCode,
    ).toBe(404);
  });

  test('a viewer reads but does not write; a resident outside the institution gets 404', async () => {
    const group = await createGroup(inst);
    const viewer = await inst.member('viewer');
    expect((await viewer.get(`${base()}/groups`)).statusCode).toBe(200);
    const res = await viewer.post(`${base()}/groups/${group.id}/announcements`, { body: 'x', pinned: true });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    const stranger = await t.as.resident();
    expect((await stranger.get(`${base()}/groups`)).statusCode).toBe(404);
    expect((await stranger.post(`${base()}/groups`, { name: 'x', kind: 'topic' })).statusCode).toBe(404);
  });

  test('bad input is a 400 and creates nothing', async () => {
    const res = await inst.owner.post(`${base()}/groups`, { name: '', kind: 'market' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect((await inst.owner.get(`${base()}/groups`)).json().items).toEqual([]);
  });

  test('an archived group’s link stops working', async () => {
    const group = await createGroup(inst);
    expect((await inst.owner.del(`${base()}/groups/${group.id}`)).statusCode).toBe(204);
    const resident = await t.as.resident();
    expect((await resident.post(`/api/v1/groups/join/${tokenOf(group.joinPath)}`, {})).statusCode).toBe(404);
  });
});
