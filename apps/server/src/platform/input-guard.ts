import { hasForbiddenText } from '@medrelay/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldFromPath } from './error-handler.ts';
import { AppError } from './errors.ts';

// The schemas in contracts refuse control characters and unpaired surrogates field by field, with
// the field named. This net runs before them for what a schema cannot see: values typed `unknown`
// (the moderation rules), object keys, routes without a schema, and nesting deep enough to exhaust
// the stack of whoever walks it next. A NUL that reached PostgreSQL would answer 500; a lone
// surrogate would be stored and then break the JSON event written with the post.

const MAX_DEPTH = 32;

type Part = 'body' | 'querystring' | 'params';

/** The first offending path in a parsed value, walking iteratively so depth cannot overflow. */
export function findBadInput(
  value: unknown,
  multiLine: boolean,
): { path: string; reason: 'text' | 'depth' } | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof v === 'string') {
      if (hasForbiddenText(v, multiLine)) return { path, reason: 'text' };
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return { path, reason: 'depth' };
    for (const [key, child] of Object.entries(v)) {
      const childPath = `${path}/${key}`;
      if (hasForbiddenText(key, false)) return { path: childPath, reason: 'text' };
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

const check = (req: FastifyRequest, part: Part, value: unknown) => {
  // Bodies hold notes and messages, where line breaks are text; query strings and paths never do.
  const bad = findBadInput(value, part === 'body');
  if (!bad) return;
  const field = fieldFromPath(bad.path) || part;
  if (bad.reason === 'depth') {
    throw new AppError('validation_failed', 400, {
      in: part,
      field,
      reason: 'too_deep',
      maxDepth: MAX_DEPTH,
    });
  }
  req.log.info({ in: part, field }, 'invalid text refused');
  throw new AppError('invalid_text', 400, { in: part, field });
};

export function installInputGuard(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request and never waits for anything.
  app.addHook('preValidation', (req, _reply, done) => {
    try {
      check(req, 'params', req.params);
      check(req, 'querystring', req.query);
      check(req, 'body', req.body);
    } catch (err) {
      return done(err as Error);
    }
    done();
  });
}
