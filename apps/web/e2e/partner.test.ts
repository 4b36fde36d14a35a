import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiResident,
  codeFromOutbox,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  seriousViolations,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 6, the partner page in Chromium: a resident applies for an institution at /partner, an admin
// approves it in the review list, and the owner creates a key (shown once, works, then revoked), makes a
// deep link with its QR code that opens a preset square keeping ref=, and adds a webhook on a local
// HTTP server that receives a post of its region and, redelivered, a second attempt.

const OWNER = '13800138071';
const ADMIN = '13900139072';
const PARTNER_NAME = '南山区粤海街道办事处';
/** 深圳南山 (Nanshan, Shenzhen), WGS-84: inside the partner's region 440305. */
const NANSHAN = { lat: 22.5329, lng: 113.9305 };

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: Server;
let browser: Browser;
let ownerContext: BrowserContext;
let adminContext: BrowserContext;
let page: Page;
let errors: string[];
let partnerId = '';
let receiver: http.Server;
let receiverUrl = '';
const received: Received[] = [];

async function openTab(p: Page, name: string) {
  await p.getByRole('tablist', { name: '机构页面栏目' }).getByRole('tab', { name }).click();
  await p.getByRole('tabpanel', { name }).waitFor();
}

/** The partner API as a partner's server calls it. */
const partnerApi = (key: string) =>
  fetch(`${server.base}/api/partner/v1/posts?kind=need`, { headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  server = await startServer();
  // The partner's own endpoint: records what MedRelay delivers and answers 200.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/medrelay`;

  // The first admin is made by whoever runs the server (npm run admin:grant), not through the API.
  const { running } = server;
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(ADMIN);
  await running.moderation.setRole(null, ADMIN, 'admin');

  browser = await launchBrowser();
  ownerContext = await phoneContext(browser, server.base);
  adminContext = await phoneContext(browser, server.base);
  page = await ownerContext.newPage();
  errors = watchErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    if (!receiver) return resolve();
    receiver.closeAllConnections();
    receiver.close(() => resolve());
  });
  await server?.stop();
});

