// How many held posts a moderator clears per hour in the console (issue 18), scripted in Chromium at
// phone size against the real server (PGlite in a temporary folder, the built web app):
//   npm run build -w @medrelay/web && npx tsx bench/moderation-queue.bench.ts [--web-dist apps/web/dist]
// Seeds --held posts that the rules hold: --spammers accounts with --per-spammer posts each (obvious
// spam from one account, cleared with the bulk action "this author: N held posts") and one post each
// from as many residents as it takes to reach --held (cleared one by one with the shortcuts: A approve,
// R remove with the last reason, alternately). Decisions are as fast as the page allows: no reading
// time, so the figure is what the console and the server cost a moderator, an upper bound.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CreatePostBody } from '@medrelay/contracts';
import { chromium } from 'playwright-core';
import { bootstrap } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { loadAverage, machine } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    held: { type: 'string', default: '200' },
    spammers: { type: 'string', default: '8' },
    'per-spammer': { type: 'string', default: '12' },
    'web-dist': { type: 'string', default: process.env.E2E_WEB_DIST ?? 'apps/web/dist' },
  },
});
const HELD = Number(values.held);
const SPAMMERS = Number(values.spammers);
const PER_SPAMMER = Number(values['per-spammer']);
const SINGLES = HELD - SPAMMERS * PER_SPAMMER;
if (!(SINGLES >= 0)) throw new Error('--spammers × --per-spammer exceeds --held');

const MODERATOR = '13900139099';
const HERE = { lat: 22.5329, lng: 113.9455 };
const MEDICINES = ['ibuprofen-tablet', 'antigen-test-single', 'acetaminophen-tablet'];
// One weak signal each (a contact id in disguise), so every post is held, none blocked.
const notes = [
  (n: number) => `布洛芬有多的，卫星 abc${10000 + n}`,
  (n: number) => `有需要的可以加我qq ${20000000 + n} 联系`,
  (n: number) => `泰诺林还有，🐧 ${30000000 + n}`,
];

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-bench-queue-'));
const config = loadConfig({
  DATA_DIR: dataDir,
  PORT: '0',
  LOG_LEVEL: 'warn',
  WEB_DIST: path.resolve(values['web-dist']),
});
// Seeding 200 posts from a few accounts needs the posting quotas out of the way.
const running = await bootstrap(config, undefined, (deps) => ({
  ...deps,
  quotas: { openPerKind: 10_000, newPerDay: 10_000, sameMedicineHours: 0 },
  rateLimitFactor: 1000,
}));
await running.app.listen({ port: 0, host: '127.0.0.1' });
const address = running.app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');
const base = `http://127.0.0.1:${address.port}`;

try {
  const { accounts, posts, moderation } = running;
  if (!moderation) throw new Error('moderation is not enabled');
  const post = async (phone: string, n: number) => {
    const user = await accounts.findOrCreate(phone);
    const { post: created } = await posts.create(
      user,
      CreatePostBody.parse({
        kind: 'need',
        items: [{ medicineId: MEDICINES[n % 3], quantity: 2 }],
        location: HERE,
        note: (notes[n % 3] as (n: number) => string)(n),
      }),
      undefined,
      { consentRecorded: true },
    );
    if (created.status !== 'review') throw new Error(`post ${n} was not held: ${created.status}`);
  };
  // Spam interleaved with single posts, as a queue ordered by time would show them.
  let n = 0;
  for (let round = 0; round < PER_SPAMMER; round++) {
    for (let s = 0; s < SPAMMERS; s++) await post(`1370013${String(7000 + s).padStart(4, '0')}`, n++);
    for (let i = 0; i < Math.ceil(SINGLES / PER_SPAMMER) && n < HELD; i++)
      await post(`1360013${String(n).padStart(4, '0')}`, n++);
  }
  while (n < HELD) await post(`1360013${String(n).padStart(4, '0')}`, n++);

  await accounts.findOrCreate(MODERATOR);
  await moderation.setRole(null, MODERATOR, 'moderator');
  await accounts.sendCode(MODERATOR, '127.0.0.1');
  const sent = readFileSync(config.smsOutbox, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const code = sent.filter((m: { to: string; code?: string }) => m.code && m.to.endsWith(MODERATOR)).at(-1)
    ?.code as string;
  const { token } = await accounts.login(MODERATOR, code);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    baseURL: base,
  });
  await context.route(
    (url) => !url.href.startsWith(base),
    (route) => route.abort(),
  );
  await context.addCookies([{ name: 'mr_sid', value: token, url: base }]);
  const page = await context.newPage();
  await page.goto('/admin');
  await page.locator('.queue-item.is-current').waitFor();

  const loadBefore = loadAverage();
  let bulk = 0;
  let keyed = 0;
  let lastKey = 'r';
  const started = Date.now();
  // The first removal by key needs a last reason: the first bulk removal gives it.
  for (;;) {
    const current = page.locator('.queue-item.is-current');
    if ((await current.count()) === 0) break;
    const id = await current.getAttribute('data-post-id');
    if ((await current.locator('.queue-author').count()) > 0) {
      await current.getByRole('button', { name: '全部移除…' }).click();
      await current.getByLabel('移除原因（发布者会看到）').selectOption('off_platform_contact');
      await current.getByRole('button', { name: /^移除这 \d+ 条$/ }).click();
      bulk++;
    } else {
      lastKey = lastKey === 'r' || bulk === 0 ? 'a' : 'r';
      await page.keyboard.press(lastKey);
      keyed++;
    }
    await page.locator(`.queue-item[data-post-id="${id}"]`).waitFor({ state: 'detached' });
  }
  await page.getByText('队列是空的').waitFor();
  const seconds = (Date.now() - started) / 1000;
  const left = (await moderation.queue()).length;
  await browser.close();

  console.log(`machine: ${machine()}`);
  console.log(`load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAverage()}`);
  console.log(
    `${HELD} held posts (${SPAMMERS} accounts × ${PER_SPAMMER} spam, ${SINGLES} single posts): ` +
      `${bulk} bulk decisions + ${keyed} by key in ${seconds.toFixed(1)} s, ${left} left → ` +
      `${Math.round(((HELD - left) / seconds) * 3600).toLocaleString('en')} held posts an hour`,
  );
} finally {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
