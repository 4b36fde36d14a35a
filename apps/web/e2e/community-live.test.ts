import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bootstrap, type Running } from '../../server/src/bootstrap.ts';
import type { Clock } from '../../server/src/platform/clock.ts';
import { loadConfig } from '../../server/src/platform/config.ts';
import {
  codeFromOutbox,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  screenshot,
  WEB_DIST,
  watchErrors,
} from './harness.ts';

// Issue 14, live doctor Q&A in Chromium: an operator schedules a session; two residents register,
// ask and up-vote beforehand; during the session the operator works the live queue and residents see
// it change; afterwards a resident fills the feedback survey and the operator reads the figures and
// the survey's chart. The server's clock runs with the real one plus an offset the test moves, so the
// session can start and end without waiting an hour.

const OPERATOR = '13800138411';
const ADMIN = '13900139412';
const RESIDENT_A = '13700137413';
const RESIDENT_B = '13700137414';
const MIN = 60_000;

const clock: Clock & { offset: number } = { offset: 0, now: (): Date => new Date(Date.now() + clock.offset) };
let running: Running;
let base = '';
let outbox = '';
let dataDir = '';
let browser: Browser;
let operator: Page;
let a: Page;
let b: Page;
let errors: string[];
let partnerId = '';
let sessionId = '';

async function apiLogin(phone: string) {
  const json = { 'content-type': 'application/json' };
  const asked = clock.now().getTime() - 1000;
  const sms = await fetch(`${base}/api/v1/auth/sms`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone }),
  });
  if (!sms.ok) throw new Error(`sms ${sms.status}`);
  const code = await codeFromOutbox(outbox, phone, asked);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone, code }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return (url: string, body: unknown) =>
    fetch(`${base}/api/v1${url}`, {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify(body),
    });
}

/** "YYYY-MM-DDTHH:mm" in China time, `minutes` from now: what the datetime-local field takes. */
const chinaLocal = (minutes: number) =>
  new Date(Date.now() + minutes * MIN + 8 * 60 * MIN).toISOString().slice(0, 16);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-e2e-live-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    STATS_MIN_COUNT: '1',
    WEB_DIST,
  });
  outbox = config.smsOutbox;
  running = await bootstrap(config, clock);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(ADMIN);
  await running.moderation.setRole(null, ADMIN, 'admin');
  // The institution exists and is approved (the partner pages have their own browser tests).
  const asOperator = await apiLogin(OPERATOR);
  const applied = await asOperator('/partners', {
    name: '南山区桃源街道办',
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000411',
    regionCodes: ['440305'],
  });
  partnerId = ((await applied.json()) as { id: string }).id;
  const asAdmin = await apiLogin(ADMIN);
  const decided = await asAdmin(`/admin/partners/${partnerId}/decision`, { decision: 'approved' });
  if (!decided.ok) throw new Error(`decision ${decided.status}`);

  // The browser logins below ask for new codes for the same phones: past the 60 s between two codes.
  clock.offset += 2 * MIN;
  browser = await launchBrowser();
  operator = await (await phoneContext(browser, base)).newPage();
  a = await (await phoneContext(browser, base)).newPage();
  b = await (await phoneContext(browser, base)).newPage();
  errors = watchErrors(a);
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const openLiveTab = async (tab: '直播答疑' | '问卷') => {
  await operator.goto(`/partner/${partnerId}?tab=community`);
  await operator.getByRole('tab', { name: tab }).click();
};