describe('the partner page in a phone-sized Chromium', () => {
  test('a resident logs in and applies for an institution', async () => {
    await loginInBrowser(page, server.outbox, OWNER);
    await page.getByRole('link', { name: '机构合作' }).click();
    await page.getByRole('heading', { name: '申请成为合作机构' }).waitFor();
    await page.getByText('您还没有加入任何机构').waitFor();
    await expectAccessible(page, 'partner (no institution yet)');

    await page.getByLabel('机构名称').fill(PARTNER_NAME);
    expect(await page.getByLabel('机构类型').inputValue()).toBe('government');
    await page.getByLabel('联系人姓名').fill('王主任');
    await page.getByLabel('联系人手机号').fill('13900000071');
    await page.getByLabel('省份').selectOption('440000');
    await page.getByLabel('城市').selectOption('440300');
    await page.getByLabel('区县').selectOption('440305');
    await page.getByRole('button', { name: '添加此地区' }).click();
    await page.getByRole('list', { name: '已选地区' }).getByText('广东省 深圳市 南山区').waitFor();
    await page.getByRole('button', { name: '提交申请' }).click();

    await page.getByText(`已提交「${PARTNER_NAME}」的申请，请等待平台审核。`).waitFor();
    const card = page.locator('.partner-card', { hasText: PARTNER_NAME });
    expect(await card.locator('.badge').textContent()).toBe('待审核');
    const href = (await card.getByRole('link').getAttribute('href')) ?? '';
    partnerId = href.replace('/partner/', '');
    expect(partnerId).toMatch(/^[0-9a-f-]{36}$/);
    await expectAccessible(page, 'partner (applied)');
  });

  test('an admin approves the application from the review list', async () => {
    const admin = await adminContext.newPage();
    const adminErrors = watchErrors(admin);
    await loginInBrowser(admin, server.outbox, ADMIN);
    await admin.goto('/partner');
    await admin.getByRole('link', { name: '审核机构申请' }).click();
    await admin.getByRole('heading', { name: '机构申请审核' }).waitFor();
    const application = admin.locator('.application', { hasText: PARTNER_NAME });
    await application.waitFor();
    expect(await application.textContent()).toContain('王**');
    await expectAccessible(admin, 'partner review');
    await application.getByRole('button', { name: '通过', exact: true }).click();
    await application.waitFor({ state: 'detached' });
    await admin.getByRole('tab', { name: '已通过' }).click();
    await admin.locator('.application', { hasText: PARTNER_NAME }).waitFor();
    expect(adminErrors).toEqual([]);
    await admin.close();
  });

  test('the owner creates a key: shown once, it works, and once revoked it answers 401', async () => {
    await page.goto(`/partner/${partnerId}`);
    await page.getByRole('heading', { name: PARTNER_NAME }).waitFor();
    expect(await page.locator('.partner-head .badge').textContent()).toBe('已通过');
    await openTab(page, 'API 密钥');
    await page.getByLabel('密钥名称').fill('社区服务系统');
    expect(await page.getByRole('checkbox', { name: /posts:read/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '创建密钥' }).click();

    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^mr_sk_[0-9a-f]{8}_[A-Za-z0-9_-]+$/);
    const prefix = key.split('_').slice(0, 3).join('_');
    await page.getByText('这是唯一一次显示完整内容').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'partner-keys');
    await expectAccessible(page, 'partner keys (secret shown once)');

    const works = await partnerApi(key);
    expect(works.status).toBe(200);
    expect(Array.isArray(((await works.json()) as { items: unknown[] }).items)).toBe(true);

    // After a reload only the prefix is left, with the use just made counted.
    await page.reload();
    await page.getByRole('tabpanel', { name: 'API 密钥' }).waitFor();
    const item = page.locator(`li[data-key-prefix="${prefix}"]`);
    await item.waitFor();
    expect(await page.getByTestId('secret-value').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    expect(await item.locator('.key-prefix').textContent()).toBe(`${prefix}_…`);
    expect(await item.textContent()).toContain('1 / 20,000');

    await item.getByRole('button', { name: '吊销' }).click();
    await item.getByRole('button', { name: '确认吊销' }).click();
    await page.getByText('已吊销的密钥（1）').waitFor();
    const refused = await partnerApi(key);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('api_key_revoked');
  });

  test('a deep link with a region has a QR code and opens the square preset, keeping ref', async () => {
    await openTab(page, '深度链接');
    // The region picker starts at the partner's own region.
    await expect.poll(() => page.getByLabel('区县').inputValue()).toBe('440305');
    const radius = page.getByLabel('距离范围');
    const offered = await radius
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['', '1', '3', '5', '10', '20', '50']);
    await radius.selectOption('5');
    await page.getByRole('button', { name: '生成链接和二维码' }).click();

    const qr = page.getByRole('img', { name: '链接二维码' });
    await qr.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.qr');
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    const url = new URL(await page.getByLabel('链接', { exact: true }).inputValue());
    expect(url.pathname).toBe('/square');
    expect(url.searchParams.get('ref')).toBe(partnerId.slice(0, 8));
    expect(url.searchParams.get('region')).toBe('440305');
    expect(url.searchParams.get('radiusKm')).toBe('5');
    await page
      .locator('.deep-link-result')
      .evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 300));
    await screenshot(page, 'partner-links');
    await expectAccessible(page, 'partner deep link');

    await page.goto(`${url.pathname}${url.search}`);
    await page.locator('.feed, .state').first().waitFor();
    const chips = await page.locator('.active-filters button').allTextContents();
    expect(chips.join(' ')).toContain('南山区');
    expect(chips.join(' ')).toContain('5 公里内');
    // The square credits the institution whose link opened it, and counts the visit once.
    await expect.poll(() => page.locator('.ref-credit').textContent()).toBe(`来自「${PARTNER_NAME}」的链接`);
    await page.getByRole('tab', { name: '送药' }).click();
    await page.waitForURL(/kind=offer/);
    expect(new URL(page.url()).searchParams.get('ref')).toBe(partnerId.slice(0, 8));
    expect(new URL(page.url()).searchParams.get('region')).toBe('440305');
  });

  test('a webhook on a local server receives a post of its region; a redelivery is a second attempt', async () => {
    await page.goto(`/partner/${partnerId}?tab=webhooks`);
    await page.getByRole('tabpanel', { name: 'Webhooks' }).waitFor();
    await page.getByText('还没有投递记录').waitFor();
    await page.getByLabel('接收地址').fill(receiverUrl);
    expect(await page.getByRole('checkbox', { name: /post\.created/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: '广东省 深圳市 南山区' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '添加 Webhook' }).click();
    const secret = await page.getByTestId('secret-value').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: '我已保存，关闭' }).click();
    await page.locator('.webhook-item', { hasText: receiverUrl }).waitFor();

    const resident = await apiResident(server, '13700137073', '731');
    const post = await resident.post({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: NANSHAN,
    });

    // The server's dispatcher runs every second; the log refreshes itself every five.
    const delivery = page.locator('.delivery').first();
    await delivery.getByText('已送达').waitFor({ timeout: 20_000 });
    expect(await delivery.textContent()).toContain('post.created');
    expect(await delivery.locator('.delivery-facts').textContent()).toContain('200');
    expect(await delivery.locator('.delivery-attempts').textContent()).toBe('1');
    expect(received).toHaveLength(1);
    const [first] = received as [Received];
    expect(first.headers['medrelay-event']).toBe('post.created');
    expect((JSON.parse(first.body) as { data: { post: { id: string } } }).data.post.id).toBe(post.id);
    const [t, v1] = String(first.headers['medrelay-signature'])
      .split(',')
      .map((part) => part.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${first.body}`).digest('hex'));

    await delivery.getByRole('button', { name: '重新投递' }).click();
    await delivery.locator('.delivery-attempts').getByText('2', { exact: true }).waitFor({ timeout: 20_000 });
    await delivery.getByText('已送达').waitFor();
    expect(received).toHaveLength(2);
    expect(received[1]?.headers['medrelay-event-id']).toBe(first.headers['medrelay-event-id']);
    await delivery.scrollIntoViewIfNeeded();
    await screenshot(page, 'partner-webhooks');
    await expectAccessible(page, 'partner webhooks and deliveries');
  });

  test('the overview shows the figures for the region; the widget and members sections load', async () => {
    await openTab(page, '概览');
    const needs = page.locator('.partner-total.total-need dd');
    await needs.waitFor();
    expect(Number(await needs.textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.district-table').textContent()).toContain('南山区');
    // One square opened through the deep link above (switching its tab did not count again).
    expect(await page.locator('.link-visits').textContent()).toContain('今天 1 次');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'partner-page');
    await expectAccessible(page, 'partner overview');

    await openTab(page, '嵌入');
    const snippet = page.locator('.snippet pre').first();
    expect(await snippet.textContent()).toContain(`<script src="${server.base}/embed/widget.js"></script>`);
    expect(await snippet.textContent()).toContain('<medrelay-square region="440305" kind="need"');
    await page.getByRole('button', { name: '创建组件密钥' }).click();
    const widgetKey = await page.getByTestId('secret-value').inputValue();
    expect(widgetKey).toMatch(/^mr_pk_/);
    expect(await snippet.textContent()).toContain(`key="${widgetKey}"`);
    await page.getByLabel('添加网站').fill('https://www.yuehai.gov.cn');
    await page.getByRole('button', { name: '添加网站' }).click();
    await page.locator('.plain-list code', { hasText: 'https://www.yuehai.gov.cn' }).waitFor();
    await expectAccessible(page, 'partner embed');

    await openTab(page, '成员');
    await page.getByLabel('手机号', { exact: true }).fill(ADMIN);
    await page.getByLabel('角色').selectOption('viewer');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.getByText('已保存。').waitFor();
    expect(await page.getByRole('list', { name: '成员列表' }).locator('li').count()).toBe(2);
    await expectAccessible(page, 'partner members');
    expect(errors).toEqual([]);
  });
});
