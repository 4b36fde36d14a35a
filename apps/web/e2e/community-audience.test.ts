import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 14, segments in Chromium: an operator tags two members of a group, builds an audience from the
// tag, sees its size (a count, never who) and sends it a message; the resident who stayed receives it
// in the notification centre, the one who stopped the institution's messages does not and sees the
// institution in her notification settings.

// Starting the server and Chromium takes minutes when the machine is busy.
vi.setConfig({ hookTimeout: 400_000, testTimeout: 240_000 });

const OPERATOR = '13800138291';
const RESIDENT_A = '13700137292';
const RESIDENT_B = '13700137293';
const INSTITUTION = '南山区桃源街道办事处';
const TITLE = '流感疫苗接种通知';

let server: Server;
let browser: Browser;
let operator: Page;
let a: Page;
let b: Page;
let errors: string[];

/** A call from the page's own session (its cookie): status and JSON. */
const call = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
    },
    { method, path, body },
  );
const api = async (page: Page, method: string, path: string, body?: unknown) =>
  (await call(page, method, path, body)).status;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  operator = await (await phoneContext(browser, server.base)).newPage();
  a = await (await phoneContext(browser, server.base)).newPage();
  b = await (await phoneContext(browser, server.base)).newPage();
  errors = watchErrors(operator);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('tags, audiences and a send in a phone-sized Chromium', () => {
  let partnerId = '';

  test('an operator tags members, builds an audience, sees its size and sends', async () => {
    await loginInBrowser(operator, server.outbox, OPERATOR);
    const applied = await call(operator, 'POST', '/partners', {
      name: INSTITUTION,
      type: 'government',
      contactName: '王主任',
      contactPhone: '13900000291',
      regionCodes: ['440305'],
    });
    expect(applied.status).toBe(201);
    partnerId = applied.json.id as string;
    const group = await call(operator, 'POST', `/partners/${partnerId}/community/groups`, {
      name: '桃源社区防疫群',
      kind: 'neighbourhood',
      description: '防疫通知',
      rules: '不发广告，不买卖药品。',
    });
    expect(group.status).toBe(201);
    const token = String(group.json.joinPath).split('/').at(-1);
    await loginInBrowser(a, server.outbox, RESIDENT_A);
    await loginInBrowser(b, server.outbox, RESIDENT_B);
    expect(await api(a, 'POST', `/groups/join/${token}`, { nickname: '3栋王阿姨', showName: true })).toBe(
      200,
    );
    expect(await api(b, 'POST', `/groups/join/${token}`, {})).toBe(200);
    // B stops this institution's messages before anything is sent.
    expect(await api(b, 'PUT', `/me/institution-messages/opt-outs/${partnerId}`)).toBe(200);

    await operator.goto(`/partner/${partnerId}?tab=community`);
    await operator.getByRole('tab', { name: '标签与受众' }).click();
    await operator.getByText('还没有标签').waitFor();
    await operator.getByText('新建标签').click();
    await operator.getByLabel('标签名称').fill('重点关注');
    await operator.getByRole('button', { name: '创建标签' }).click();
    await operator.locator('.audience-tag', { hasText: '重点关注' }).getByText('0 人').waitFor();

    // Members appear as references: the nickname only where she agreed, never a phone number.
    const members = operator.locator('.audience-members');
    await members.getByText('3栋王阿姨').waitFor();
    const text = (await members.textContent()) ?? '';
    expect(text).not.toContain(RESIDENT_A.slice(-4));
    expect(text).not.toContain(RESIDENT_B.slice(-4));
    for (const box of await members.getByRole('checkbox').all()) await box.check();
    await operator.getByRole('button', { name: '加入标签' }).click();
    await operator.locator('.audience-tag', { hasText: '重点关注' }).getByText('2 人').waitFor();

    await operator.locator('.audience-pick').getByLabel('重点关注').check();
    await operator.getByLabel('具备任一所选标签（或）').check();
    await operator.getByRole('button', { name: '预览人数' }).click();
    await operator.getByText('受众人数：2 人').waitFor();
    await operator.getByLabel('标题', { exact: true }).fill(TITLE);
    await operator
      .getByLabel('内容', { exact: true })
      .fill('本周六上午社区卫生服务中心可接种流感疫苗，请带好身份证。');
    await screenshot(operator, 'audience-builder');
    await expectAccessible(operator, 'community workspace (tags and audiences)');
    await operator.getByRole('button', { name: '发送', exact: true }).click();
    await operator.getByText('已发送：送达 1，因屏蔽跳过 1，因未同意营销跳过 0，因每日上限跳过 0').waitFor();
    // The owner sees the send in the audit.
    await operator
      .locator('.audience-send', { hasText: TITLE })
      .getByText(/受众 2 · 送达 1 · 屏蔽 1/)
      .waitFor();
    expect(errors).toEqual([]);
  });

  test('the resident who stayed receives it in the notification centre, with one tap to stop', async () => {
    await a.goto('/notifications');
    await a.getByText(`${INSTITUTION}：${TITLE}`).waitFor();
    await a.getByText('请带好身份证').waitFor();
    await a.getByRole('button', { name: '不再接收该机构的消息' }).waitFor();
    await screenshot(a, 'audience-message');
    await expectAccessible(a, 'notification centre with an institution message');
  });

  test('the resident who opted out receives nothing and sees the institution in her settings', async () => {
    await b.goto('/notifications');
    await b.getByRole('heading', { name: '通知', level: 1 }).waitFor();
    await b.locator('.inbox-bar').waitFor();
    expect(await b.getByText(TITLE).count()).toBe(0);
    await b.goto('/notifications/settings');
    await b.getByRole('heading', { name: '机构消息' }).waitFor();
    await b.locator('.institution-optouts').getByText(INSTITUTION).waitFor();
    expect(await b.getByLabel('接收机构的优惠、促销等营销信息').isChecked()).toBe(false);
    await screenshot(b, 'audience-settings');
    await expectAccessible(b, 'notification settings with institution messages');
  });
});
