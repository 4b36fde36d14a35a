import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiResident,
  expectAccessible,
  idNumber,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  WEB_DIST,
  watchErrors,
} from './harness.ts';

// Issue 15, the installable offline app, in Chromium against the real server: the install conditions
// (a valid manifest with 192 and 512 px icons, a service worker controlling the page), the square read
// offline after a visit with "离线 · 数据更新于 HH:mm", and a need written offline that is published
// once when the connection returns — even with two tabs sending it at the same moment — and kept,
// asking to log in, when the session ran out meanwhile.

const ALICE = '13800138021';
const CAROL_NOTE = '想借两支抗原，明天上班前测一下。';

let server: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
/** When Alice last asked for a login code: the server sends at most one a minute per phone. */
let codeAskedAt = 0;

/** The PNG's width and height from its IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

/** The browser's session cookie, to ask the API what it holds from outside the (offline) browser. */
async function myPosts(cookie?: string): Promise<{ id: string; note: string | null; kind: string }[]> {
  cookie ??= await browserCookie();
  const res = await fetch(`${server.base}/api/v1/me/posts`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string; note: string | null; kind: string }[] }).items;
}

const browserCookie = async () =>
  (await context.cookies(server.base)).map((c) => `${c.name}=${c.value}`).join('; ');

async function waitForFeed(p: Page) {
  await p.locator('.feed, .state').first().waitFor();
  await p.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
}

/** Fills a need at the phone's position with a note, up to the preview. */
async function writeNeed(p: Page, note: string, search = 'blf', medicine = /^布洛芬片/) {
  await p.goto('/post/new');
  await p.getByRole('heading', { name: '发布信息' }).waitFor();
  await p.getByLabel('搜索并添加物品').fill(search);
  await p.getByRole('button', { name: medicine }).click();
  await p.getByRole('button', { name: '使用我的位置' }).click();
  await p.getByText(/已获取您的位置/).waitFor();
  await p.getByLabel('补充说明（选填）').fill(note);
}

