import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  codeFromOutbox,
  expectAccessible,
  idNumber,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 14, referrals (邀请达人榜), in Chromium: an operator creates a campaign whose first action is
// joining a group; resident A copies their invite link; resident B opens it in another browser,
// signs up there, verifies and joins the group; A's count becomes 1 and the leaderboard shows A masked.

// Starting the server and Chromium on a machine shared with other work can take minutes.
vi.setConfig({ hookTimeout: 400_000, testTimeout: 400_000 });

const OPERATOR = '13800138161';
const ALICE = '13700137162';
const BOB = '13700137163';
const CAMPAIGN = '邀请邻居加入防疫群';
const GROUP = '桃源社区防疫群';

let server: Server;
let browser: Browser;
let operator: Page;
let alice: Page;
let aliceContext: BrowserContext;
let bob: Page;
let errors: string[];
let partnerId = '';
let inviteUrl = '';

const api = (page: Page, path: string, method: string, body?: unknown) =>
  page.evaluate(
    async ({ path, method, body }) => {
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as unknown };
    },
    { path, method, body },
  );

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  operator = await (await phoneContext(browser, server.base)).newPage();
  aliceContext = await phoneContext(browser, server.base);
  await aliceContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  alice = await aliceContext.newPage();
  bob = await (await phoneContext(browser, server.base)).newPage();
  errors = watchErrors(alice);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('referrals in a phone-sized Chromium', () => {
  test('an operator creates a referral campaign for a group', async () => {
    await loginInBrowser(operator, server.outbox, OPERATOR);
    const applied = await api(operator, '/partners', 'POST', {
      name: '南山区桃源街道办事处',
      type: 'government',
      contactName: '王主任',
      contactPhone: '13900000161',
      regionCodes: ['440305'],
    });
    expect(applied.status).toBe(201);
    partnerId = (applied.json as { id: string }).id;
    const group = await api(operator, `/partners/${partnerId}/community/groups`, 'POST', {
      name: GROUP,
      kind: 'neighbourhood',
      rules: '不发广告，不买卖药品。',
    });
    expect(group.status).toBe(201);

    await operator.goto(`/partner/${partnerId}?tab=community`);
    await operator.getByRole('tab', { name: '邀请活动' }).click();
    await operator.getByText('还没有邀请活动。').waitFor();
    await operator.getByLabel('活动名称').fill(CAMPAIGN);
    await operator.getByLabel('被邀请人需要完成').selectOption('join_group');
    await operator.getByLabel('加入哪个社群').selectOption({ label: GROUP });
    await operator.getByLabel('每个有效邀请奖励积分（可不填）').fill('10');
    await operator.getByRole('button', { name: '创建活动' }).click();
    await operator.getByRole('heading', { name: CAMPAIGN, level: 3 }).waitFor();
    await operator.getByText('有效 0 · 待完成 0').waitFor();
    await operator.getByRole('heading', { name: CAMPAIGN, level: 3 }).scrollIntoViewIfNeeded();
    await screenshot(operator, 'referral-workspace');
    await expectAccessible(operator, 'referral campaigns (operator)');
  });

  test('resident A opens the campaign and copies their invite link', async () => {
    await loginInBrowser(alice, server.outbox, ALICE);
    const verified = await api(alice, '/me/verification', 'POST', {
      name: '张伟',
      idNumber: idNumber('440305', '19800101', '162'),
    });
    expect(verified.status).toBe(200);
    await alice.goto('/me');
    await alice.getByRole('link', { name: '邀请好友' }).click();
    await alice.getByRole('link', { name: CAMPAIGN }).click();
    await alice.getByRole('heading', { name: CAMPAIGN, level: 1 }).waitFor();
    await alice.locator('.referral-qr svg').waitFor();
    await alice.getByRole('button', { name: '复制链接' }).click();
    await alice.getByRole('button', { name: '已复制' }).waitFor();
    inviteUrl = await alice.evaluate(() => navigator.clipboard.readText());
    expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{24}$/);
    expect(await alice.getByTestId('invite-url').inputValue()).toBe(inviteUrl);
    expect(await alice.getByTestId('referral-count').textContent()).toBe('0 人');
    await screenshot(alice, 'referral-resident');
    await expectAccessible(alice, 'my invite link');
  });

  test('resident B opens the link in another browser, signs up, verifies and joins the group', async () => {
    await bob.goto(new URL(inviteUrl).pathname);
    await bob.getByRole('heading', { name: CAMPAIGN, level: 1 }).waitFor();
    await bob.getByText('张** 邀请你参加').waitFor();
    await expectAccessible(bob, 'invite landing (logged out)');
    // Sign up right here: the invite is remembered through the login.
    await bob.getByLabel('手机号', { exact: true }).fill(BOB);
    const asked = Date.now() - 1000;
    await bob.getByRole('button', { name: '获取验证码' }).click();
    const code = await codeFromOutbox(server.outbox, BOB, asked);
    await bob.getByLabel('短信验证码').fill(code);
    await bob.getByRole('button', { name: '登录', exact: true }).click();
    await bob.getByRole('heading', { name: '已接受 张** 的邀请' }).waitFor();
    await expectAccessible(bob, 'invite accepted');

    await bob.getByLabel('真实姓名').fill('李娜');
    await bob.getByLabel('身份证号').fill(idNumber('440305', '19900202', '163'));
    await bob.getByRole('button', { name: '提交核验' }).click();
    await bob.getByText('实名核验 · 已完成').waitFor();
    await bob.getByRole('link', { name: '去加入社群' }).click();
    await bob.getByRole('heading', { name: GROUP, level: 1 }).waitFor();
    await bob.getByRole('button', { name: '加入社群' }).click();
    await bob.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
  });

  test('A sees the count 1 and the leaderboard shows A masked', async () => {
    await alice.reload();
    await alice.getByTestId('referral-count').filter({ hasText: '1 人' }).waitFor();
    await alice.getByText('第 1 名').waitFor();
    await alice.getByRole('link', { name: '查看邀请达人榜' }).click();
    await alice.getByRole('heading', { name: '邀请达人榜' }).waitFor();
    const row = alice.locator('.leaderboard-table tbody tr');
    expect(await row.count()).toBe(1);
    expect((await row.first().textContent())?.replace(/\s+/g, '')).toBe('1张**(我)1');
    const text = (await alice.locator('main').textContent()) ?? '';
    expect(text).not.toContain('张伟');
    expect(text).not.toMatch(MOBILE_IN_TEXT);
    await screenshot(alice, 'referral-leaderboard');
    await expectAccessible(alice, 'leaderboard');

    // In elder mode (大字) the board stays readable and accessible.
    await alice.getByRole('button', { name: '大字' }).click();
    await expectAccessible(alice, 'leaderboard (elder mode)');
    await alice.getByRole('button', { name: '大字' }).click();

    await operator.reload();
    await operator.getByRole('tab', { name: '邀请活动' }).click();
    await operator.getByText('有效 1 · 待完成 0').waitFor();
    expect(errors).toEqual([]);
  });
});
