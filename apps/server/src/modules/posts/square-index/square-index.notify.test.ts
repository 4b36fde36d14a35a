import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type Listener, selectRows } from '../../../platform/db/index.ts';
import { POST_CHANGES_CHANNEL } from '../../../platform/outbox.ts';
import { type TestApp, testApp } from '../../../testing/test-app.ts';

// Issue 11: on PostgreSQL a post change NOTIFYs in its transaction (migration 0030) and every process
// LISTENs, so another process's index has the change at once. Nothing here polls: without the
// notification the second index would never catch up and the waits below run out.

const onPostgres = inject('dbTemplate').kind === 'postgres';

describe.runIf(onPostgres)('LISTEN/NOTIFY between two server instances', () => {
  let here: TestApp;
  let there: Awaited<ReturnType<TestApp['anotherApp']>>;
  let listener: Listener;
  let notified = 0;

  beforeAll(async () => {
    here = await testApp({ deps: { squareIndex: true } });
    there = await here.anotherApp({ squareIndex: true });
    await there.squareIndex?.build();
    const listen = here.store.listen;
    if (!listen) throw new Error('a PostgreSQL store can listen');
    listener = listen(POST_CHANGES_CHANNEL, {
      onNotify: () => {
        notified++;
        there.squareIndex?.changed();
      },
    });
    await listener.ready;
  }, 60_000);
  afterAll(async () => {
    await listener?.close();
    await there?.app.close();
    await here?.close();
  });

  const squareThere = async () => {
    const res = await there.app.inject({ method: 'GET', url: '/api/v1/posts?kind=need&sort=time' });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { id: string }[] }).items.map((p) => p.id);
  };
  /** Waits until `check` holds; returns how long that took. */
  const within = async (ms: number, check: () => Promise<boolean>) => {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return Date.now() - started;
  };

  test('a post written through one instance is in the other one’s square well within a second', async () => {
    const alice = await here.as.resident();
    const need = await alice.createNeed();
    // Nothing polls, so it arrives by the notification or not at all; the wait is wide for a loaded
    // machine, the figure is not.
    const took = await within(3000, async () => (await squareThere()).includes(need.id));
    expect(took).toBeLessThan(1000);

    expect((await alice.post(`/api/v1/posts/${need.id}/resolve`, {})).statusCode).toBe(200);
    expect(await within(3000, async () => !(await squareThere()).includes(need.id))).toBeLessThan(1000);
  });

  test('the notification is small and says nothing about the post; a transaction sends one', async () => {
    // Our own client on the channel sees exactly what PostgreSQL sends.
    const payloads: string[] = [];
    const [current] = await selectRows<{ db: string }>(here.store.db, sql`SELECT current_database() AS db`);
    const url = new URL(inject('dbTemplate').url as string);
    url.pathname = `/${current?.db}`;
    const raw = new pg.Client({ connectionString: url.toString() });
    await raw.connect();
    raw.on('notification', (n) => payloads.push(n.payload ?? ''));
    await raw.query(`LISTEN ${POST_CHANGES_CHANNEL}`);
    try {
      const bob = await here.as.resident();
      await bob.createNeed();
      await new Promise((r) => setTimeout(r, 200));
      expect(payloads).toEqual(['']);
    } finally {
      await raw.end();
    }
  });

  test('after the listening connection is cut it reconnects and catches up', async () => {
    const before = notified;
    const [killed] = await selectRows<{ n: number }>(
      here.store.db,
      sql`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND query = ${`LISTEN ${POST_CHANGES_CHANNEL}`}
             AND pid <> pg_backend_pid()`,
    );
    expect(killed?.n).toBeGreaterThan(0);
    // Reconnected: the listener says so (a catch-up for what it may have missed) …
    await within(5000, async () => notified > before);
    // … and hears the next change again.
    const carol = await here.as.resident();
    const need = await carol.createNeed();
    await within(3000, async () => (await squareThere()).includes(need.id));
  });
});

test('the embedded store has nothing to listen to: its one process changes the index itself', async () => {
  const t = await testApp();
  try {
    expect(Boolean(t.store.listen)).toBe(onPostgres);
  } finally {
    await t.close();
  }
}, 60_000);
