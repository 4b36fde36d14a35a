import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bootstrap, type Running } from '../../server/src/bootstrap.ts';
import { loadConfig } from '../../server/src/platform/config.ts';
import { checkCharacter } from '../../server/src/platform/id-number.ts';
import { codeFromOutbox, launchBrowser, screenshot } from './harness.ts';

// Issue 6, the embeddable square in Chromium: a partner page on an allowed origin (a second local HTTP
// server) frames the square with the widget script and the frame renders the posts and grows to them;
// the same snippet on another origin is refused by the embed page's CSP frame-ancestors.
//
// The server is started here rather than with the harness's startServer: the embed routes do not need
// the built web app, and the harness's fallback static proxy would answer /embed/square with the SPA.

const PHONE = '13800138061';
/** 深圳南山 (Nanshan, Shenzhen), WGS-84. */
const NANSHAN = { lat: 22.5329, lng: 113.9305 };
const VIEWPORT = { width: 390, height: 844 };

let running: Running;
let dataDir: string;
let medrelay: string;
let publishableKey: string;
let allowed: PartnerSite;
let refused: PartnerSite;
let browser: Browser;
let context: BrowserContext;

interface PartnerSite {
  origin: string;
  close(): Promise<void>;
}

/** A partner's own web page, on its own origin, with the documented snippet pasted in. */
async function partnerSite(title: string, snippet: () => string): Promise<PartnerSite> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", sans-serif; background: #f3f5f4; color: #1b2a24; }
  header { background: #8c1c13; color: #fff; padding: 14px 16px; }
  header h1 { margin: 0; font-size: 19px; }
  header p { margin: 4px 0 0; font-size: 13px; opacity: .85; }
  main { padding: 12px 16px; }
  h2 { font-size: 16px; margin: 4px 0 10px; }
</style></head>
<body>
<header><h1>${title}</h1><p>便民服务 · 社区公告</p></header>
<main>
<h2>本街道的余药互助信息</h2>
${snippet()}
</main>
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const snippet = () =>
  `<script src="${medrelay}/embed/widget.js"></script>
<medrelay-square region="440305" kind="need" key="${publishableKey}"></medrelay-square>`;

/** A resident ID number with a correct GB 11643 check character. */
function idNumber(): string {
  const first17 = '44030519850612271';
  return first17 + checkCharacter(first17);
}

/** Logs in through the SMS outbox, verifies the real name, and returns a JSON caller with the session. */
async function login(phone: string) {
  const api = `${medrelay}/api/v1`;
  const json = { 'content-type': 'application/json' };
  const asked = Date.now() - 1000;
  const sms = await fetch(`${api}/auth/sms`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone }),
  });
  expect(sms.status, await sms.clone().text()).toBe(200);
  const code = await codeFromOutbox(path.join(dataDir, 'sms-outbox.jsonl'), phone, asked);
  const loggedIn = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone, code }),
  });
  expect(loggedIn.status, await loggedIn.clone().text()).toBe(200);
  const cookie = (loggedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${api}${url}`, {
      method,
      headers: { ...json, cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & { id: string } };
  };
  const verified = await call('POST', '/me/verification', { name: '测试居民', idNumber: idNumber() });
  expect(verified.status, JSON.stringify(verified.json)).toBe(200);
  return call;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-embed-'));
  running = await bootstrap(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      // Not needed by the embed; a directory without a build keeps the server to the API and /embed.
      WEB_DIST: path.join(dataDir, 'no-web-app'),
    }),
  );
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  medrelay = `http://127.0.0.1:${(running.app.server.address() as AddressInfo).port}`;

  const call = await login(PHONE);
  // Needs in 南山 for the square to show; distinct items, within the per-person open-post quota.
  for (const medicineId of ['ibuprofen-tablet', 'acetaminophen-tablet', 'antigen-test-single']) {
    const post = await call('POST', '/posts', {
      kind: 'need',
      items: [{ medicineId, quantity: 2 }],
      location: NANSHAN,
      consent: true,
    });
    expect(post.status, JSON.stringify(post.json)).toBe(201);
  }

  // The first admin is made in the database (the CLI's job in production).
  await running.store.db.execute(sql`UPDATE users SET role = 'admin'`);
  const partner = await call('POST', '/partners', {
    name: '南山区粤海街道办事处',
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000061',
    regionCodes: ['440305'],
  });
  expect(partner.status, JSON.stringify(partner.json)).toBe(201);
  const id = partner.json.id;
  const approved = await call('POST', `/admin/partners/${id}/decision`, { decision: 'approved' });
  expect(approved.status, JSON.stringify(approved.json)).toBe(200);
  const key = await call('POST', `/partners/${id}/keys`, {
    name: '街道官网组件',
    kind: 'publishable',
    scopes: ['posts:read'],
  });
  expect(key.status, JSON.stringify(key.json)).toBe(201);
  expect(key.json.prefix).toMatch(/^mr_pk_/);
  publishableKey = String(key.json.key);

  allowed = await partnerSite('粤海街道办事处', snippet);
  refused = await partnerSite('某个未登记的网站', snippet);
  const origins = await call('PATCH', `/partners/${id}`, { allowedOrigins: [allowed.origin] });
  expect(origins.status, JSON.stringify(origins.json)).toBe(200);
  expect(origins.json.allowedOrigins).toEqual([allowed.origin]);

  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // Nothing leaves the machine.
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await allowed?.close();
  await refused?.close();
  await running?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Opens a partner page and collects what the console says, from every frame. */
async function open(origin: string): Promise<{ page: Page; console: string[] }> {
  const page = await context.newPage();
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/`);
  await page.locator('medrelay-square iframe').waitFor({ state: 'attached' });
  return { page, console: messages };
}

/** The square's frame inside the widget's shadow root, once it has started navigating. */
async function squareFrame(page: Page): Promise<Frame> {
  const iframe = page.locator('medrelay-square iframe');
  for (let i = 0; i < 50; i++) {
    const frame = await (await iframe.elementHandle())?.contentFrame();
    const url = frame?.url() ?? '';
    if (frame && url && url !== 'about:blank') return frame;
    await page.waitForTimeout(100);
  }
  throw new Error('the widget frame never navigated');
}

describe('the embeddable square in Chromium', () => {
  test('the embed page names exactly the allowed origin in frame-ancestors', async () => {
    const res = await fetch(`${medrelay}/embed/square?region=440305&kind=need&key=${publishableKey}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors ${allowed.origin};`);
    expect(csp).not.toContain(refused.origin);
    expect(res.headers.get('x-frame-options')).toBeNull();
    // Without a key the page cannot be framed anywhere.
    const bare = await fetch(`${medrelay}/embed/square?region=440305`);
    expect(bare.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  test('the embed page takes the documented theme, compact and limit parameters', async () => {
    const page = await context.newPage();
    await page.goto(`${medrelay}/embed/square?region=440305&kind=need&theme=8c1c13&compact=1&limit=1`);
    const card = page.locator('a.card.need');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await page.evaluate(() => document.body.classList.contains('compact'))).toBe(true);
    expect(await card.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(140, 28, 19)');
    // Anything but six hex digits is ignored.
    await page.goto(`${medrelay}/embed/square?region=440305&kind=need&theme=red`);
    await card.first().waitFor();
    expect(await card.first().evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe(
      'rgb(31, 122, 92)',
    );
    await page.close();
  });

  test('on an allowed origin the frame renders the posts and grows to its content', async () => {
    const { page, console } = await open(allowed.origin);
    const square = page.frameLocator('medrelay-square iframe');
    const card = square.locator('a.card.need').filter({ hasText: '布洛芬' });
    await card.waitFor({ state: 'visible', timeout: 15_000 });
    await expect(card.textContent()).resolves.toContain('南山');
    expect(await square.locator('a.card').count()).toBe(3);

    const frame = await squareFrame(page);
    expect(frame.url()).toMatch(new RegExp(`^${medrelay}/embed/square\\?`));
    expect(new URL(frame.url()).searchParams.get('region')).toBe('440305');
    // The widget's postMessage set the height to the content's: taller than the 160 px minimum.
    const iframe = page.locator('medrelay-square iframe');
    await expect
      .poll(() => iframe.evaluate((el) => (el as HTMLIFrameElement).style.height), { timeout: 5000 })
      .toMatch(/^\d+px$/);
    const contentHeight = await frame.evaluate(() => document.documentElement.scrollHeight);
    const styled = Number.parseInt(await iframe.evaluate((el) => (el as HTMLIFrameElement).style.height), 10);
    expect(styled).toBe(Math.max(160, contentHeight));
    expect(styled).toBeGreaterThan(160);
    const box = await iframe.boundingBox();
    expect(Math.round(box?.height ?? 0)).toBe(styled);
    // Every action opens the full app in a new tab; nothing in the frame is a form or a login.
    expect(await card.getAttribute('target')).toBe('_blank');
    expect(await square.locator('form, input').count()).toBe(0);
    expect(console.filter((m) => /frame-ancestors|Refused/i.test(m))).toEqual([]);

    await screenshot(page, 'embed-allowed');
    await page.close();
  });

  test('on another origin the frame is refused by CSP frame-ancestors', async () => {
    const { page, console } = await open(refused.origin);
    const frame = await squareFrame(page);
    // Chromium replaces a frame refused by frame-ancestors with its own error page.
    await expect.poll(() => frame.url(), { timeout: 5000 }).toMatch(/^chrome-error:/);
    await expect
      .poll(() => console.some((m) => m.includes('frame-ancestors') && m.includes(allowed.origin)), {
        timeout: 5000,
      })
      .toBe(true);
    const square = page.frameLocator('medrelay-square iframe');
    await expect(square.locator('a.card').first().waitFor({ timeout: 1500 })).rejects.toThrow(/Timeout/);
    // No height ever came from the refused frame.
    const iframe = page.locator('medrelay-square iframe');
    expect(await iframe.evaluate((el) => (el as HTMLIFrameElement).style.height)).toBe('');
    expect(Math.round((await iframe.boundingBox())?.height ?? 0)).toBe(160);

    await screenshot(page, 'embed-refused');
    await page.close();
  });
});
