import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { isDatabaseUnavailable, openPostgres, type Store } from './index.ts';

// Issue 17 on PostgreSQL: the database goes away under the server (restart, failover, network).
// Nothing here touches the shared PostgreSQL server: a TCP proxy owned by the test stands between
// the pool and the server and is cut and restored, and pg_terminate_backend ends only this test's
// own connections.

const template = inject('dbTemplate');
const onPostgres = template.kind === 'postgres';

/** A TCP proxy to PostgreSQL that the test can cut (close every connection, refuse new ones). */
async function proxyTo(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
    restore: () => listen(port),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.runIf(onPostgres)('a lost PostgreSQL connection', () => {
  const base = new URL(template.url ?? 'postgres://localhost/none');
  const dbName = `medrelay_t_${template.ref.split('_').at(-1)}_${randomBytes(4).toString('hex')}`;
  let proxy: Awaited<ReturnType<typeof proxyTo>>;
  let store: Store;
  let t: TestApp;
  let alice: Client;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: template.url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const viaProxy = () => {
    const u = new URL(base);
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    u.pathname = `/${dbName}`;
    return u.toString();
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${dbName} TEMPLATE ${template.ref}`));
    proxy = await proxyTo(base);
    store = await openPostgres(viaProxy(), { max: 3 });
    t = await testApp({ deps: { store } });
    alice = await t.as.resident();
  });
  afterAll(async () => {
    // Cut first: a pool ends only when its connections have, and the proxy's server only when its
    // sockets have; destroying the sockets ends both at once.
    await proxy?.cut();
    await t?.close();
    await store?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  });

  const need = () => ({
    kind: 'need',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
    location: { lat: 22.5329, lng: 113.9305 },
    consent: true,
  });

  test('a connection terminated inside a transaction fails that transaction, not the process', async () => {
    const failed = await store.db
      .transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        // The server ends this backend between two statements (what a fast restart does).
        await admin((c) =>
          c.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'`,
            [dbName],
          ),
        );
        await new Promise((r) => setTimeout(r, 200));
        await tx.execute(sql`select 2`);
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(isDatabaseUnavailable(failed), String(failed)).toBe(true);
    // The broken client was discarded: the next statement gets a healthy one.
    expect((await alice.get('/api/v1/posts')).statusCode).toBe(200);
  });

  test('while the database is away: 503 database_unavailable with Retry-After, health degraded; then back', async () => {
    await proxy.cut();
    try {
      const write = await alice.post('/api/v1/posts', need());
      expect(write.statusCode).toBe(503);
      expect(write.headers['retry-after']).toBe('2');
      expect(write.json().error.code).toBe('database_unavailable');
      const read = await alice.get('/api/v1/posts');
      expect(read.statusCode).toBe(503);
      const health = await alice.get('/api/v1/health');
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'degraded', database: 'down' });
    } finally {
      await proxy.restore();
    }
    expect((await alice.get('/api/v1/health')).json()).toMatchObject({ status: 'ok', database: 'up' });
    expect((await alice.post('/api/v1/posts', need())).statusCode).toBe(201);
  });

  test('backends killed under write load: only 201 or 503, and every acknowledged post exists once', async () => {
    const residents = [alice, await t.as.resident(), await t.as.resident()];
    const keys = Array.from({ length: 24 }, (_, i) => `drill-${i}-${randomBytes(4).toString('hex')}`);
    const publish = (i: number) =>
      (residents[i % residents.length] as Client).post('/api/v1/posts', need(), {
        'idempotency-key': keys[i] as string,
      });
    // The server ends every connection of this database, again and again, while the posts go in.
    let killing = true;
    const killer = (async () => {
      while (killing) {
        await admin((c) =>
          c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [dbName]),
        );
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const first = await Promise.all(keys.map((_, i) => publish(i)));
    killing = false;
    await killer;
    expect(new Set(first.map((r) => r.statusCode))).toEqual(
      new Set(first.map((r) => r.statusCode).filter((s) => s === 201 || s === 503)),
    );
    // Clients retry a 503 with the same key, as the Retry-After asks; an acknowledged post is never
    // made twice and none is lost.
    const acknowledged = new Map<number, string>();
    first.forEach((r, i) => r.statusCode === 201 && acknowledged.set(i, r.json().id));
    for (const [i, r] of first.entries()) {
      if (r.statusCode !== 201) acknowledged.set(i, (await publish(i)).json().id);
    }
    const again = await Promise.all(keys.map((_, i) => publish(i)));
    again.forEach((r, i) => expect(r.json().id).toBe(acknowledged.get(i)));
    const rows = await admin(async (c) => {
      const u = new URL(base);
      u.pathname = `/${dbName}`;
      const direct = new pg.Client({ connectionString: u.toString() });
      await direct.connect();
      const found = await direct.query('SELECT id FROM posts WHERE id = ANY($1::uuid[])', [
        [...acknowledged.values()],
      ]);
      await direct.end();
      return found.rows;
    });
    expect(rows).toHaveLength(keys.length);
  }, 120_000);

  test('start-up waits for a database that is not up yet', async () => {
    await proxy.cut();
    const retries: number[] = [];
    const opening = openPostgres(viaProxy(), {
      max: 1,
      waitMs: 30_000,
      onFault: (_event, info) => void retries.push(info.attempt as number),
    });
    await new Promise((r) => setTimeout(r, 1200));
    await proxy.restore();
    const late = await opening;
    expect(retries.length).toBeGreaterThanOrEqual(2);
    await late.close();
  });
});
