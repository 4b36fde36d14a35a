import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loggerOptions } from './platform/logger.ts';
import { NANSHAN, type TestApp, testApp } from './testing/test-app.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(chunk.toString());
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ logger: pino(loggerOptions('info'), sink) });
});
afterAll(() => t.close());

describe('platform', () => {
  test('GET /health names the store in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    const expected = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
    expect(res.json()).toEqual({ status: 'ok', store: expected, readReplica: false, database: 'up' });
  });

  test('OpenAPI 3.1 documents every route; Swagger UI is served at /docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/health',
      '/api/v1/auth/sms',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/me',
      '/api/v1/medicines',
      '/api/v1/regions',
      '/api/v1/posts',
      '/api/v1/posts/{id}',
      '/api/v1/posts/{id}/resolve',
      '/api/v1/posts/{id}/renew',
      '/api/v1/me/posts',
      '/api/v1/stats/summary',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/posts'].post.requestBody).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  test('an unknown route is a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  test('an unknown error is a logged 500 with nothing internal in the body', async () => {
    // Break the store underneath the app: the next query fails inside the driver.
    const alice = await t.as.resident();
    await t.store.db.execute(
      (await import('drizzle-orm')).sql`ALTER TABLE post_items RENAME COLUMN quantity TO quantity_broken`,
    );
    try {
      const res = await alice.post('/api/v1/posts', {
        kind: 'need',
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 }],
        location: NANSHAN,
        consent: true,
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        error: { code: 'internal_error', message: expect.any(String), details: {} },
      });
      expect(res.body).not.toMatch(/quantity|post_items|column|stack/i);
      expect(lines.join('')).toMatch(/unhandled error/);
    } finally {
      await t.store.db.execute(
        (await import('drizzle-orm')).sql`ALTER TABLE post_items RENAME COLUMN quantity_broken TO quantity`,
      );
    }
  });

  test("the square's pages and health polls write no line per request; other requests do", async () => {
    const before = lines.length;
    await t.as.anonymous().get('/api/v1/posts?kind=need&sort=time');
    await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(lines.slice(before).join('')).toBe('');
    await t.as.anonymous().get('/api/v1/medicines');
    expect(lines.slice(before).join('')).toMatch(/request completed/);
  });

  test('phone numbers, codes and exact coordinates never reach the logs', async () => {
    const phone = '13912345678';
    const alice = await t.as.resident({ phone });
    await alice.createPost({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: { lat: 22.532917, lng: 113.930544 },
      contactPhone: '13787654321',
    });
    await t.as.anonymous().get('/api/v1/posts?near=22.532917,113.930544&sort=distance');
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(phone);
    expect(log).not.toContain('13787654321');
    expect(log).not.toContain(`"${t.lastCode(phone)}"`);
    expect(log).not.toContain('22.532917');
  });
});

describe('serving the H5 app', () => {
  test('deep links get index.html; unknown API paths stay JSON 404s', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dist = mkdtempSync(path.join(os.tmpdir(), 'medrelay-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>余药互助</title>');
    const web = await testApp({ deps: { webDist: dist } });
    try {
      const page = await web.app.inject({
        method: 'GET',
        url: '/square?kind=need&region=440300',
        headers: { accept: 'text/html' },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('余药互助');
      const api = await web.app.inject({
        method: 'GET',
        url: '/api/v1/nope',
        headers: { accept: 'text/html' },
      });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
    } finally {
      await web.close();
    }
  });
});
