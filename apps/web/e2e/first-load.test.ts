import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../../server/src/cli/demo-seed.ts';
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
  watchErrors,
} from './harness.ts';

// Issue 16, the first five minutes, in Chromium at 390×844: the square's header and skeleton come
// with the HTML (before any JavaScript), the app's files arrive compressed and cacheable, the Me
// page's buttons are big enough for a thumb, the login box links a user agreement and a privacy
// notice, and "ID format checked only" is for operators, not beside a resident's 已实名.

const RESIDENT = '13800138061';
const OPERATOR = '13800138062';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await seedDemo(server.running as unknown as Parameters<typeof seedDemo>[0], 12);
  // A neighbour's need near the phone's position, whichever way the square opens.
  const neighbour = await apiResident(server, '13700137063', '163');
  for (const [i, medicineId] of [
    'ibuprofen-tablet',
    'antigen-test-single',
    'acetaminophen-tablet',
  ].entries()) {
    await neighbour.post({
      kind: 'need',
      items: [{ medicineId, quantity: 2 }],
      location: { lat: 22.5339 + i * 0.002, lng: 113.9315 },
      note: '家里老人发烧，想借一点应急，可以在小区门口自取，谢谢邻居。',
    });
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function phonePage(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await phoneContext(browser, server.base);
  const page = await context.newPage();
  return { page, errors: watchErrors(page), close: () => context.close() };
}

async function verify(page: Page, name: string, id: string) {
  await page.getByRole('heading', { name: '实名核验' }).waitFor();
  await page.getByLabel('真实姓名').fill(name);
  await page.getByLabel('身份证号').fill(id);
  await page.getByRole('button', { name: '提交核验' }).click();
  await page.getByText('已实名', { exact: true }).waitFor();
}

async function heightOf(page: Page, locator: ReturnType<Page['locator']>): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`not on screen: ${locator}`);
  return box.height;
}

