import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type Db, selectRows } from './client.ts';

/** The cookie that carries the primary's WAL position after a client's last write. */
export const WROTE_AT_COOKIE = 'mr_wrote_at';
// Long enough for any lag an operator would run with; while the replica is behind it, the holder's
// reads go to the primary, and the first read after it has caught up clears the cookie.
const COOKIE_SECONDS = 3600;
// A replica's replay position, once read, answers for this long before it is asked again.
const REPLAY_FRESH_MS = 20;

/** "16/B374D848" (pg_lsn's text form) as a number; undefined if it is not one. */
export function parseLsn(text: string | undefined | null): bigint | undefined {
  const m = text ? /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text) : null;
  if (!m) return undefined;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export interface ReadYourWrites {
  /**
   * The database reads that may lag go to: the replica, except inside a request whose client wrote
   * something the replica has not replayed yet, which reads the primary.
   */
  readonly readDb: Db;
  /** Adds the hooks: a write's reply carries the primary's WAL position; a read compares it. */
  install(app: FastifyInstance, opts: { secureCookies: boolean }): void;
}

const READS = new Set(['GET', 'HEAD']);

/**
 * Read-your-writes with a streaming replica (issue 11). A client that wrote gets a cookie with the
 * primary's WAL position right after the write (pg_current_wal_lsn(), past the write's commit).
 * Its later reads, on any server process behind the load balancer, compare that with the replica's
 * pg_last_wal_replay_lsn(): behind (or not a replica at all) → the request reads the primary; caught
 * up → the replica, and the cookie is cleared. Clients without the cookie (almost every reader of the
 * square) never pay for it. The choice rides on the request's async context, so services keep one
 * `readDb` and know nothing about it.
 */
export function createReadYourWrites(deps: { primary: Db; replica: Db }): ReadYourWrites {
  const { primary, replica } = deps;
  const toPrimary = new AsyncLocalStorage<true>();
  let replayed = -1n;
  let replayedAt = 0;
  let asking: Promise<void> | undefined;

  const readDb = new Proxy(replica, {
    get(target, prop) {
      const db = toPrimary.getStore() ? primary : target;
      const value = Reflect.get(db, prop, db);
      return typeof value === 'function' ? value.bind(db) : value;
    },
  });

  const askReplica = () => {
    asking ??= selectRows<{ lsn: string | null }>(
      replica,
      // NULL on a server that is not replaying (not a replica): unknown, so never "caught up".
      sql`SELECT pg_last_wal_replay_lsn()::text AS lsn`,
    )
      .then(([row]) => {
        replayed = parseLsn(row?.lsn) ?? -1n;
        replayedAt = performance.now();
      })
      .finally(() => {
        asking = undefined;
      });
    return asking;
  };

  async function caughtUp(lsn: bigint): Promise<boolean> {
    if (lsn <= replayed) return true;
    if (performance.now() - replayedAt > REPLAY_FRESH_MS) await askReplica();
    return lsn <= replayed;
  }

  return {
    readDb,
    install(app, { secureCookies }) {
      // preValidation, not onRequest: the handler runs inside the context set here (as
      // @fastify/request-context advises for hooks after body parsing).
      app.addHook('preValidation', (req, reply, done) => {
        const lsn = READS.has(req.method) ? parseLsn(req.cookies[WROTE_AT_COOKIE]) : undefined;
        if (lsn === undefined) return done();
        caughtUp(lsn).then(
          (yes) => {
            if (!yes) return toPrimary.run(true, done);
            reply.clearCookie(WROTE_AT_COOKIE, { path: '/' });
            done();
          },
          // The replica does not answer: the primary does.
          () => toPrimary.run(true, done),
        );
      });
      app.addHook('onSend', async (req, reply, payload) => {
        if (READS.has(req.method) || req.method === 'OPTIONS' || reply.statusCode >= 400) return payload;
        if (!req.url.startsWith('/api/')) return payload;
        const [row] = await selectRows<{ lsn: string }>(
          primary,
          sql`SELECT pg_current_wal_lsn()::text AS lsn`,
        ).catch(() => []);
        if (!row || parseLsn(row.lsn) === undefined) return payload;
        const cookie = `${WROTE_AT_COOKIE}=${row.lsn}; Max-Age=${COOKIE_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secureCookies ? '; Secure' : ''}`;
        // Fastify appends to the Set-Cookie values already set (the session's, on a login).
        reply.header('set-cookie', cookie);
        return payload;
      });
    },
  };
}
