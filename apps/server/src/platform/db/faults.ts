import type pg from 'pg';

// SQLSTATE classes that mean "the server or the connection is gone or not ready", not "your query is
// wrong": 08 connection exception, 57P01–57P03 admin/crash shutdown and "cannot connect now" (a
// restart), 53300 too many connections.
const UNAVAILABLE_SQLSTATES = /^(08\d{3}|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// node-postgres reports a dropped socket and a failed checkout as plain Errors without a code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end/i;

type ErrLike = { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };

/** Whether an error (or anything it wraps: Drizzle's cause, Node's AggregateError) is a lost database. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as ErrLike;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.test(e.code) || UNAVAILABLE_ERRNOS.has(e.code)))
    return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

const READ_ONLY = /^\s*(select|with|show|values)\b/i;
const WRITES = /\b(insert|update|delete|merge|for\s+update|for\s+share|nextval|setval)\b/i;

/**
 * Retries a plain read once when its connection was lost: the pool opens a new connection for the
 * second try, so a PostgreSQL restart or failover costs readers a few milliseconds instead of an
 * error. Writes are never retried here: a write whose connection dropped may or may not have
 * committed, and only the idempotency key of the request can settle that.
 */
export function retryReadsOnce(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const textOf = (arg: unknown) =>
    typeof arg === 'string' ? arg : ((arg as { text?: string } | undefined)?.text ?? '');
  const retrying = async (...args: unknown[]) => {
    try {
      return await query(...args);
    } catch (err) {
      const text = textOf(args[0]);
      if (!isDatabaseUnavailable(err) || !READ_ONLY.test(text) || WRITES.test(text)) throw err;
      return query(...args);
    }
  };
  // Drizzle calls pool.query with a config object and no callback, so the promise form is all it needs.
  (pool as unknown as { query: typeof retrying }).query = (...args: unknown[]) =>
    typeof args.at(-1) === 'function' ? query(...args) : retrying(...args);
}

export interface WaitOptions {
  /** Give up after this long (then the process exits and its supervisor restarts it). */
  timeoutMs: number;
  onRetry?: (info: { attempt: number; delayMs: number; code: string }) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Start-up runs before the database may be up (containers start together; a restart): try, then back
 * off 250 ms, 500 ms, 1 s … up to 5 s between tries until the deadline. Only "unavailable" errors
 * are waited out; a wrong password or a missing database fails at once, because waiting cannot fix it.
 */
export async function waitForDatabase<T>(connect: () => Promise<T>, opts: WaitOptions): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + opts.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (err) {
      const delayMs = Math.min(5000, 250 * 2 ** (attempt - 1));
      if (!isDatabaseUnavailable(err) || Date.now() + delayMs > deadline) throw err;
      opts.onRetry?.({ attempt, delayMs, code: String((err as ErrLike).code ?? 'disconnected') });
      await sleep(delayMs);
    }
  }
}

/**
 * Drizzle's transaction on a pool checks a client out and sends BEGIN before its try/finally, so a
 * connection that dies at that moment is never released: the pool loses a slot for good, and after
 * `max` such losses every request waits for a client that never comes (found by the write-load drill
 * in connection-loss.test.ts). Clients checked out through the promise form of connect() therefore
 * release themselves, as broken, when a statement fails for a lost connection; release() becomes
 * idempotent so that the caller's own release afterwards is harmless.
 */
export function releaseBrokenClients(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args: unknown[]) => {
    if (args.length) return connect(...args); // the callback form, used by pool.query itself
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      const release = client.release.bind(client);
      let released = false;
      const releaseOnce = (err?: Error | boolean) => {
        if (released) return;
        released = true;
        release(err);
      };
      client.release = releaseOnce;
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
        const result = query(...a);
        if (result && typeof (result as Promise<unknown>).catch === 'function') {
          (result as Promise<unknown>).catch((err: unknown) => {
            if (isDatabaseUnavailable(err)) releaseOnce(err as Error);
          });
        }
        return result;
      };
      return client;
    });
  };
}
