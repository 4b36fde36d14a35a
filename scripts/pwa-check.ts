// `npm run pwa:check` (issue 15): Lighthouse-style installability and offline checks you can run
// locally, in Chromium against the built app. Builds nothing: it serves WEB_DIST (default
// apps/web/dist, so `npm run build` first) with the real server on a fresh embedded database, or checks
// a running deployment with `npm run pwa:check -- --url https://yaoyao.example.cn`.
// Checks: the page links a manifest with the fields an install prompt needs (name, short_name,
// start_url, scope, display, icons of 192 and 512 px that answer as PNGs of that size, a maskable
// one, theme and background colours), the page has a theme colour and a viewport; a service worker is
// registered and controls the page after a reload; offline, start_url answers 200 from the service
// worker. Prints a pass/fail list; the exit code is 1 when anything failed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const urlArg = process.argv.indexOf('--url');
const givenUrl = urlArg > 0 ? process.argv[urlArg + 1] : process.env.PWA_CHECK_URL;

interface Result {
  name: string;
  ok: boolean;
  detail?: string;
}
const results: Result[] = [];
const check = (name: string, ok: boolean, detail?: string) => results.push({ name, ok, detail });

async function startLocal(): Promise<{ base: string; stop: () => Promise<void> }> {
  const webDist = path.resolve(process.env.WEB_DIST ?? path.join(root, 'apps/web/dist'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-pwa-check-'));
  const { loadConfig } = await import('../apps/server/src/platform/config.ts');
  const { bootstrap } = await import('../apps/server/src/bootstrap.ts');
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', WEB_DIST: webDist });
  const running = await bootstrap(config);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    base: `http://127.0.0.1:${address.port}`,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const pngSize = (bytes: Buffer) =>
  bytes.subarray(1, 4).toString('latin1') === 'PNG'
    ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
    : undefined;

const local = givenUrl ? undefined : await startLocal();
const base = (givenUrl ?? local?.base ?? '').replace(/\/$/, '');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const home = await page.goto('/');
  check('the app answers at /', home?.status() === 200, `HTTP ${home?.status()}`);

  // The manifest and what an install prompt needs from it.
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  check('the page links a web app manifest', Boolean(href), href ?? 'no <link rel="manifest">');
  let startUrl = '/';
  if (href) {
    const res = await context.request.get(new URL(href, base).href);
    const type = res.headers()['content-type'] ?? '';
    check('the manifest answers 200 as JSON', res.ok() && /json/.test(type), `${res.status()} ${type}`);
    let m: Record<string, unknown> = {};
    try {
      m = (await res.json()) as Record<string, unknown>;
    } catch {
      check('the manifest parses as JSON', false);
    }
    for (const field of ['name', 'short_name', 'start_url', 'scope', 'lang']) {
      check(`manifest ${field}`, typeof m[field] === 'string' && m[field] !== '', String(m[field]));
    }
    check(
      'manifest display is standalone, fullscreen or minimal-ui',
      ['standalone', 'fullscreen', 'minimal-ui'].includes(String(m.display)),
      String(m.display),
    );
    for (const colour of ['theme_color', 'background_color']) {
      check(`manifest ${colour}`, /^#[0-9a-f]{3,8}$/i.test(String(m[colour])), String(m[colour]));
    }
    startUrl = typeof m.start_url === 'string' ? m.start_url : '/';
    const startInScope = new URL(startUrl, base).href.startsWith(new URL(String(m.scope ?? '/'), base).href);
    check('start_url is inside scope', startInScope, `${startUrl} in ${String(m.scope)}`);
    const icons = Array.isArray(m.icons)
      ? (m.icons as { src: string; sizes?: string; purpose?: string }[])
      : [];
    for (const size of [192, 512]) {
      const icon = icons.find(
        (i) => i.sizes?.split(' ').includes(`${size}x${size}`) && i.purpose !== 'maskable',
      );
      if (!icon) {
        check(`a ${size}×${size} icon`, false, 'not in the manifest');
        continue;
      }
      const png = await context.request.get(new URL(icon.src, base).href);
      const dims = png.ok() ? pngSize(await png.body()) : undefined;
      check(
        `a ${size}×${size} icon answers as a PNG of that size`,
        dims?.width === size && dims?.height === size,
        `${icon.src}: ${png.status()} ${dims ? `${dims.width}×${dims.height}` : 'not a PNG'}`,
      );
    }
    const maskable = icons.find((i) => i.purpose?.split(' ').includes('maskable'));
    const maskRes = maskable ? await context.request.get(new URL(maskable.src, base).href) : undefined;
    check(
      'a maskable icon',
      Boolean(maskRes?.ok()),
      maskable ? `${maskable.src}: ${maskRes?.status()}` : 'none',
    );
  }
  check('the page has a theme colour', (await page.locator('meta[name="theme-color"]').count()) > 0);
  check(
    'the page has a mobile viewport',
    /width=device-width/.test((await page.locator('meta[name="viewport"]').getAttribute('content')) ?? ''),
  );

  // The service worker: registered, then controlling the page after a reload.
  const registered = await page
    .evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? ''),
        new Promise<string>((resolve) => setTimeout(() => resolve(''), 15_000)),
      ]),
    )
    .catch(() => '');
  check('a service worker is registered and active', Boolean(registered), registered || 'none within 15 s');
  await page.reload();
  const controller = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
  check(
    'the service worker controls the page after a reload',
    Boolean(controller),
    controller || 'no controller',
  );

  // Offline: start_url from the service worker.
  await context.setOffline(true);
  const offline = await page.goto(startUrl).catch((e: Error) => e);
  const offlineOk = !(offline instanceof Error) && offline?.status() === 200 && offline.fromServiceWorker();
  check(
    'offline, start_url answers 200 from the service worker',
    Boolean(offlineOk),
    offline instanceof Error
      ? offline.message.split('\n')[0]
      : `${offline?.status()} ${offline?.fromServiceWorker() ? 'from the service worker' : 'from the network'}`,
  );
  await context.setOffline(false);
} finally {
  await browser.close();
  await local?.stop();
}

console.log(`PWA checks for ${base}${local ? ' (the built app on a local server)' : ''}:`);
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
const failed = results.filter((r) => !r.ok).length;
console.log(
  failed ? `${failed} of ${results.length} checks failed.` : `All ${results.length} checks passed.`,
);
process.exitCode = failed ? 1 : 0;