describe('the first load', () => {
  test('before any JavaScript runs, the HTML alone shows the header and the shape of the list', async () => {
    const { page, close } = await phonePage();
    // As on a slow network where the scripts have not arrived yet: none of them ever does.
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto('/square');
    await expect.poll(() => page.locator('header .brand-name').textContent()).toBe('余药互助');
    await page.getByRole('status', { name: '正在加载信息广场…' }).waitFor();
    expect(await page.locator('.skeleton-card').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'first-paint-shell');
    await expectAccessible(page, 'the square before its JavaScript');
    await close();
  });

  test('then the app replaces the shell in place, and every file arrives compressed and cacheable', async () => {
    const { page, errors, close } = await phonePage();
    const responses: Response[] = [];
    page.on('response', (r) => responses.push(r));
    await page.goto('/square');
    await page.locator('.feed article').first().waitFor();
    // React's first render replaced the static shell: one header, no leftover skeleton from the HTML.
    expect(await page.locator('header.app-header').count()).toBe(1);
    expect(await page.getByRole('status', { name: '正在加载信息广场…' }).count()).toBe(0);

    const document = responses.find((r) => r.request().resourceType() === 'document');
    const docHeaders = await document?.allHeaders();
    expect(docHeaders?.['cache-control']).toBe('no-cache');
    expect(docHeaders?.['content-encoding']).toBe('br');

    const scripts = responses.filter((r) => r.request().resourceType() === 'script');
    expect(scripts.length).toBeGreaterThan(3);
    for (const script of scripts) {
      const headers = await script.allHeaders();
      expect(headers['content-encoding'], script.url()).toMatch(/^(br|gzip)$/);
      expect(headers['cache-control'], script.url()).toBe('public, max-age=31536000, immutable');
    }
    // JSON of 1 KB or more (the square's page, the catalogue) comes compressed; smaller replies do not.
    const api = responses.filter((r) => r.url().includes('/api/v1/') && r.request().method() === 'GET');
    let compressed = 0;
    for (const r of api) {
      const headers = await r.allHeaders();
      if (!/json/.test(headers['content-type'] ?? '')) continue;
      const size = (await r.body()).length;
      expect(headers['content-encoding'], `${r.url()} (${size} bytes)`).toBe(size >= 1024 ? 'br' : undefined);
      if (headers['content-encoding']) compressed++;
    }
    expect(compressed).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await close();
  });

  test('English comes in a file of its own, only for a resident who chooses it, and stays chosen', async () => {
    const { page, errors, close } = await phonePage();
    const english: string[] = [];
    page.on('request', (r) => {
      if (/\/assets\/en-[^/]*\.js$/.test(r.url())) english.push(r.url());
    });
    await page.goto('/square');
    const header = page.locator('header.app-header');
    await header.getByRole('button', { name: 'English' }).click();
    await header.getByRole('button', { name: '中文' }).waitFor();
    await expect.poll(() => header.locator('.brand-name').textContent()).toBe('MedRelay');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(english).toHaveLength(1);

    // After a reload the app waits for its English strings before it renders at all.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await header.locator('.brand-name').textContent()).toBe('MedRelay');
    await header.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => header.locator('.brand-name').textContent()).toBe('余药互助');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('logging in and the Me page', () => {
  test('the login box links a user agreement and a privacy notice, both readable in a tap', async () => {
    const { page, errors, close } = await phonePage();
    await page.goto('/me');
    const links = page.getByRole('navigation', { name: '用户协议与隐私说明' });
    await links.waitFor();
    await screenshot(page, 'login-legal-links');
    for (const name of ['用户协议', '隐私说明']) {
      expect(await heightOf(page, links.getByRole('link', { name })), name).toBeGreaterThanOrEqual(44);
    }

    await links.getByRole('link', { name: '用户协议' }).click();
    await page.getByRole('heading', { name: '用户协议', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '不做买卖' }).waitFor();
    await page.getByRole('heading', { name: '实名核验能说明什么' }).waitFor();
    await screenshot(page, 'terms');
    await expectAccessible(page, 'user agreement');

    await page.goBack();
    await page
      .getByRole('navigation', { name: '用户协议与隐私说明' })
      .getByRole('link', { name: '隐私说明' })
      .click();
    await page.getByRole('heading', { name: '隐私说明', level: 1 }).waitFor();
    // The server's notice, the same text that residents consent to at their first post.
    await page.getByRole('heading', { name: '我们收集什么' }).waitFor();
    await page.getByRole('heading', { name: '保存多久' }).waitFor();
    await screenshot(page, 'privacy-notice');
    await expectAccessible(page, 'privacy notice');
    expect(errors).toEqual([]);
    await close();
  });

  test('a resident sees 已实名 without "ID format checked only"; the Me page buttons are ≥ 44 px', async () => {
    const { page, errors, close } = await phonePage();
    await loginInBrowser(page, server.outbox, RESIDENT);
    await verify(page, '王小明', idNumber('440305', '19850612', '161'));
    await page
      .getByText(/王\*|\*\*/)
      .first()
      .waitFor();
    expect(await page.getByText('仅校验了证件号格式').count()).toBe(0);

    const header = page.locator('header.app-header');
    const targets = {
      大字: header.getByRole('button', { name: '大字' }),
      English: header.getByRole('button', { name: 'English' }),
      退出登录: page.getByRole('button', { name: '退出登录' }),
      发布: page.getByRole('main').getByRole('link', { name: '发布', exact: true }),
    };
    for (const [name, target] of Object.entries(targets)) {
      expect(await heightOf(page, target), name).toBeGreaterThanOrEqual(44);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'me-verified');
    await expectAccessible(page, 'me (verified resident)');
    expect(errors).toEqual([]);
    await close();
  });

  test('an operator still sees what the check proved', async () => {
    const { page, close } = await phonePage();
    await loginInBrowser(page, server.outbox, OPERATOR);
    await verify(page, '李四', idNumber('440305', '19790301', '162'));
    const moderation = server.running.moderation;
    if (!moderation) throw new Error('moderation is off');
    await moderation.setRole(null, OPERATOR, 'admin');
    await page.reload();
    await page.getByText('（仅校验了证件号格式）', { exact: false }).waitFor();
    await close();
  });
});
