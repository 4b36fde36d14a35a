import { ErrorBody } from '@medrelay/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type FuzzRequest,
  hugeBody,
  malformedRequest,
  type Operation,
  operationsOf,
} from './testing/malformed-requests.ts';
import { type TestApp, testApp } from './testing/test-app.ts';

// Issue 17: every route, generated from the OpenAPI document, gets malformed requests (wrong types,
// boundary numbers, NaN/Infinity, control characters, unpaired surrogates, prototype keys, repeated
// query parameters, wrong content types, bodies over 1 MB). None may answer 5xx, and every error has
// the one error shape. Runs on whichever store the suite runs on; FUZZ_RUNS scales it.

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 12);

let t: TestApp;
let ops: Operation[];
let cookie: Record<string, string>;
let bearer: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
  const admin = await t.as.resident();
  await t.setRole(admin, 'admin');
  // A second session of the same admin, as a raw cookie for hand-made requests.
  t.clock.advance(120_000);
  await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload: { phone: admin.phone } });
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { phone: admin.phone, code: t.lastCode(admin.phone) },
  });
  const sid = login.cookies.find((c) => c.name === 'mr_sid')?.value;
  cookie = { cookie: `mr_sid=${sid}` };
  const applied = await admin.post('/api/v1/partners', {
    name: '南山区粤海街道办事处',
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000001',
    regionCodes: ['440305'],
  });
  const partnerId = applied.json().id as string;
  await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
  const key = await admin.post(`/api/v1/partners/${partnerId}/keys`, {
    name: 'fuzz',
    scopes: ['posts:read', 'stats:read', 'posts:write_assisted'],
  });
  bearer = { authorization: `Bearer ${key.json().key}` };
  const post = await admin.createNeed();

  const doc = (await t.app.inject({ url: '/openapi.json' })).json();
  const all = operationsOf(doc).map((op) => ({ ...op, path: `${op.path}` }));
  // Each route also with the ids of real rows, so that the broken part reaches the service code.
  const real = all
    .filter((op) => /\/(partners|posts)\/\{id\}/.test(op.path))
    .map((op) => ({
      ...op,
      path: op.path
        .replace('/partners/{id}', `/partners/${partnerId}`)
        .replace('/posts/{id}', `/posts/${post.id}`),
    }));
  // Deleting the fuzzing account would only turn the rest into 401s. The live square is an endless
  // event stream: an accepted request never ends under inject(), so it is left to its own tests.
  ops = [...all, ...real].filter(
    (op) => !(op.method === 'DELETE' && op.path === '/api/v1/me') && op.path !== '/api/v1/live',
  );
  ops.push({
    method: 'GET',
    path: '/embed/square',
    params: [{ name: 'key', in: 'query', schema: { type: 'string' } }],
  });
}, 60_000);
afterAll(() => t?.close());

const authFor = (op: Operation) => (op.path.startsWith('/api/partner/') ? bearer : cookie);

async function send(req: FuzzRequest) {
  const res = await t.app.inject({
    method: req.method as 'GET',
    url: req.url,
    headers: req.headers,
    payload: req.payload,
  });
  const where = `${req.method} ${req.url.slice(0, 120)} — ${req.what}: ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode >= 400 && String(res.headers['content-type']).startsWith('application/json')) {
    expect(ErrorBody.safeParse(res.json()).success, where).toBe(true);
  }
}

test('the document lists the routes the fuzzer walks', () => {
  expect(ops.length).toBeGreaterThan(40);
});

test('malformed requests to every route: no 5xx, errors in the one shape', async () => {
  for (const op of ops) {
    for (const auth of [authFor(op), {}]) {
      await fc.assert(fc.asyncProperty(malformedRequest(op, auth), send), {
        numRuns: RUNS_PER_ROUTE,
        endOnFailure: true,
      });
    }
  }
}, 240_000);

test('a body over 1 MB is refused by size on every write route', async () => {
  for (const op of ops.filter((o) => o.body)) {
    const url = op.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000001');
    const res = await t.app.inject({
      method: op.method as 'POST',
      url,
      headers: { ...authFor(op), 'content-type': 'application/json' },
      payload: hugeBody(),
    });
    expect(res.statusCode, `${op.method} ${url}`).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  }
}, 60_000);
