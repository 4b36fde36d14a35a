import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import {
  type PrivateRedis,
  privatePostgresMissing,
  privateRedisMissing,
  startPrivatePostgres,
  startPrivateRedis,
} from '../testing/private-services.ts';
import {
  killAll,
  type ProcessStore,
  processStore,
  type Resident,
  residentOf,
  type ServerProcess,
  startServer,
} from '../testing/server-process.ts';
import { openSse } from '../testing/sse-client.ts';

// Issue 17 drills against the server's outside dependencies, with real processes on private
// instances (the machine's PostgreSQL and Redis are shared and never touched): PostgreSQL restarted
// under load, Redis stopped and started. Run them alone with `npx vitest run --project server drill`.

afterAll(killAll);

const pgMissing = privatePostgresMissing();
const redisMissing = privateRedisMissing();
if (pgMissing) console.warn(`PostgreSQL restart drill skipped: ${pgMissing}`);
if (redisMissing) console.warn(`Redis drill skipped: ${redisMissing}`);

const SHENZHEN = { lat: 22.5329, lng: 113.9305 };
const SQUARE = `/api/v1/posts?near=${SHENZHEN.lat},${SHENZHEN.lng}&radiusKm=10&limit=20`;
const offer = (n: number) => ({
  kind: 'offer',
  items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 + (n % 9), expiresOn: '2030-01-01', unopened: true }],
  location: { lat: SHENZHEN.lat + (n % 50) * 0.0005, lng: SHENZHEN.lng },
  consent: true,
});
const dataDirs: string[] = [];
const stores: ProcessStore[] = [];
afterAll(async () => {
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  for (const s of stores) await s.drop();
});
const freshDataDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'medrelay-drill-'));
  dataDirs.push(d);
  return d;
};
const residents = (server: () => string, dataDir: string, n: number, from: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      residentOf(server, dataDir, `136${String(from + i).padStart(8, '0')}`, `10.18.${from % 250}.${i + 1}`),
    ),
  );

interface Outcome {
  what: 'read' | 'write';
  status: number | 'hung' | 'network';
  code?: string;
  retryAfter?: string | null;
}

