// The square's first load on a slow phone (issue 16 item 9, issue 11 "compression and caching"):
// Chromium at 390×844 with the network emulated as slow 4G (1.6 Mbps down, 750 kbps up, 150 ms RTT)
// and the CPU slowed 4×, against the real server on a fresh embedded store with the demo posts.
//   npm run build && npx tsx bench/first-paint.bench.ts [--dist apps/web/dist] [--runs 5]
// Prints, per run and as medians: first contentful paint, the first post card on screen, and the
// bytes over the wire (as Chromium counts them: compressed body plus headers), JavaScript apart.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { bootstrap } from '../apps/server/src/bootstrap.ts';
import { seedDemo } from '../apps/server/src/cli/demo-seed.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { loadAverage, machine, summarize } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'apps/web/dist' },
    runs: { type: 'string', default: '5' },
    fast: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-fp-'));
const running = await bootstrap(
  loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', WEB_DIST: path.resolve(values.dist) }),
);
await seedDemo(running);
await running.app.listen({ port: 0, host: '127.0.0.1' });
const address = running.app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');
const base = `http://127.0.0.1:${address.port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});

interface Run {
  fcp: number;
  firstPost: number;
  bytes: number;
  jsBytes: number;
  jsBody: number;
  requests: number;
}

async function once(): Promise<Run> {
  // A fresh context each time: an empty cache, as on a first visit.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  // When the first post card is attached, stamped in the page itself (polling from outside lags).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.feed article')) {
        (window as unknown as { firstPostAt: number }).firstPostAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (!values.fast) {
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  const types = new Map<string, string>();
  const urls = new Map<string, string>();
  const sizes: string[] = [];
  let bytes = 0;
  let jsBytes = 0;
  let jsBody = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => {
    types.set(e.requestId, e.type);
    // The compressed body alone (what the build wrote), without the response headers.
    if (e.type === 'Script') jsBody += Number(e.response.headers['content-length'] ?? 0);
    urls.set(e.requestId, e.response.url.replace(base, ''));
  });
  cdp.on('Network.loadingFinished', (e) => {
    requests++;
    bytes += e.encodedDataLength;
    if (types.get(e.requestId) === 'Script') jsBytes += e.encodedDataLength;
    sizes.push(`${(e.encodedDataLength / 1024).toFixed(1).padStart(7)} KB  ${urls.get(e.requestId)}`);
  });
  await page.goto(`${base}/square`, { waitUntil: 'load' });
  await page.waitForSelector('.feed article', { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    firstPost: (window as unknown as { firstPostAt: number }).firstPostAt,
  }));
  await context.close();
  if (values.verbose) console.log(sizes.join('\n'));
  return { ...timing, bytes, jsBytes, jsBody, requests };
}

const runs: Run[] = [];
await once(); // warm the server's own caches; the browser starts cold every run
for (let i = 0; i < Number(values.runs); i++) runs.push(await once());
await browser.close();
await running.stop();
rmSync(dataDir, { recursive: true, force: true });

const kb = (b: number) => (b / 1024).toFixed(1);
const med = (pick: (r: Run) => number) => summarize(runs.map(pick)).p50;
console.log(
  `# first load of /square, ${values.fast ? 'no throttling' : 'slow 4G (1.6 Mbps/750 kbps/150 ms) + CPU 4×'}, ` +
    `dist ${values.dist}; ${machine()}; load average ${loadAverage()}`,
);
for (const r of runs)
  console.log(
    `  FCP ${r.fcp.toFixed(0)} ms · first post ${r.firstPost.toFixed(0)} ms · ${kb(r.bytes)} KB in ${r.requests} requests (JS ${kb(r.jsBytes)} KB, bodies ${kb(r.jsBody)} KB)`,
  );
console.log(
  `median of ${runs.length}: FCP ${med((r) => r.fcp).toFixed(0)} ms, first post ${med((r) => r.firstPost).toFixed(0)} ms, ` +
    `${kb(med((r) => r.bytes))} KB over the wire, JS ${kb(med((r) => r.jsBytes))} KB ` +
    `(compressed bodies ${kb(med((r) => r.jsBody))} KB, the rest is response headers)`,
);
