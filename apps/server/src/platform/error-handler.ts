import { isInvalidTextIssue } from '@medrelay/contracts';
import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from './db/index.ts';
import { AppError } from './errors.ts';

const DATABASE_RETRY_AFTER_S = 2;

interface Issue {
  field: string;
  code: string;
  message: string;
}

/** '/items/0/quantity' → 'items[0].quantity', the form our AppError details use too. */
export function fieldFromPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

const send = (reply: { code: (n: number) => { send: (b: unknown) => unknown } }, e: AppError) =>
  reply.code(e.status).send({ error: { code: e.code, message: e.message, details: e.details } });

export function installErrorHandler(
  app: FastifyInstance,
  opts: {
    sharedStoreDown?: () => boolean;
    /** Told when a request found the database away (the health check stops trusting its last answer). */
    onDatabaseUnavailable?: () => void;
  } = {},
): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      const retry = err.details.retryAfterSeconds;
      if ((err.status === 429 || err.status === 503) && typeof retry === 'number') {
        reply.header('retry-after', String(retry));
      }
      return send(reply, err);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues: Issue[] = err.validation.map((v) => {
        const base = fieldFromPath(v.instancePath);
        const keys = (v.params as { keys?: string[] }).keys;
        const field =
          v.keyword === 'unrecognized_keys' && keys?.length
            ? [base, ...keys].filter(Boolean).join('.')
            : base;
        return {
          field: field || err.validationContext || 'request',
          code: v.keyword,
          message: v.message ?? '',
        };
      });
      // Text with control characters or broken UTF-16 has its own code, so that clients can say so.
      const badText = err.validation.findIndex((v) => isInvalidTextIssue(v.params as { params?: unknown }));
      return send(
        reply,
        new AppError(badText >= 0 ? 'invalid_text' : 'validation_failed', 400, {
          in: err.validationContext,
          field: issues[Math.max(badText, 0)]?.field,
          issues,
        }),
      );
    }
    // Fastify's own 4xx (malformed JSON, body too large, wrong content type) keep their status.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code =
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body_too_large'
          : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported_media_type'
            : 'bad_request';
      return send(
        reply,
        new AppError(code, err.statusCode, err.statusCode === 400 ? { reason: 'invalid_json' } : {}),
      );
    }
    // A lost database connection is transient (restart, failover): say so and when to retry, and keep
    // the process alive; the pool reconnects on the next request.
    if (isDatabaseUnavailable(err)) {
      opts.onDatabaseUnavailable?.();
      req.log.warn(
        { code: (err as { code?: string }).code, route: req.routeOptions.url },
        'database unavailable',
      );
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
      return send(
        reply,
        new AppError('database_unavailable', 503, { retryAfterSeconds: DATABASE_RETRY_AFTER_S }),
      );
    }
    // A fail-closed limit whose shared store (Redis) is unreachable: refuse the write, say it is temporary.
    if (opts.sharedStoreDown?.()) {
      req.log.warn({ err: { message: err.message } }, 'limit store down: write refused');
      reply.header('retry-after', '5');
      return send(reply, new AppError('rate_limit_unavailable', 503, { retryAfterSeconds: 5 }));
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, new AppError('internal_error', 500));
  });
}

/**
 * JSON 404 for the API; with the H5 app built, a browser GET of any other path gets index.html so
 * that client routes (/square?kind=need…) deep-link from official-account menus and articles.
 */
export function installNotFound(app: FastifyInstance, opts: { spaIndex: boolean }): void {
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|docs|embed|openapi\.json)/.test(req.url);
    if (opts.spaIndex && req.method === 'GET' && !isApi && (req.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return send(reply, new AppError('not_found', 404, { path: req.url.split('?')[0] }));
  });
}

/**
 * Errors Fastify raises before routing (a path with broken percent-encoding, FST_ERR_BAD_URL) go to
 * this option, not to the error handler: answer them in the same shape as every other 400.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (_err, _req, reply) => {
  send(
    reply as unknown as Parameters<typeof send>[0],
    new AppError('bad_request', 400, { reason: 'bad_url' }),
  );
};