describe('live doctor Q&A in a phone-sized Chromium', () => {
  test('the operator schedules a session with a doctor in the community section', async () => {
    await loginInBrowser(operator, outbox, OPERATOR);
    await openLiveTab('直播答疑');
    await operator.getByText('安排直播').click();
    await operator.getByLabel('直播主题').fill('新冠居家用药答疑');
    await operator.getByLabel('医生姓名').fill('张医生');
    await operator.getByLabel('职称').fill('主任医师');
    await operator.getByLabel('医院').fill('深圳市人民医院');
    await operator.getByLabel('开始时间').fill(chinaLocal(10));
    await operator.getByLabel('时长（分钟）').fill('20');
    await operator.getByLabel('直播链接（https）').fill('https://live.example.org/room/1');
    await operator
      .getByLabel('嵌入播放器地址（可选）')
      .fill('https://player.bilibili.com/player.html?bvid=BV1');
    await expectAccessible(operator, 'schedule a live session');
    await screenshot(operator, 'live-schedule');
    await operator.getByRole('button', { name: '安排', exact: true }).click();
    await operator.getByText('已安排').waitFor();
    await operator.getByText('报名 0 · 观看 0 · 问题 0 · 已答 0').waitFor();
  });

  test('two residents register with 提醒我, ask beforehand and up-vote', async () => {
    for (const [page, phone] of [
      [a, RESIDENT_A],
      [b, RESIDENT_B],
    ] as const) {
      await loginInBrowser(page, outbox, phone);
      await page.goto('/live');
      await page.getByRole('heading', { name: '新冠居家用药答疑' }).waitFor();
      await page.getByRole('button', { name: '提醒我' }).click();
      await page.getByText('已报名，开播前 30 分钟提醒你').waitFor();
    }
    await expectAccessible(a, 'upcoming sessions');
    await screenshot(a, 'live-sessions');
    await a.getByRole('link', { name: '新冠居家用药答疑', exact: true }).click();
    await a.waitForURL(/\/live\/[0-9a-f-]{36}$/);
    sessionId = a.url().split('/').at(-1) ?? '';
    await a.getByLabel('你的问题').fill('孩子发烧 39 度能用布洛芬吗？');
    await a.getByRole('button', { name: '提交问题' }).click();
    await a.getByText('孩子发烧 39 度能用布洛芬吗？').waitFor();
    await b.goto(`/live/${sessionId}`);
    await b.getByLabel('你的问题').fill('抗原两道杠要隔离几天？');
    await b.getByRole('button', { name: '提交问题' }).click();
    await b.getByText('抗原两道杠要隔离几天？').waitFor();
    await a.reload();
    const second = a.getByRole('listitem').filter({ hasText: '抗原两道杠要隔离几天？' });
    await second.getByRole('button', { name: /我也想问/ }).click();
    await second.getByText('1 人想问').waitFor();
    await expectAccessible(a, 'session page before it starts');
    await screenshot(a, 'live-session-before');
  });

  test('during the session the operator approves and answers; residents see the queue change live', async () => {
    clock.offset += 11 * MIN;
    await a.reload();
    await a.getByRole('heading', { name: '观看直播' }).waitFor();
    expect(await a.locator('iframe[title="直播画面"]').getAttribute('src')).toContain('player.bilibili.com');
    await a.getByLabel('你的问题').fill('退烧后一直咳嗽怎么办？');
    await a.getByRole('button', { name: '提交问题' }).click();
    await a.getByText('待审核').waitFor();
    await b.reload();
    await b.getByRole('heading', { name: '直播问答' }).waitFor();
    expect(await b.getByText('退烧后一直咳嗽怎么办？').count()).toBe(0);

    await openLiveTab('直播答疑');
    await operator.getByRole('button', { name: '问题队列' }).click();
    const pending = operator.locator('.live-queue-item').filter({ hasText: '退烧后一直咳嗽怎么办？' });
    await pending.getByRole('button', { name: '展示' }).click();
    const top = operator.locator('.live-queue-item').filter({ hasText: '抗原两道杠要隔离几天？' });
    await top.getByLabel('文字回答（可选）').fill('症状消失、连续两次阴性即可。');
    await top.getByRole('button', { name: '标为已答' }).click();
    await top.getByText('回答：症状消失、连续两次阴性即可。').waitFor();
    await expectAccessible(operator, 'live question queue');
    await screenshot(operator, 'live-queue');
    // B's page polls: the approved question and the answer arrive without a reload.
    await b.getByText('退烧后一直咳嗽怎么办？').waitFor({ timeout: 15_000 });
    await b.getByText('回答：症状消失、连续两次阴性即可。').waitFor({ timeout: 15_000 });
    await expectAccessible(b, 'live page');
    await screenshot(b, 'live-session-live');
  });

  test('the operator makes the feedback survey; after the end a resident answers it', async () => {
    await openLiveTab('问卷');
    await operator.getByText('创建反馈问卷').click();
    await operator.getByLabel('关联直播').selectOption({ label: '新冠居家用药答疑' });
    await expectAccessible(operator, 'survey builder');
    await operator.getByRole('button', { name: '创建并开放' }).click();
    await operator.getByText('0 份回答').waitFor();

    clock.offset += 21 * MIN;
    await a.reload();
    await a.getByText('已结束').first().waitFor();
    await a.getByRole('link', { name: '填写直播反馈问卷' }).click();
    await a.getByRole('heading', { name: '直播反馈与建议' }).waitFor();
    await a.getByLabel('5 分（满分 5 分）').check();
    await a.getByLabel('周末').check();
    await a.getByLabel('用药指导').check();
    await expectAccessible(a, 'survey');
    await screenshot(a, 'live-survey');
    await a.getByRole('button', { name: '提交问卷' }).click();
    await a.getByText('感谢填写！').waitFor();
  });

  test('the operator sees the figures and the survey chart', async () => {
    await openLiveTab('直播答疑');
    await operator.getByText('报名 2 · 观看 2 · 问题 3 · 已答 1').waitFor();
    await operator.getByText('评分 5（1 人）').waitFor();
    await openLiveTab('问卷');
    await operator.getByRole('button', { name: '查看结果' }).click();
    await operator.locator('.live-chart canvas').first().waitFor();
    await operator.getByText('平均 5 分').waitFor();
    await expectAccessible(operator, 'survey results');
    await operator
      .locator('.live-chart')
      .first()
      .evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(operator, 'live-survey-results');
  });

  test('a resident sends 反馈建议; an admin reads and answers it', async () => {
    await b.goto('/feedback');
    await b.getByLabel('内容').fill('希望直播多讲讲儿童用药。');
    await expectAccessible(b, 'feedback form');
    await b.getByRole('button', { name: '提交', exact: true }).click();
    await b.getByText('已提交，谢谢你的反馈！').waitFor();
    await screenshot(b, 'live-feedback');
    const admin = await (await phoneContext(browser, base)).newPage();
    await loginInBrowser(admin, outbox, ADMIN);
    await admin.goto('/admin/feedback');
    await admin.getByText('希望直播多讲讲儿童用药。').waitFor();
    await admin.getByLabel('回复内容').fill('好的，下期安排儿科医生。');
    await expectAccessible(admin, 'feedback queue');
    await screenshot(admin, 'live-feedback-admin');
    await admin.getByRole('button', { name: '回复', exact: true }).click();
    await b.reload();
    await b.getByText('回复：好的，下期安排儿科医生。').waitFor();
    expect(errors).toEqual([]);
  });
});
