import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../testing/test-app.ts';

// Issue 16 item 9: the square loads the whole catalogue; a browser may reuse it for ten minutes.
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

test('the catalogue may be kept by the browser for ten minutes, whole or searched', async () => {
  const visitor = t.as.anonymous();
  for (const url of ['/api/v1/medicines', '/api/v1/medicines?q=blf']) {
    const res = await visitor.get(url);
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['cache-control'], url).toBe('public, max-age=600');
  }
});

test('a bad query is not cached', async () => {
  const res = await t.as.anonymous().get(`/api/v1/medicines?q=${'x'.repeat(500)}`);
  expect(res.statusCode).toBe(400);
  expect(res.headers['cache-control']).not.toBe('public, max-age=600');
});