beforeAll(async () => {
  server = await startServer();
  const carol = await apiResident(server, '13700137023', '323');
  await carol.post({
    kind: 'need',
    items: [{ medicineId: 'antigen-test-single', quantity: 2 }],
    location: { lat: 22.5329, lng: 113.9455 },
    note: CAROL_NOTE,
  });
  browser = await launchBrowser();
  context = await phoneContext(browser, server.base);
  page = await context.newPage();
  errors = watchErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the installable offline app', () => {
  test('install conditions: a valid manifest with its icons, a service worker controlling the page', async () => {
    await page.goto('/square');
    await waitForFeed(page);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const res = await context.request.get(href as string);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/manifest\+json|application\/json/);
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      lang: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: '余药互助 MedRelay',
      short_name: '余药互助',
      start_url: '/square',
      scope: '/',
      display: 'standalone',
      lang: 'zh-CN',
    });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const size of [192, 512]) {
      const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose !== 'maskable');
      expect(icon, `${size} px icon`).toBeDefined();
      const png = await context.request.get(icon?.src as string);
      expect(png.status()).toBe(200);
      expect(pngSize(await png.body())).toEqual({ width: size, height: size });
    }
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

    // The service worker installs on the first visit and controls the page after a reload.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await waitForFeed(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(
      `${server.base}/sw.js`,
    );
  });

  test('the square reads offline after a visit, with the time of its data', async () => {
    // The visit (under the service worker) keeps the square's page.
    await page.goto('/square');
    await waitForFeed(page);
    await page.getByText(CAROL_NOTE).waitFor();
    await expect
      .poll(() =>
        page.evaluate(async () => (await caches.open('medrelay-square-feed')).keys().then((k) => k.length)),
      )
      .toBeGreaterThan(0);

    await context.setOffline(true);
    // Really offline, for the service worker too: a page of the square it never kept cannot be had.
    const uncached = await page.evaluate(() =>
      fetch('/api/v1/posts?kind=offer&limit=3').then(
        (r) => r.status,
        () => 'failed',
      ),
    );
    expect(uncached).toBe('failed');

    await page.reload();
    await page.getByText(CAROL_NOTE).waitFor();
    const bar = page.locator('.offline-bar');
    await bar.waitFor();
    expect(await bar.textContent()).toMatch(/^离线 · 数据更新于 \d{2}:\d{2}$/);
    await expectAccessible(page, 'offline square');
    await screenshot(page, 'pwa-offline-square');

    // A new visit to the address (not only a reload) opens offline too.
    await page.goto('/square');
    await page.getByText(CAROL_NOTE).waitFor();
    await context.setOffline(false);
    await page.locator('.offline-bar').waitFor({ state: 'detached' });
  });

  test('a need written offline is kept as 待发送 and published once when back online, from two tabs', async () => {
    codeAskedAt = Date.now();
    await loginInBrowser(page, server.outbox, ALICE);
    if (await page.getByRole('heading', { name: '实名核验' }).count()) {
      await page.getByLabel('真实姓名').fill('王小明');
      await page.getByLabel('身份证号').fill(idNumber('440305', '19850612', '321'));
      await page.getByRole('button', { name: '提交核验' }).click();
      await page.getByText('已实名', { exact: true }).waitFor();
    }
    const note = '离线写的求助：孩子发烧，想借布洛芬。';
    await writeNeed(page, note);

    await context.setOffline(true);
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByLabel('我已阅读并同意以上个人信息处理方式').check();
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已保存，待发送').waitFor();
    const outbox = page.locator('.outbox');
    await outbox.getByText('1 条信息待发送').waitFor();
    expect(await outbox.locator('.outbox-state').textContent()).toBe('待发送');
    await expectAccessible(page, 'post queued offline');
    await screenshot(page, 'pwa-queued-need');
    expect(await myPosts()).toEqual([]);

    // A second tab opens offline from the service worker and shows the same outbox.
    const second = await context.newPage();
    const secondErrors = watchErrors(second);
    await second.goto('/square');
    await second.locator('.outbox').getByText('1 条信息待发送').waitFor();
    await screenshot(second, 'pwa-offline-square-outbox');
    await expectAccessible(second, 'offline square with the outbox');

    // Back online: both tabs send it at once, with the same Idempotency-Key.
    const sends: string[] = [];
    for (const p of [page, second]) {
      p.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/posts')
          sends.push(r.headers()['idempotency-key'] ?? '');
      });
    }
    await context.setOffline(false);
    await outbox.waitFor({ state: 'detached' });
    await second.locator('.outbox').waitFor({ state: 'detached' });
    expect(sends.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sends).size).toBe(1);
    const mine = await myPosts();
    expect(mine.filter((p) => p.note === note)).toHaveLength(1);

    // A reload sends nothing again.
    await page.reload();
    await page.getByRole('heading', { name: '发布信息' }).waitFor();
    expect(await myPosts()).toHaveLength(1);
    expect(secondErrors).toEqual([]);
    await second.close();
  });

  test('the session ran out while a post waited: it is kept, the page asks to log in, then sends it once', async () => {
    const note = '离线写的第二条：需要退烧贴。';
    // Another medicine: the same one again within the day is refused as a duplicate.
    await writeNeed(page, note, '扑热息痛', /^对乙酰氨基酚片/);
    await context.setOffline(true);
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已保存，待发送').waitFor();
    // Logged out elsewhere (the session cookie is gone) before the connection returns.
    const before = await browserCookie();
    await context.clearCookies();
    await context.setOffline(false);
    const item = page.locator('.outbox-item');
    await item.getByText('请登录后发送').waitFor();
    await expectAccessible(page, 'outbox asking to log in');
    await item.getByRole('link', { name: '去登录' }).click();
    await page.getByRole('button', { name: '获取验证码' }).waitFor();
    expect(await myPosts(before)).toHaveLength(1);
    // The server sends a phone at most one code a minute; the post waits meanwhile.
    await page.waitForTimeout(Math.max(0, codeAskedAt + 61_000 - Date.now()));
    await loginInBrowser(page, server.outbox, ALICE);
    await page.locator('.outbox').waitFor({ state: 'detached' });
    const mine = await myPosts();
    expect(mine.filter((p) => p.note === note)).toHaveLength(1);
    expect(mine).toHaveLength(2);
    expect(errors.filter((e) => !/401|Unauthorized/i.test(e))).toEqual([]);
  });

  test('a new version waits for 刷新 and never reloads a form being written', async () => {
    // A copy of the build whose service worker is then changed, as a deploy would.
    const dist = mkdtempSync(path.join(os.tmpdir(), 'medrelay-pwa-update-'));
    cpSync(WEB_DIST, dist, { recursive: true });
    const updating = await startServer({ WEB_DIST: dist });
    const ctx = await phoneContext(browser, updating.base);
    try {
      const p = await ctx.newPage();
      const pageErrors = watchErrors(p);
      await p.goto('/post/new');
      await p.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await p.reload();
      await p.getByRole('heading', { name: '发布信息' }).waitFor();
      expect(await p.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      const note = p.getByLabel('补充说明（选填）');
      await note.fill('写到一半的求助');
      await p.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });

      // The deploy: a new service worker; the page looks for it (as it does hourly and on return).
      appendFileSync(path.join(dist, 'sw.js'), '\n// the next version\n');
      await p.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const prompt = p.locator('.update-prompt');
      await prompt.getByText('有新版本').waitFor();
      await expectAccessible(p, 'update prompt');
      await screenshot(p, 'pwa-update-prompt');
      // Installed and waiting; the page was not reloaded and the form keeps what was typed.
      expect(
        await p.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => Boolean(r?.waiting))),
      ).toBe(true);
      expect(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(await note.inputValue()).toBe('写到一半的求助');

      // 刷新: the new version takes over and the page reloads into it.
      await Promise.all([p.waitForEvent('load'), prompt.getByRole('button', { name: '刷新' }).click()]);
      await p.getByRole('heading', { name: '发布信息' }).waitFor();
      expect(
        await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBeUndefined();
      expect(
        await p.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => Boolean(r?.waiting))),
      ).toBe(false);
      expect(await p.locator('.update-prompt').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await ctx.close();
      await updating.stop();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
