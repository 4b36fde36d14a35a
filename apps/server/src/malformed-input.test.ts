import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, NANSHAN, type TestApp, testApp } from './testing/test-app.ts';

// Issue 17: malformed input is refused at the root with a clear 400, never a 500 from the database,
// a JSON event or a handler's own parsing.

let t: TestApp;
let alice: Client;
beforeAll(async () => {
  t = await testApp();
  alice = await t.as.resident();
});
afterAll(() => t.close());

const need = (extra: Record<string, unknown> = {}) => ({
  kind: 'need',
  items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
  location: NANSHAN,
  consent: true,
  ...extra,
});
const errorOf = (res: { statusCode: number; json(): unknown }) => ({
  status: res.statusCode,
  ...(res.json() as { error: { code: string; details: { field?: string } } }).error,
});

describe('text fields refuse control characters and unpaired surrogates', () => {
  test.each([
    ['a NUL byte', 'hello\u0000world'],
    ['a bell', 'ring\u0007'],
    ['an escape sequence', '\u001b[31mred'],
    ['a C1 control', 'x\u0085y'],
    ['a lone high surrogate', 'pain \ud83d'],
    ['a lone low surrogate', '\ude00 ok'],
  ])('%s in a post note → 400 invalid_text naming the field', async (_name, note) => {
    const res = await alice.post('/api/v1/posts', need({ note }));
    expect(errorOf(res)).toMatchObject({ status: 400, code: 'invalid_text', details: { field: 'note' } });
  });

  test('line breaks, tabs and emoji stay allowed in a note', async () => {
    const res = await alice.post('/api/v1/posts', need({ note: '老人发烧\n\t需要布洛芬 🙏' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().note).toBe('老人发烧\n\t需要布洛芬 🙏');
  });

  test('a single-line field refuses a line break', async () => {
    const res = await alice.post('/api/v1/partners', {
      name: '街道\n办事处',
      type: 'government',
      contactName: '王主任',
      contactPhone: '13900000001',
      regionCodes: ['440305'],
    });
    expect(errorOf(res)).toMatchObject({ status: 400, code: 'invalid_text', details: { field: 'name' } });
  });

  test('messages, report notes and moderation notes are checked too', async () => {
    const bob = await t.as.resident();
    const post = await alice.createNeed();
    const message = await bob.post(`/api/v1/posts/${post.id}/messages`, { text: 'hi\u0000' });
    expect(errorOf(message)).toMatchObject({ code: 'invalid_text', details: { field: 'text' } });
    const report = await bob.post(`/api/v1/posts/${post.id}/reports`, { reason: 'spam', note: '\ud800' });
    expect(errorOf(report)).toMatchObject({ code: 'invalid_text', details: { field: 'note' } });
  });

  test('values no schema types (rules, object keys) and query strings are caught before the handler', async () => {
    const admin = await t.as.resident();
    await t.setRole(admin, 'admin');
    const rules = await admin.post('/api/v1/moderation/rules/dry-run', { rules: { words: ['a\u0000b'] } });
    expect(errorOf(rules)).toMatchObject({
      status: 400,
      code: 'invalid_text',
      details: { field: 'rules.words[0]' },
    });
    const key = await alice.post('/api/v1/posts', { ...need(), 'x\u0000': 1 });
    expect(errorOf(key)).toMatchObject({ status: 400, code: 'invalid_text' });
    const query = await alice.get('/api/v1/posts?medicineId=ibu%00profen');
    expect(errorOf(query)).toMatchObject({
      status: 400,
      code: 'invalid_text',
      details: { field: 'medicineId' },
    });
  });

  test('nesting deeper than any request needs is refused, not walked', async () => {
    const deep = JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`);
    const res = await alice.post('/api/v1/posts', { ...need(), note: deep });
    expect(res.statusCode).toBe(400);
  });
});

describe('cursors and query strings', () => {
  const cursorWith = (k: number, f: string, id = '00000000-0000-4000-8000-000000000000') =>
    Buffer.from(JSON.stringify({ f, k, id })).toString('base64url');

  test('a cursor whose sort key is out of its real range → 400 bad_cursor, a real one still pages', async () => {
    for (let i = 0; i < 3; i++) await alice.createNeed();
    const first = await alice.get('/api/v1/posts?limit=1');
    const next = first.json().nextCursor as string;
    expect(next).toBeTruthy();
    const { f } = JSON.parse(Buffer.from(next, 'base64url').toString()) as { f: string };
    for (const k of [1e300, -1, 8.64e15 + 1, 1.5, Date.now() + 10 * 86_400_000]) {
      const res = await alice.get(`/api/v1/posts?limit=1&cursor=${cursorWith(k, f)}`);
      expect(errorOf(res), String(k)).toMatchObject({ status: 400, code: 'bad_cursor' });
    }
    const near = `near=${NANSHAN.lat},${NANSHAN.lng}&sort=distance&limit=1`;
    const byDistance = (await alice.get(`/api/v1/posts?${near}`)).json().nextCursor as string;
    const df = (JSON.parse(Buffer.from(byDistance, 'base64url').toString()) as { f: string }).f;
    // Distance keys are whole millimetres: 10^12 mm is a million kilometres, past any radius.
    const far = await alice.get(`/api/v1/posts?${near}&cursor=${cursorWith(1e12, df)}`);
    expect(errorOf(far)).toMatchObject({ status: 400, code: 'bad_cursor' });
    expect((await alice.get(`/api/v1/posts?limit=1&cursor=${next}`)).statusCode).toBe(200);
  });

  test('the embed page validates its query like every route: too long or given twice → 400', async () => {
    const long = await t.app.inject({ url: `/embed/square?key=${'k'.repeat(81)}` });
    expect(errorOf(long)).toMatchObject({ status: 400, code: 'validation_failed' });
    const twice = await t.app.inject({ url: '/embed/square?key=a&key=b' });
    expect(errorOf(twice)).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await t.app.inject({ url: '/embed/square' })).statusCode).toBe(200);
  });

  test('a repeated feed parameter is a 400, not a crash', async () => {
    const res = await alice.get('/api/v1/posts?kind=need&kind=offer&medicineId=a&medicineId=b');
    expect(res.statusCode).toBe(400);
  });
});
