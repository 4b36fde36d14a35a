import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, ERRORS, isErrorCode } from '@medrelay/contracts';
import Fastify from 'fastify';
import { describe, expect, test } from 'vitest';
import { installErrorHandler } from './error-handler.ts';
import { AppError } from './errors.ts';

const serverSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });

/**
 * The codes a source text can answer with: every string literal in the first argument of an
 * `AppError(` (also `AppError(cond ? 'a' : 'b'`), and any hand-built `error: { code: '…' }` body.
 * The type of AppError's constructor covers codes that arrive through a variable; this catches a
 * literal slipped past it with a cast.
 */
function codesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\bAppError\(\s*([^,()]*)/g)) {
    for (const lit of (m[1] as string).matchAll(/'([^']*)'/g)) found.push(lit[1] as string);
  }
  for (const m of text.matchAll(/\berror:\s*\{\s*code:\s*'([^']*)'/g)) found.push(m[1] as string);
  return found;
}

describe('the list of error codes', () => {
  test('every code the server source can throw is in the list', () => {
    const unknown: string[] = [];
    const seen = new Set<string>();
    for (const file of sourceFiles(serverSrc)) {
      for (const code of codesIn(readFileSync(file, 'utf8'))) {
        seen.add(code);
        if (!isErrorCode(code)) unknown.push(`${path.relative(serverSrc, file)}: ${code}`);
      }
    }
    // A broken pattern would find nothing and pass; the server throws far more than this.
    expect(seen.size).toBeGreaterThan(40);
    expect(unknown).toEqual([]);
  });

  test('the scan sees literals in every form the source uses', () => {
    const sample = `
      throw new AppError('made_up', 400);
      throw new AppError(
        'split_line', 409, {});
      throw new AppError(dead ? 'first_choice' : 'second_choice', 400);
      reply.send({ error: { code: 'by_hand', message: '' } });
      throw new AppError(code, 503);`;
    expect(codesIn(sample)).toEqual(['made_up', 'split_line', 'first_choice', 'second_choice', 'by_hand']);
  });

  test('each code is snake_case and has a Chinese and an English message', () => {
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(ERRORS[code].zh, code).toMatch(/\p{Script=Han}/u);
      expect(ERRORS[code].en, code).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  test('AppError takes its message from the list', () => {
    expect(new AppError('invalid_transition', 409).message).toBe(
      "This change is not allowed from the post's current state.",
    );
    expect(new AppError('api_key_revoked', 401).message).toBe(ERRORS.api_key_revoked.en);
  });
});

describe('the codes the error handler answers on its own', () => {
  test('malformed JSON, oversized and non-JSON bodies, and unknown errors answer listed codes', async () => {
    const app = Fastify({ logger: false, bodyLimit: 64 });
    installErrorHandler(app);
    app.post('/echo', async (req) => req.body);
    app.get('/boom', async () => {
      throw new Error('internal detail');
    });
    const answers = await Promise.all([
      app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
      app.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(200) } }),
      app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/x-nope' }, body: 'hi' }),
      app.inject({ method: 'GET', url: '/boom' }),
    ]);
    const codes = answers.map((res) => res.json().error.code);
    expect(codes).toEqual(['bad_request', 'body_too_large', 'unsupported_media_type', 'internal_error']);
    for (const res of answers) {
      const { code, message } = res.json().error;
      expect(isErrorCode(code)).toBe(true);
      expect(message).toBe(ERRORS[code as keyof typeof ERRORS].en);
    }
    await app.close();
  });
});
