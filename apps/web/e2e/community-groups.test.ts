import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

// Issue 14, groups and content, in Chromium: an institution's operator creates a group, a resident
// joins by its link, the operator posts a pinned announcement, a doctor reviews an article that the
// operator publishes and schedules into the group; when its time comes the resident sees both.

const OPERATOR = '13800138141';
const DOCTOR = '13800138142';
const RESIDENT = '13700137143';
const INSTITUTION = '南山区粤海街道办事处';
const GROUP = '高血压之家';
const ARTICLE = '降压药漏服了怎么办';

let server: Server;
let browser: Browser;
let operator: Page;
let doctor: Page;
let resident: Page;
let errors: string[];
let partnerId = '';
let joinUrl = '';

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
  doctor = await (await phoneContext(browser, server.base)).newPage();
  resident = await (await phoneContext(browser, server.base)).newPage();
  errors = watchErrors(operator);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('community groups and content in a phone-sized Chromium', () => {
  test('an operator creates a group and gets its join link', async () => {
    await loginInBrowser(operator, server.outbox, OPERATOR);
    await loginInBrowser(doctor, server.outbox, DOCTOR);
    const applied = await api(operator, '/partners', 'POST', {
      name: INSTITUTION,
      type: 'government',
      contactName: '王主任',
      contactPhone: '13900000141',
      regionCodes: ['440305'],
    });
    expect(applied.status).toBe(201);
    partnerId = (applied.json as { id: string }).id;
    const added = await api(operator, `/partners/${partnerId}/members`, 'POST', {
      phone: DOCTOR,
      role: 'developer',
    });
    expect(added.status).toBe(200);

    await operator.goto(`/partner/${partnerId}?tab=community`);
    await operator.getByRole('tab', { name: '社群运营' }).waitFor();
    await operator.getByText('还没有社群，先建一个吧。').waitFor();
    await operator.getByLabel('群名称').fill(GROUP);
    await operator.getByLabel('类型').selectOption('topic');
    await operator.getByLabel('简介').fill('血压管理、按时吃药');
    await operator.getByLabel('群规').fill('不发广告，不买卖药品。');
    await operator.getByRole('button', { name: '建群' }).click();
    await operator.getByRole('heading', { name: GROUP, level: 3 }).last().waitFor();
    joinUrl = (await operator.getByTestId('join-url').textContent()) ?? '';
    expect(joinUrl).toMatch(/\/groups\/join\/[A-Za-z0-9_-]{24}$/);
    await operator.locator('.join-qr svg').waitFor();
    await screenshot(operator, 'community-workspace-group');
    await expectAccessible(operator, 'community workspace (groups)');
  });

  test('a resident joins by the link, with a nickname kept from the operators', async () => {
    await loginInBrowser(resident, server.outbox, RESIDENT);
    await resident.goto(new URL(joinUrl).pathname);
    await resident.getByRole('heading', { name: GROUP, level: 1 }).waitFor();
    await resident.getByText('不发广告，不买卖药品。').waitFor();
    await resident.getByLabel('群昵称（选填）').fill('3栋王阿姨');
    await screenshot(resident, 'community-join');
    await expectAccessible(resident, 'join a group');
    await resident.getByRole('button', { name: '加入社群' }).click();
    await resident.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    await resident.getByText('还没有公告').waitFor();

    // The operator sees one member, masked: she did not agree to show her nickname.
    await operator.reload();
    await operator.getByRole('button', { name: '管理' }).click();
    await operator.getByText('成员（1）').waitFor();
    await operator.getByText('3**').waitFor();
    expect(await operator.locator('.member-list').textContent()).not.toContain('王阿姨');
  });

  test('the operator posts a pinned announcement', async () => {
    await operator.getByLabel('公告内容').fill('周六上午 9 点社区卫生服务中心免费量血压');
    await operator.getByRole('button', { name: '发布公告' }).click();
    await operator.locator('.announcement.is-pinned', { hasText: '免费量血压' }).waitFor();
  });

  test('an article is written, reviewed by a doctor (not its author), published and scheduled', async () => {
    // The owner names the doctor as a reviewer.
    await operator.getByRole('tab', { name: '内容库' }).click();
    await operator.getByRole('button', { name: '设为医生' }).first().waitFor();
    const doctorRow = operator.locator('.reviewer-row', {
      hasText: `${DOCTOR.slice(0, 3)}****${DOCTOR.slice(-4)}`,
    });
    await doctorRow.getByRole('button', { name: '设为医生' }).click();
    await doctorRow.getByText('医生', { exact: true }).waitFor();

    await operator.getByRole('button', { name: '写文章' }).click();
    await operator.getByLabel('类别').selectOption('medicine_guidance');
    await operator.getByLabel('标题').fill(ARTICLE);
    await operator.getByLabel('摘要').fill('想起来时离下次还早就补上，快到下次就别补');
    await operator
      .getByLabel('正文（Markdown）')
      .fill(
        '## 先看时间\n\n- 离下次服药**超过一半间隔**：尽快补服\n- 快到下次：跳过，**不要加倍**\n\n<script>alert(1)</script>',
      );
    await operator.getByLabel('标签').fill('高血压 用药');
    await operator.getByRole('button', { name: '保存草稿' }).click();
    const card = operator.locator('.article-card', { hasText: ARTICLE });
    await card.getByText('草稿').waitFor();
    // The author has no review button on their own article.
    expect(await card.getByRole('button', { name: '审核通过' }).count()).toBe(0);
    await screenshot(operator, 'community-workspace-content');
    await expectAccessible(operator, 'community workspace (content)');

    await doctor.goto(`/partner/${partnerId}?tab=community`);
    await doctor.getByRole('tab', { name: '内容库' }).click();
    const toReview = doctor.locator('.article-card', { hasText: ARTICLE });
    await toReview.getByRole('button', { name: '审核通过' }).click();
    await toReview.getByText('医生已审核').waitFor();

    await operator.reload();
    await operator.getByRole('tab', { name: '内容库' }).click();
    await card.getByRole('button', { name: '发布' }).click();
    await card.getByText('已发布').waitFor();

    await operator.getByRole('tab', { name: '社群', exact: true }).click();
    await operator.getByRole('button', { name: '管理' }).click();
    await operator.getByLabel('已发布的文章').selectOption({ label: ARTICLE });
    await operator.getByLabel('时间（北京时间）').selectOption('08:30');
    await operator.getByRole('button', { name: '排期推送' }).click();
    await operator.locator('.schedule-list').getByText('待推送').waitFor();
    await screenshot(operator, 'community-workspace-calendar');
    await expectAccessible(operator, 'community workspace (calendar)');
  });

  test('when its time comes, the resident sees the pinned announcement and the article', async () => {
    // Tomorrow 8:30 has come: the entry is moved to the past and the calendar's job runs as bootstrap runs it.
    await server.running.store.db.execute(
      sql`UPDATE community_schedule SET send_at = now() - interval '1 minute'`,
    );
    expect(await server.running.calendarJob.runOnce()).toEqual({ sent: 1 });

    await resident.reload();
    await resident.locator('.announcement.is-pinned', { hasText: '免费量血压' }).waitFor();
    const link = resident.getByRole('link', { name: new RegExp(ARTICLE) });
    await link.waitFor();
    await screenshot(resident, 'community-my-group');
    await expectAccessible(resident, 'my group');

    await resident.goto('/groups');
    await resident.getByRole('link', { name: new RegExp(GROUP) }).waitFor();
    await expectAccessible(resident, 'my groups');

    await resident.getByRole('link', { name: new RegExp(GROUP) }).click();
    await resident.getByRole('link', { name: new RegExp(ARTICLE) }).click();
    await resident.getByRole('heading', { name: ARTICLE, level: 1 }).waitFor();
    await resident.getByText('本文已由医生审核').waitFor();
    expect(await resident.locator('.article-body strong').first().textContent()).toBe('超过一半间隔');
    expect(await resident.locator('.article-body script').count()).toBe(0);
    await screenshot(resident, 'community-article');
    await expectAccessible(resident, 'article page');

    // The article page's HTML carries the share card for link previews.
    const html = await (await fetch(`${server.base}${new URL(resident.url()).pathname}`)).text();
    expect(html).toContain(`<meta property="og:title" content="${ARTICLE}">`);
    expect(html).toContain('og:description');
    // Opened directly (a shared link), the same page boots the app.
    await resident.goto(new URL(resident.url()).pathname);
    await resident.getByRole('heading', { name: ARTICLE, level: 1 }).waitFor();
  });

  test('elder mode and English on the group page', async () => {
    await resident.goto('/groups');
    await resident.getByRole('link', { name: new RegExp(GROUP) }).click();
    await resident.getByRole('button', { name: '大字' }).click();
    await resident.locator('.announcement.is-pinned').waitFor();
    await screenshot(resident, 'community-my-group-elder');
    await expectAccessible(resident, 'my group (elder mode)');
    await resident.getByRole('button', { name: 'English' }).click();
    await resident.getByRole('heading', { name: 'Announcements' }).waitFor();
    await resident.getByText('Leave group').waitFor();
    await screenshot(resident, 'community-my-group-en');
    await expectAccessible(resident, 'my group (English)');
    expect(errors).toEqual([]);
  });
});
