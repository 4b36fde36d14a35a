import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../testing/test-app.ts';

// Issue 11, "compression and caching", as a browser meets it: the build's Brotli and gzip copies are
// sent as they are, hashed files are cached for a year, index.html is revalidated, and JSON replies
// of 1 KB or more are compressed for clients that accept it (never the live square's event stream).

let t: TestApp;
const dist = mkdtempSync(path.join(os.tmpdir(), 'medrelay-dist-'));
const script = `export const square = ${JSON.stringify('信息广场 '.repeat(400))};\n`;
const page = `<!doctype html><title>余药互助</title><div id="root">${'<p>骨架</p>'.repeat(200)}</div>`;

/** What `vite build` writes: each text file with its .br and .gz copies beside it. */
function writeBuilt(file: string, body: string) {
  writeFileSync(path.join(dist, file), body);
  writeFileSync(path.join(dist, `${file}.br`), brotliCompressSync(body));
  writeFileSync(path.join(dist, `${file}.gz`), gzipSync(body));
}

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeBuilt('index.html', page);
  writeBuilt('assets/index-abc123.js', script);
  writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("push", () => {});');
  t = await testApp({ deps: { webDist: dist } });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

test('a hashed asset is sent as the build compressed it, and may be kept for a year', async () => {
  const br = await get('/assets/index-abc123.js', { 'accept-encoding': 'br, gzip, deflate' });
  expect(br.statusCode).toBe(200);
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['content-type']).toMatch(/^(application|text)\/javascript/);
  expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(br.headers.vary).toMatch(/accept-encoding/i);
  expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
  expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 10);
  // A script obeys no CSP or framing header (those are for documents); it keeps nosniff and CORP.
  expect(br.headers['content-security-policy']).toBeUndefined();
  expect(br.headers['x-frame-options']).toBeUndefined();
  expect(br.headers['x-content-type-options']).toBe('nosniff');
  expect(br.headers['cross-origin-resource-policy']).toBe('same-origin');

  const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
  expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');

  const plain = await get('/assets/index-abc123.js');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body).toBe(script);
  expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('the compressed copies are not addresses of their own', async () => {
  expect((await get('/assets/index-abc123.js.br')).statusCode).toBe(404);
  expect((await get('/index.html.gz')).statusCode).toBe(404);
});

test('index.html, at / and at every client route, is revalidated on each visit and sent compressed', async () => {
  for (const url of ['/', '/square?kind=need', '/posts/some-id']) {
    const res = await get(url, { accept: 'text/html', 'accept-encoding': 'gzip, br' });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['cache-control'], url).toBe('no-cache');
    expect(res.headers['content-encoding'], url).toBe('br');
    expect(res.headers['content-type'], url).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
    // The square and post pages carry their share card's meta tags (modules/wechat), marked data-share.
    const html = brotliDecompressSync(res.rawPayload).toString();
    expect(html.replace(/<meta [^>]*data-share>/g, ''), url).toBe(page);
  }
  const plain = await get('/square', { accept: 'text/html' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.replace(/<meta [^>]*data-share>/g, '')).toBe(page);
});

test('files outside assets/ (the service worker) are revalidated, not kept', async () => {
  const sw = await get('/sw.js', { 'accept-encoding': 'br, gzip' });
  expect(sw.statusCode).toBe(200);
  expect(sw.headers['cache-control']).toBe('no-cache');
  // A service worker is a document for CSP purposes: it keeps the policy.
  expect(sw.headers['content-security-policy']).toContain("script-src 'self'");
});

test('JSON replies of 1 KB or more are compressed for a client that accepts it, small ones are not', async () => {
  const plain = await get('/api/v1/medicines');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.rawPayload.length).toBeGreaterThan(1024);

  const br = await get('/api/v1/medicines', { 'accept-encoding': 'br, gzip' });
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers.vary).toMatch(/accept-encoding/i);
  expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
  expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);

  const gz = await get('/api/v1/medicines', { 'accept-encoding': 'gzip' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());

  const small = await get('/api/v1/health', { 'accept-encoding': 'br, gzip' });
  expect(small.statusCode).toBe(200);
  expect(small.rawPayload.length).toBeLessThan(1024);
  expect(small.headers['content-encoding']).toBeUndefined();
});

test('the live square is never compressed: a buffered event would arrive late', async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http
      .get(
        {
          port,
          host: '127.0.0.1',
          path: '/api/v1/live?kind=need',
          headers: { accept: 'text/event-stream', 'accept-encoding': 'br, gzip' },
        },
        resolve,
      )
      .on('error', reject);
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
  expect(res.headers['content-encoding']).toBeUndefined();
  res.destroy();
});
