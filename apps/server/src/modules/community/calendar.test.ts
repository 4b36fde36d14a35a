import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { shanghaiInstant } from './calendar.service.ts';
import { createGroup, type Institution, institution, publishedArticle } from './community-fixtures.ts';

// Each test walks a whole journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

// 2026-12-01 07:00 in Shanghai: before the morning slot.
const MORNING = new Date('2026-11-30T23:00:00.000Z');

describe('the content calendar', () => {
  let t: TestApp;
  let inst: Institution;
  let editor: Client;
  let doctor: Client;
  let resident: Client;
  let group: { id: string; joinPath: string };
  beforeEach(async () => {
    t = await testApp();
    t.clock.set(MORNING);
    inst = await institution(t);
    editor = await inst.member('developer');
    doctor = await inst.member('developer', 'doctor');
    group = await createGroup(inst);
    resident = await t.as.resident();
    await resident.post(`/api/v1/groups/join/${group.joinPath.split('/').at(-1)}`, {});
  });
  afterEach(() => t.close());
  const calendar = () => `/api/v1/partners/${inst.id}/community/groups/${group.id}/schedule`;
  // Hours pass between scheduling and sending: people log in again (sessions idle out).
  const relogin = (who: Client) => t.as.resident({ phone: who.phone, verified: false });
  const articleNotices = async (who: Client) => {
    const res = await who.get('/api/v1/me/notifications');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { type: string; data: { articleId?: string } }[];
    return items.filter((n) => n.type === 'group_article');
  };

  test('8:30 and 12:00 are China time', () => {
    expect(shanghaiInstant('2026-12-01', '08:30').toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(shanghaiInstant('2026-12-01', '12:00').toISOString()).toBe('2026-12-01T04:00:00.000Z');
  });

  test('a reviewed, published article goes to the group’s members at its time, once', async () => {
    const articleId = await publishedArticle(inst, editor, doctor);
    const res = await editor.post(calendar(), { articleId, date: '2026-12-01', time: '08:30' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      sendAt: '2026-12-01T00:30:00.000Z',
      sentAt: null,
      articleTitle: '布洛芬怎么吃',
    });

    const built = await t.anotherApp();
    expect(await built.calendarJob.runOnce()).toEqual({ sent: 0 });
    expect(await articleNotices(resident)).toEqual([]);

    t.clock.set(new Date('2026-12-01T00:30:00.000Z'));
    expect(await built.calendarJob.runOnce()).toEqual({ sent: 1 });
    expect(await built.calendarJob.runOnce()).toEqual({ sent: 0 });
    await built.app.close();
    const member = await relogin(resident);
    const notices = await articleNotices(member);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.data.articleId).toBe(articleId);
    const page = (await member.get(`/api/v1/me/groups/${group.id}`)).json();
    expect(page.articles.map((a: { id: string }) => a.id)).toEqual([articleId]);
    const entry = (await (await relogin(editor)).get(calendar())).json().items[0];
    expect(entry).toMatchObject({ sentAt: '2026-12-01T00:30:00.000Z', recipients: 1 });
  });

  test('a send due while the server was down goes out once after start; a second start sends nothing more', async () => {
    const articleId = await publishedArticle(inst, editor, doctor);
    await editor.post(calendar(), { articleId, date: '2026-12-01', time: '12:00' });
    // The server that took the schedule stops before noon and nothing runs until 15:00.
    await t.app.close();
    t.clock.set(new Date('2026-12-01T07:00:00.000Z'));
    const first = await t.anotherApp();
    expect(await first.calendarJob.runOnce()).toEqual({ sent: 1 });
    await first.app.close();
    const second = await t.anotherApp();
    expect(await second.calendarJob.runOnce()).toEqual({ sent: 0 });
    await second.app.close();
    const sent = await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE type = 'group_article'`,
    );
    expect(sent[0]?.n).toBe(1);
  });

  test('two servers running the job at once send each entry once', async () => {
    const articleId = await publishedArticle(inst, editor, doctor);
    await editor.post(calendar(), { articleId, date: '2026-12-01', time: '08:30' });
    await editor.post(calendar(), { articleId, date: '2026-12-01', time: '12:00' });
    t.clock.set(new Date('2026-12-01T05:00:00.000Z'));
    const a = await t.anotherApp();
    const b = await t.anotherApp();
    const [ra, rb] = await Promise.all([a.calendarJob.runOnce(), b.calendarJob.runOnce()]);
    await a.app.close();
    await b.app.close();
    expect(ra.sent + rb.sent).toBe(2);
    // Each entry is its own notice (the dedup key is the entry), so two in the inbox, never four.
    expect(await articleNotices(await relogin(resident))).toHaveLength(2);
  });

  test('only a published article of the same institution, in the future', async () => {
    const draft = (
      await editor.post(`/api/v1/partners/${inst.id}/community/articles`, {
        kind: 'faq',
        title: '草稿',
        bodyMd: '未审核',
      })
    ).json();
    const notPublished = await editor.post(calendar(), {
      articleId: draft.id,
      date: '2026-12-01',
      time: '08:30',
    });
    expect(notPublished.statusCode).toBe(409);
    expect(notPublished.json().error.code).toBe('article_not_published');
    const articleId = await publishedArticle(inst, editor, doctor);
    const past = await editor.post(calendar(), { articleId, date: '2026-11-30', time: '12:00' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.code).toBe('schedule_in_past');
    const badTime = await editor.post(calendar(), { articleId, date: '2026-12-01', time: '25:00' });
    expect(badTime.statusCode).toBe(400);

    const other = await institution(t, '别的街道');
    const otherEditor = await other.member('developer');
    const otherDoctor = await other.member('developer', 'doctor');
    const theirs = await publishedArticle(other, otherEditor, otherDoctor);
    const foreign = await editor.post(calendar(), { articleId: theirs, date: '2026-12-01', time: '08:30' });
    expect(foreign.statusCode).toBe(404);
    // Their operator cannot schedule into our group.
    const intoOurs = await other.owner.post(
      `/api/v1/partners/${other.id}/community/groups/${group.id}/schedule`,
      { articleId: theirs, date: '2026-12-01', time: '08:30' },
    );
    expect(intoOurs.statusCode).toBe(404);
    expect((await editor.get(calendar())).json().items).toEqual([]);
  });

  test('a cancelled entry, or one whose article was unpublished, is not sent', async () => {
    const articleId = await publishedArticle(inst, editor, doctor);
    const kept = (await editor.post(calendar(), { articleId, date: '2026-12-01', time: '08:30' })).json();
    const dropped = (await editor.post(calendar(), { articleId, date: '2026-12-01', time: '12:00' })).json();
    expect((await editor.del(`${calendar()}/${dropped.id}`)).statusCode).toBe(204);
    expect((await editor.del(`${calendar()}/${dropped.id}`)).statusCode).toBe(404);
    await editor.post(`/api/v1/partners/${inst.id}/community/articles/${articleId}/actions`, {
      action: 'unpublish',
    });
    t.clock.set(new Date('2026-12-01T06:00:00.000Z'));
    const built = await t.anotherApp();
    expect(await built.calendarJob.runOnce()).toEqual({ sent: 0 });
    await built.app.close();
    expect(await articleNotices(await relogin(resident))).toEqual([]);
    const fresh = await relogin(editor);
    const items = (await fresh.get(calendar())).json().items as { id: string; cancelled: boolean }[];
    expect(items.find((i) => i.id === kept.id)?.cancelled).toBe(true);
  });
});
