import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../testing/test-app.ts';

// A global budget of 6 requests a minute (600 × 0.01) for this app, and a built web app beside it.
let t: TestApp;
const dist = mkdtempSync(path.join(os.tmpdir(), 'medrelay-dist-'));
beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>余药互助</title>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'export {};');
  t = await testApp({ deps: { webDist: dist, rateLimitFactor: 0.01 } });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

test("the web app's hashed files never spend the address's API budget", async () => {
  const visitor = t.as.anonymous('10.9.9.9');
  for (let i = 0; i < 12; i++) {
    expect((await visitor.get('/assets/index-abc123.js')).statusCode).toBe(200);
  }
  const api: number[] = [];
  for (let i = 0; i < 8; i++) api.push((await visitor.get('/api/v1/medicines')).statusCode);
  expect(api.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
  expect(api.at(-1)).toBe(429);
});
