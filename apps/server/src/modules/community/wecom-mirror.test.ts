import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type FakeVendorServer, startFakeVendor } from '../../platform/vendors/fake-vendor-server.ts';
import { WecomRobotClient } from '../../platform/vendors/index.ts';
import { testApp } from '../../testing/test-app.ts';
import { createGroup, institution } from './community-fixtures.ts';

// Each test walks a whole journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

const KEY = '5f2c1e0a-1111-4bc4-97a0-0ec2abcdef01';

describe('announcements mirrored into a WeCom group by its robot', () => {
  let fake: FakeVendorServer;
  let answers: number[] = [];
  beforeAll(async () => {
    fake = await startFakeVendor(() => ({ json: { errcode: answers.shift() ?? 0, errmsg: 'ok' } }));
  });
  afterAll(() => fake.close());

  test('with the robot on and a key set, the announcement is posted as markdown; the key is never shown', async () => {
    const t = await testApp({ deps: { wecomRobot: new WecomRobotClient({ baseUrl: fake.endpoint }) } });
    try {
      const inst = await institution(t);
      const group = await createGroup(inst, { name: '某某社区防疫群', kind: 'neighbourhood' });
      const url = `/api/v1/partners/${inst.id}/community/groups/${group.id}`;
      const set = await inst.owner.patch(url, {
        wecomRobotKey: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`,
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json().wecomRobot).toBe(true);
      expect(set.body).not.toContain(KEY);
      expect((await inst.owner.get(`/api/v1/partners/${inst.id}/community/groups`)).body).not.toContain(KEY);

      fake.seen.length = 0;
      const res = await inst.owner.post(`${url}/announcements`, {
        body: '明天 9:00 社区接种点开放',
        pinned: true,
        mirrorToWecom: true,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().wecomStatus).toBe('sent');
      expect(fake.seen).toHaveLength(1);
      expect(new URL(fake.seen[0]?.url ?? '', 'http://x').searchParams.get('key')).toBe(KEY);
      expect(JSON.parse(fake.seen[0]?.body ?? '')).toEqual({
        msgtype: 'markdown',
        markdown: { content: '**某某社区防疫群 · 群公告**\n明天 9:00 社区接种点开放' },
      });

      // A robot removed from the group: the announcement stands, its mirror says why.
      answers = [93000];
      const refused = await inst.owner.post(`${url}/announcements`, { body: '第二条', mirrorToWecom: true });
      expect(refused.json().wecomStatus).toBe('key_refused');
      // Not asked to mirror: not sent.
      fake.seen.length = 0;
      await inst.owner.post(`${url}/announcements`, { body: '第三条' });
      expect(fake.seen).toHaveLength(0);
      const list = (await inst.owner.get(`${url}/announcements`)).json().items;
      expect(list).toHaveLength(3);
    } finally {
      await t.close();
    }
  });

  test('off by default: asked to mirror without a robot, nothing is sent and it says off', async () => {
    const t = await testApp();
    try {
      const inst = await institution(t);
      const group = await createGroup(inst);
      const url = `/api/v1/partners/${inst.id}/community/groups/${group.id}`;
      await inst.owner.patch(url, { wecomRobotKey: KEY });
      fake.seen.length = 0;
      const res = await inst.owner.post(`${url}/announcements`, { body: '通知', mirrorToWecom: true });
      expect(res.json().wecomStatus).toBe('off');
      expect(fake.seen).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
