import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FakeWechat, startFakeWechat } from '../../server/src/platform/vendors/wechat-fake.ts';
import {
  apiResident,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 15 in Chromium: a post page's HTML carries its share card (og meta) with no personal data;
// inside the mini program's web-view the page hands the card to the shell (wx.miniProgram.postMessage);
// the web-view's one-time ticket lands the H5 app logged in, and a replayed ticket does not.

const MINI_APP = 'wxe2eminiprogram';
const OWNER = '13800138151';
const WECHAT_PHONE = '13700137152';
const CONTACT = '13900139153';
const NOTE = '住在科技园十栋，孩子发烧';

let server: Server;
let fake: FakeWechat;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let postId = '';

beforeAll(async () => {
  fake = await startFakeWechat();
  server = await startServer({
    WECHAT_APP_ID: MINI_APP,
    WECHAT_APP_SECRET: 'e2e-secret',
    WECHAT_API_BASE: fake.endpoint,
    REQUIRE_VERIFICATION: 'true',
  });
  const owner = await apiResident(server, OWNER, '151');
  postId = (
    await owner.post({
      kind: 'need',
      location: { lat: 22.5329, lng: 113.9305 },
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
      note: NOTE,
      contactPhone: CONTACT,
    })
  ).id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe('WeChat share cards and the web-view ticket in a phone-sized Chromium', () => {
  test('a post page carries og meta without personal data', async () => {
    context = await phoneContext(browser, server.base);
    page = await context.newPage();
    errors = watchErrors(page);
    await page.goto(`/posts/${postId}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const meta = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('meta[property^="og:"]')].map((m) => [
          m.getAttribute('property'),
          m.getAttribute('content'),
        ]),
      ),
    );
    expect(meta['og:title']).toMatch(/^求药：布洛芬/);
    expect(meta['og:title']).toContain('南山区');
    expect(meta['og:image']).toMatch(/\/api\/v1\/share\/images\/need\.png$/);
    const html = await (
      await fetch(`${server.base}/posts/${postId}`, { headers: { accept: 'text/html' } })
    ).text();
    for (const secret of [CONTACT, CONTACT.slice(-4), OWNER, OWNER.slice(-4), '科技园', '孩子'])
      expect(html).not.toContain(secret);
    const image = await fetch(`${server.base}/api/v1/share/images/need.png`);
    expect(image.headers.get('content-type')).toBe('image/png');
    await expectAccessible(page, 'post page with share meta');
    await screenshot(page, 'wechat-share-post');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('inside the mini program the page hands its share card to the shell', async () => {
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      baseURL: server.base,
      userAgent:
        'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.49 miniProgram',
    });
    // Stands in for jweixin as WeChat's web-view provides it: records what the page posts.
    await context.addInitScript(() => {
      const posted: unknown[] = [];
      Object.assign(window, {
        __posted: posted,
        __wxjs_environment: 'miniprogram',
        wx: { miniProgram: { postMessage: (m: { data: unknown }) => posted.push(m.data) } },
      });
    });
    await context.route(
      (url) => !url.href.startsWith(server.base),
      (route) => route.abort(),
    );
    page = await context.newPage();
    await page.goto(`/posts/${postId}`);
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    expect(posted[0]).toMatchObject({
      share: { title: expect.stringMatching(/^求药：布洛芬/), path: `/posts/${postId}` },
    });
    expect(JSON.stringify(posted)).not.toContain(CONTACT);
    // Moving to the square with a filter shares the square.
    await page.goto('/square?kind=need');
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { share: { path: string } }[] }).__posted.some(
        (p) => p.share.path === '/square?kind=need',
      ),
    );
    await context.close();
  });

  test("a partner's deep link offers its mini program code for posters", async () => {
    // An approved institution, made through the API as scenery (its own flow has its own test).
    const ADMIN = '13800138159';
    const PARTNER_OWNER = '13800138158';
    const { running } = server;
    if (!running.moderation) throw new Error('moderation is not enabled');
    await running.accounts.findOrCreate(ADMIN);
    await running.moderation.setRole(null, ADMIN, 'admin');
    const api = `${server.base}/api/v1`;
    const session = async (phone: string) => {
      context = await phoneContext(browser, server.base);
      page = await context.newPage();
      await loginInBrowser(page, server.outbox, phone);
      return page;
    };
    const owner = await session(PARTNER_OWNER);
    const applied = await owner.request.post(`${api}/partners`, {
      data: {
        name: '南山区粤海街道办',
        type: 'government',
        contactName: '王主任',
        contactPhone: '13900139158',
        regionCodes: ['440305'],
      },
    });
    expect(applied.status(), await applied.text()).toBe(201);
    const partnerId = ((await applied.json()) as { id: string }).id;
    const ownerContext = context;
    const admin = await session(ADMIN);
    const decided = await admin.request.post(`${api}/admin/partners/${partnerId}/decision`, {
      data: { decision: 'approved' },
    });
    expect(decided.status(), await decided.text()).toBeLessThan(300);
    await context.close();

    context = ownerContext;
    page = owner;
    errors = watchErrors(page);
    await page.goto(`/partner/${partnerId}`);
    await page.getByRole('tablist', { name: '机构页面栏目' }).getByRole('tab', { name: '深度链接' }).click();
    await page.getByRole('button', { name: '生成链接和二维码' }).click();
    const code = page.getByRole('img', { name: '小程序码' });
    await code.waitFor();
    // The image is WeChat's answer to getwxacodeunlimit (the fake's PNG), drawn from a blob: URL.
    expect(await code.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expect(
      page.getByRole('link', { name: '下载小程序码（PNG）' }).getAttribute('download'),
    ).resolves.toBe('medrelay-miniprogram-code.png');
    await expectAccessible(page, 'deep link with the mini program code');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the web-view ticket lands the H5 app logged in, once', async () => {
    const api = `${server.base}/api/v1`;
    const json = { 'content-type': 'application/json' };
    const login = await fetch(`${api}/auth/wechat/miniprogram`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ code: fake.loginCode(MINI_APP, { openid: 'oE2E_user_1' }) }),
    });
    const { bindToken } = (await login.json()) as { bindToken: string };
    const bound = await fetch(`${api}/auth/wechat/phone`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ bindToken, phoneCode: fake.phoneCode(WECHAT_PHONE) }),
    });
    expect(bound.status).toBe(200);
    const cookie = (bound.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const made = await fetch(`${api}/auth/ticket`, { method: 'POST', headers: { cookie } });
    const { ticket } = (await made.json()) as { ticket: string };

    context = await phoneContext(browser, server.base);
    page = await context.newPage();
    errors = watchErrors(page);
    await page.goto(`/api/v1/auth/ticket?ticket=${ticket}&next=${encodeURIComponent('/me')}`);
    await page.waitForURL(/\/me$/);
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await expect(page.getByText('137****7152').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'Me after the web-view ticket');
    await screenshot(page, 'wechat-ticket-landing');
    expect(errors).toEqual([]);

    // The same ticket again, in a fresh browser: refused, and no session.
    const other = await phoneContext(browser, server.base);
    const again = await other.request.get(`/api/v1/auth/ticket?ticket=${ticket}`, { maxRedirects: 0 });
    expect(again.status()).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ticket_invalid');
    expect(again.headers()['set-cookie']).toBeUndefined();
    await other.close();
    await context.close();
  });
});