/** One request, never waiting longer than 15 s: an answer that does not come is a hang. */
async function attempt(
  r: Resident,
  what: Outcome['what'],
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Outcome & { json?: unknown }> {
  try {
    const res = await Promise.race([
      r.call(method, p, body, headers),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hung')), 15_000)),
    ]);
    const code = (res.json as { error?: { code?: string } } | undefined)?.error?.code;
    return { what, status: res.status, code, retryAfter: res.headers.get('retry-after'), json: res.json };
  } catch (err) {
    return { what, status: (err as Error).message === 'hung' ? 'hung' : 'network' };
  }
}

const tally = (outcomes: Outcome[]) => {
  const t: Record<string, number> = {};
  for (const o of outcomes) {
    const k = `${o.what} ${o.status}${o.code ? ` ${o.code}` : ''}`;
    t[k] = (t[k] ?? 0) + 1;
  }
  return t;
};

test.skipIf(Boolean(pgMissing))(
  'PostgreSQL fast restart under load: 503 database_unavailable meanwhile, never 500, never a hang; the server recovers by itself and loses nothing acknowledged',
  async () => {
    const postgres = await startPrivatePostgres();
    let server: ServerProcess | undefined;
    try {
      const dataDir = freshDataDir();
      const env = {
        DATA_DIR: dataDir,
        DATABASE_URL: postgres.url,
        PHONE_ENC_KEY: randomBytes(32).toString('base64'),
        HASH_KEY: randomBytes(32).toString('base64'),
      };
      server = await startServer(env, 'apps/server/src/testing/drill-server.ts');
      const current = () => (server as ServerProcess).base;
      const writers = await residents(current, dataDir, 6, 100);
      const readers = await residents(current, dataDir, 6, 200);

      const outcomes: Outcome[] = [];
      const acknowledged = new Map<string, string>(); // idempotency key → post id
      const unanswered: { r: Resident; key: string; n: number }[] = [];
      let stop = false;
      let n = 0;
      const load = [
        ...writers.map(async (r, w) => {
          for (let i = 0; !stop; i++) {
            const key = `pg-restart-${w}-${i}`;
            const body = offer(n++);
            const o = await attempt(r, 'write', 'POST', '/api/v1/posts', body, { 'idempotency-key': key });
            outcomes.push(o);
            if (o.status === 201) acknowledged.set(key, (o.json as { id: string }).id);
            else unanswered.push({ r, key, n: n - 1 });
            if (o.status !== 201) await new Promise((res) => setTimeout(res, 200));
          }
        }),
        ...readers.map(async (r) => {
          while (!stop) {
            const o = await attempt(r, 'read', 'GET', SQUARE);
            outcomes.push(o);
            if (o.status !== 200) await new Promise((res) => setTimeout(res, 200));
          }
        }),
      ];
      await new Promise((res) => setTimeout(res, 1500));
      for (let restart = 0; restart < 3; restart++) {
        await postgres.restart();
        await new Promise((res) => setTimeout(res, 1500));
      }
      stop = true;
      await Promise.all(load);
      console.info('PostgreSQL restarts x3 under load:', tally(outcomes));

      // The process lived through it, and nothing was answered with a 500 or left hanging.
      expect(server.child.exitCode).toBeNull();
      expect(server.log()).not.toContain('Unhandled');
      const bad = outcomes.filter(
        (o) =>
          !(o.status === 200 || o.status === 201) &&
          !(o.status === 503 && o.code === 'database_unavailable' && o.retryAfter),
      );
      expect(bad).toEqual([]);
      expect(outcomes.some((o) => o.status === 503)).toBe(true);

      // It recovers without help: health is ok again and posting works.
      const health = await attempt(readers[0] as Resident, 'read', 'GET', '/api/v1/health');
      expect(health.status).toBe(200);
      // Every acknowledged post is there; each unanswered one is finished by a retry with its key.
      const retried = new Map<string, string>();
      for (const u of unanswered) {
        const o = await attempt(u.r, 'write', 'POST', '/api/v1/posts', offer(u.n), {
          'idempotency-key': u.key,
        });
        expect(o.status, JSON.stringify(o)).toBeLessThan(300);
        retried.set(u.key, (o.json as { id: string }).id);
      }
      for (const [w, r] of writers.entries()) {
        const mine = ((await r.call('GET', '/api/v1/me/posts')).json as { items: { id: string }[] }).items;
        const expected = [...acknowledged, ...retried]
          .filter(([key]) => key.startsWith(`pg-restart-${w}-`))
          .map(([, id]) => id);
        expect(mine.map((m) => m.id).sort()).toEqual(expected.sort());
      }
    } finally {
      await server?.kill();
      await postgres.stop();
    }
  },
  180_000,
);

test.skipIf(Boolean(redisMissing))(
  'Redis stopped and started: reads stay up, rate-limited writes close with 503 and reopen, the live square resumes',
  async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    let server: ServerProcess | undefined;
    try {
      const store = await processStore(inject('dbTemplate'));
      stores.push(store);
      const { dataDir } = store;
      server = await startServer(
        { ...store.env, REDIS_URL: redis.url },
        'apps/server/src/testing/drill-server.ts',
      );
      const current = () => (server as ServerProcess).base;
      const [poster, reader] = (await residents(current, dataDir, 2, 300)) as [Resident, Resident];
      const before = await attempt(poster, 'write', 'POST', '/api/v1/posts', offer(1));
      expect(before.status).toBe(201);
      const live = await openSse(`${server.base}/api/v1/live?kind=offer`);
      expect(live.status).toBe(200);

      await redis.stop();
      const down: Outcome[] = [];
      for (let i = 0; i < 5; i++) {
        down.push(await attempt(reader, 'read', 'GET', SQUARE));
        down.push(
          await attempt(reader, 'read', 'GET', `/api/v1/posts/${(before.json as { id: string }).id}`),
        );
        down.push(await attempt(poster, 'write', 'POST', '/api/v1/posts', offer(2 + i)));
      }
      const sms = await fetch(`${server.base}/api/v1/auth/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.18.9.9' },
        body: JSON.stringify({ phone: '13600009999' }),
      });
      const health = await attempt(reader, 'read', 'GET', '/api/v1/health');
      console.info('Redis down:', tally(down), 'sms', sms.status, 'health', health.status);
      expect(server.child.exitCode).toBeNull();
      // Reads answer; writes guarded by a shared limit close with a hint; nothing hangs or fails with 500.
      for (const o of down.filter((d) => d.what === 'read')) expect(o.status).toBe(200);
      for (const o of down.filter((d) => d.what === 'write')) {
        expect(o).toMatchObject({ status: 503, code: 'rate_limit_unavailable' });
        expect(o.retryAfter).toBeTruthy();
      }
      expect(sms.status).toBe(503);
      expect(health.status).toBe(200);

      await redis.start();
      const restarted = Date.now();
      // Back by itself: posting reopens within a few seconds, and the new post reaches the stream
      // that stayed open through the outage.
      let after: Outcome & { json?: unknown } = { what: 'write', status: 'network' };
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        after = await attempt(poster, 'write', 'POST', '/api/v1/posts', offer(20));
        if (after.status === 201) break;
        await new Promise((res) => setTimeout(res, 500));
      }
      expect(after.status, JSON.stringify(after)).toBe(201);
      const id = (after.json as { id: string }).id;
      await live.waitFor((e) => (e.data as { post?: { id: string } }).post?.id === id, 15_000);
      live.close();
      console.info(
        `Redis back: posting reopened and the stream got the new post ${Date.now() - restarted} ms after the start`,
      );
    } finally {
      await server?.kill();
      await redis.stop();
    }
  },
  120_000,
);
