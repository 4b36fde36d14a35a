import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { bootstrap, type Running } from '../../server/src/bootstrap.ts';
import type { Clock } from '../../server/src/platform/clock.ts';
import { loadConfig } from '../../server/src/platform/config.ts';

/** The real time plus an offset a test moves, so that a window can open and close without waiting. */
export function offsetClock(): Clock & { offset: number } {
  const clock = { offset: 0, now: (): Date => new Date(Date.now() + clock.offset) };
  return clock;
}

const here = path.dirname(fileURLToPath(import.meta.url));
// E2E_WEB_DIST lets parallel work build the app into its own folder without racing on dist/.
export const WEB_DIST = process.env.E2E_WEB_DIST ?? path.resolve(here, '../dist');
// Tests must not rewrite tracked files: screenshots go to an ignored folder unless the docs' copies are
// being refreshed on purpose (`npm run screenshots`, which sets SCREENSHOTS_DIR to docs/screenshots).
export const SCREENSHOTS = path.resolve(
  process.env.SCREENSHOTS_DIR ?? path.resolve(here, '../../../.artifacts/screenshots'),
);
mkdirSync(SCREENSHOTS, { recursive: true });
const AXE = path.resolve(here, '../../../node_modules/axe-core/axe.min.js');

/** 深圳南山 (Nanshan, Shenzhen), WGS-84: where the first resident is. */
export const NANSHAN = { latitude: 22.5329, longitude: 113.9305 };

export interface Server {
  running: Running;
  base: string;
  outbox: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The real server on a fresh embedded database, serving the built web app at / as in production.
 * `env` adds settings (e.g. MAP_TILE_URL) to the test ones; `clock` lets a test move the server's
 * time (see offsetClock).
 */
export async function startServer(env: Record<string, string> = {}, clock?: Clock): Promise<Server> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`The web app is not built (${WEB_DIST}); run \`npm run build\` first.`);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-e2e-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    STATS_MIN_COUNT: '1',
    WEB_DIST,
    ...env,
  });
  const running = await bootstrap(config, clock);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;
  const home = await fetch(`${base}/square`, { headers: { accept: 'text/html' } });
  if (!home.ok) throw new Error(`The server does not serve the web app from ${WEB_DIST} (${home.status}).`);
  return {
    running,
    base,
    outbox: config.smsOutbox,
    dataDir,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * A phone-sized context in Chinese with a granted position. Nothing leaves the machine: every request
 * that is not to the test server (map tiles above all) is aborted. `locationGranted: false` is a
 * first visit that has not shared the position; `desktop` a 1280×800 desktop browser.
 */
export async function phoneContext(
  browser: Browser,
  base: string,
  geolocation: { latitude: number; longitude: number } = NANSHAN,
  { locationGranted = true, desktop = false } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: desktop ? { width: 1280, height: 800 } : { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: !desktop,
    hasTouch: !desktop,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation,
    permissions: locationGranted ? ['geolocation'] : [],
    baseURL: base,
  });
  await context.route(
    (url) => !url.href.startsWith(base),
    (route) => route.abort(),
  );
  return context;
}

/** Collects page errors and failed same-origin requests so a test can assert the console stayed clean. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/tile|Failed to load resource/i.test(m.text()))
      errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The latest one-time code the console SMS provider wrote for a phone, waiting for it to appear. */
export async function codeFromOutbox(outbox: string, phone: string, after = 0): Promise<string> {
  for (let i = 0; i < 50; i++) {
    if (existsSync(outbox)) {
      const lines = readFileSync(outbox, 'utf8').trim().split('\n').filter(Boolean);
      const hits = lines
        .map((l) => JSON.parse(l) as { to: string; code: string; at: string })
        // SMS notices (a match on a need) share the outbox and carry no code.
        .filter((m) => m.code && m.to.endsWith(phone.slice(-11)) && new Date(m.at).getTime() >= after);
      const last = hits.at(-1);
      if (last) return last.code;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS code for ${phone} in ${outbox}`);
}

/** A well-formed GB 11643 resident ID number (region, birth date, sequence, check character). */
export function idNumber(region = '440305', birth = '19850612', seq = '123'): string {
  const body = `${region}${birth}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

/** axe-core in the page; returns the serious and critical violations, described for a failure message. */
export async function seriousViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than a <script> tag: the app's CSP (script-src 'self')
  // rightly blocks inline scripts, and the test must not weaken it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  // Colours read in the middle of a transition (a button that just became pressed eases its
  // background for 0.15 s) are neither the old nor the new ones: let finite transitions end first.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const violations = await page.evaluate(async (excluded) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    const ctx = excluded.length ? { exclude: excluded.map((s) => [s]) } : document;
    const res = (await axe.run(ctx, { resultTypes: ['violations'] })) as {
      violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
    };
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} — ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 4)
            .join(', ')}`,
      );
  }, exclude);
  return violations;
}

/** Fails the test with the list of serious and critical axe violations on the page, if any. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await seriousViolations(page), `axe on ${screen}`).toEqual([]);
}

/** Logs in through the Me screen as a resident would, with the code the console SMS provider wrote. */
export async function loginInBrowser(page: Page, outbox: string, phone: string): Promise<void> {
  await page.goto('/me');
  await page.getByLabel('手机号', { exact: true }).fill(phone);
  const asked = Date.now() - 1000;
  await page.getByRole('button', { name: '获取验证码' }).click();
  const code = await codeFromOutbox(outbox, phone, asked);
  await page.getByText('验证码已发送').waitFor();
  await page.getByLabel('短信验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let fonts, charts and map markers settle; animations are not part of what the picture shows.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Logs in over HTTP with the console SMS code: the JSON headers that carry the session. */
async function loginOverHttp(server: Server, phone: string): Promise<Record<string, string>> {
  const base = `${server.base}/api/v1`;
  const json = { 'content-type': 'application/json' };
  const sent = Date.now() - 1000;
  const sms = await fetch(`${base}/auth/sms`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone }),
  });
  if (!sms.ok) throw new Error(`sms ${sms.status} ${await sms.text()}`);
  const code = await codeFromOutbox(server.outbox, phone, sent);
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone, code }),
  });
  if (!login.ok) throw new Error(`login ${login.status} ${await login.text()}`);
  return { ...json, cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

/**
 * A session through HTTP for the scenery of a browser test (a pharmacy's owner, an admin): a call
 * to /api/v1 that fails the test on any non-2xx answer.
 */
export async function apiSession(server: Server, phone: string) {
  const base = `${server.base}/api/v1`;
  const headers = await loginOverHttp(server, phone);
  return async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${url} ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
}

/**
 * A logged-in, verified resident through HTTP, for posts that are scenery in a browser test (the
 * browser flows themselves go through the UI).
 */
export async function apiResident(server: Server, phone: string, idSeq: string) {
  const base = `${server.base}/api/v1`;
  const headers = await loginOverHttp(server, phone);
  const verify = await fetch(`${base}/me/verification`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: '李四', idNumber: idNumber('440304', '19790301', idSeq) }),
  });
  if (!verify.ok) throw new Error(`verify ${verify.status} ${await verify.text()}`);
  return {
    async post(body: Record<string, unknown>): Promise<{ id: string }> {
      const res = await fetch(`${base}/posts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ consent: true, ...body }),
      });
      if (res.status !== 201) throw new Error(`post ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    },
  };
}
