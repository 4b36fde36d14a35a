import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, inject, test } from 'vitest';
import webpush from 'web-push';
import { type BrowserKeys, browserKeys, decryptPush } from '../testing/push-browser.ts';
import {
  killAll,
  processStore,
  type Resident,
  residentOf,
  type ServerProcess,
  startServer,
} from '../testing/server-process.ts';

// Issue 17 drills, with real processes on both stores (run them alone with
// `npx vitest run --project server drill`): the server is killed with SIGKILL in the middle of work
// and started again on the same data. Nothing it acknowledged may be lost, nothing may exist twice,
// and on PGlite the lock file the dead process left behind must not stop the restart.

const template = inject('dbTemplate');
afterAll(killAll);

const SHENZHEN = { lat: 22.5329, lng: 113.9305 };
const MEDICINES = [
  'ibuprofen-tablet',
  'acetaminophen-tablet',
  'loratadine-tablet',
  'vitamin-c-tablet',
  'ors-iii',
];

const residents = async (server: () => string, dataDir: string, n: number, from: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      residentOf(server, dataDir, `137${String(from + i).padStart(8, '0')}`, `10.17.${from % 250}.${i + 1}`),
    ),
  );

interface PostView {
  id: string;
  status: string;
  items: { medicineId: string; quantity: number }[];
}

test('kill -9 under concurrent idempotent posting: every acknowledged post is there exactly once, whole', async () => {
  const store = await processStore(template);
  let server: ServerProcess | undefined;
  try {
    server = await startServer(store.env);
    const current = () => (server as ServerProcess).base;
    const people = await residents(current, store.dataDir, 12, 100);
    const bodyOf = (i: number, n: number) => ({
      kind: n < 3 ? 'need' : 'offer',
      items: [
        {
          medicineId: MEDICINES[n % MEDICINES.length],
          quantity: 1 + n,
          ...(n < 3 ? {} : { expiresOn: '2030-01-01', unopened: true }),
        },
      ],
      location: { lat: SHENZHEN.lat + i * 0.001, lng: SHENZHEN.lng + n * 0.001 },
      consent: true,
    });
    const keyOf = (i: number, n: number) => `drill-${i}-${n}`;
    const acknowledged = new Map<string, string>(); // key → post id
    const unknown = new Set<string>(); // sent, answer lost with the process
    let killed: Promise<void> | undefined;
    const killAfter = 30;

    // Each resident posts its five posts one after another, all residents at once.
    await Promise.all(
      people.map(async (p, i) => {
        for (let n = 0; n < 5; n++) {
          const key = keyOf(i, n);
          try {
            const res = await p.call('POST', '/api/v1/posts', bodyOf(i, n), { 'idempotency-key': key });
            if (res.status === 201) acknowledged.set(key, (res.json as { id: string }).id);
            else unknown.add(key);
          } catch {
            unknown.add(key); // connection reset: committed or not, nobody knows
          }
          if (!killed && acknowledged.size >= killAfter) killed = (server as ServerProcess).kill();
        }
      }),
    );
    await killed;
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);
    console.info(
      `kill -9 while posting (${template.kind}): ${acknowledged.size} acknowledged, ${unknown.size} unanswered`,
    );

    server = await startServer(store.env);
    expect(server.log()).not.toContain('in use by process');

    // Every acknowledged post is there, whole, and a retry with its key gives the same post.
    for (const [key, id] of acknowledged) {
      const [i, n] = key.split('-').slice(1).map(Number) as [number, number];
      const got = await (people[i] as Resident).call('GET', `/api/v1/posts/${id}`);
      expect(got.status, key).toBe(200);
      const [item] = bodyOf(i, n).items;
      expect((got.json as PostView).items).toMatchObject([
        { medicineId: item?.medicineId, quantity: item?.quantity },
      ]);
      const again = await (people[i] as Resident).call('POST', '/api/v1/posts', bodyOf(i, n), {
        'idempotency-key': key,
      });
      expect(again.status).toBeLessThan(300);
      expect((again.json as { id: string }).id).toBe(id);
    }
    // The posts whose answer died with the process are finished by their retry, at most once.
    const retried = new Map<string, string>();
    for (const key of unknown) {
      const [i, n] = key.split('-').slice(1).map(Number) as [number, number];
      const res = await (people[i] as Resident).call('POST', '/api/v1/posts', bodyOf(i, n), {
        'idempotency-key': key,
      });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
      retried.set(key, (res.json as { id: string }).id);
    }
    // Each resident owns exactly the posts of their keys: none lost, none twice, none half-made.
    for (const [i, p] of people.entries()) {
      const mine = ((await p.call('GET', '/api/v1/me/posts')).json as { items: PostView[] }).items;
      const expected = [...acknowledged, ...retried]
        .filter(([key]) => key.startsWith(`drill-${i}-`))
        .map(([, id]) => id);
      expect(mine.map((m) => m.id).sort()).toEqual(expected.sort());
      for (const m of mine) expect(m.items).toHaveLength(1);
    }
  } finally {
    await server?.kill();
    await store.drop();
  }
}, 240_000);

interface Pushed {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A push service that takes its time (as real ones do), so that the kill lands mid-delivery. */
async function slowPushService(delayMs: number) {
  const received: Pushed[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      setTimeout(() => res.writeHead(201).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const waitUntil = async (what: string, done: () => boolean | Promise<boolean>, ms: number) => {
  for (const deadline = Date.now() + ms; !(await done()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

test('kill -9 during push delivery: after the restart each notification is delivered, and shown once', async () => {
  const store = await processStore(template);
  const pushService = await slowPushService(150);
  // Given, not generated: PostgreSQL deployments must name their keys.
  const vapid = webpush.generateVAPIDKeys();
  const env = { ...store.env, VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey };
  let server: ServerProcess | undefined;
  try {
    server = await startServer(env, 'apps/server/src/testing/drill-server.ts');
    const current = () => (server as ServerProcess).base;
    // Subscribers: a browser each, no quiet hours (the drill must not depend on the time of day),
    // and an alert for ibuprofen offered within 5 km.
    const subscribers = await residents(current, store.dataDir, 5, 200);
    const keys = new Map<string, BrowserKeys>(); // push path → the browser's keys
    for (const [i, s] of subscribers.entries()) {
      const k = browserKeys();
      keys.set(`/browser/${i}`, k);
      const sub = await s.call('POST', '/api/v1/me/push-subscriptions', {
        endpoint: `${pushService.origin}/browser/${i}`,
        keys: { p256dh: k.p256dh, auth: k.authB64 },
      });
      expect(sub.status).toBe(201);
      const prefs = await s.call('GET', '/api/v1/me/notification-prefs');
      const put = await s.call('PUT', '/api/v1/me/notification-prefs', {
        ...(prefs.json as object),
        quietHours: null,
      });
      expect(put.status).toBe(200);
      const alert = await s.call('POST', '/api/v1/me/alerts', {
        kind: 'offer',
        medicineId: 'ibuprofen-tablet',
        location: SHENZHEN,
        radiusKm: 5,
      });
      expect(alert.status).toBe(201);
    }
    // Eight offers: 40 notifications, about six seconds of pushes at 150 ms each.
    const posters = await residents(current, store.dataDir, 8, 300);
    for (const [i, p] of posters.entries()) {
      const res = await p.call('POST', '/api/v1/posts', {
        kind: 'offer',
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 2, expiresOn: '2030-01-01', unopened: true }],
        location: { lat: SHENZHEN.lat + i * 0.002, lng: SHENZHEN.lng },
        consent: true,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
    await waitUntil('the first pushes', () => pushService.received.length >= 8, 60_000);
    await server.kill();
    const beforeKill = pushService.received.length;

    // Restarted with its clock past the dead process's delivery leases (a minute).
    server = await startServer(
      { ...env, DRILL_CLOCK_OFFSET_MS: String(2 * 60_000) },
      'apps/server/src/testing/drill-server.ts',
    );
    const inboxes = new Map<Resident, string[]>();
    const readInboxes = async () => {
      for (const s of subscribers) {
        const res = await s.call('GET', '/api/v1/me/notifications?limit=50');
        inboxes.set(
          s,
          (res.json as { items: { id: string }[] }).items.map((n) => n.id),
        );
      }
    };
    const pushedIds = () => {
      const ids = new Map<string, number>();
      for (const r of pushService.received) {
        const payload = JSON.parse(decryptPush(r.body, keys.get(r.path) as BrowserKeys)) as { id: string };
        ids.set(payload.id, (ids.get(payload.id) ?? 0) + 1);
      }
      return ids;
    };
    await waitUntil(
      'every notification pushed',
      async () => {
        await readInboxes();
        const all = [...inboxes.values()].flat();
        const pushed = pushedIds();
        return all.length === 40 && all.every((id) => pushed.has(id));
      },
      60_000,
    );
    // In the app: one notification per offer and subscriber, each once.
    for (const ids of inboxes.values()) {
      expect(ids).toHaveLength(8);
      expect(new Set(ids).size).toBe(8);
    }
    // On the push service: every notification, to its own subscriber's browser. A push the dead
    // process had sent but not yet recorded goes again (nobody can know it arrived); that copy
    // carries the same Topic, so the push service replaces a queued one, and the same id, which
    // the service worker uses as the notification tag, so a browser shows it once.
    const pushed = pushedIds();
    expect(pushed.size).toBe(40);
    const copies = [...pushed.values()].filter((n) => n > 1).length;
    expect(copies).toBeLessThanOrEqual(beforeKill);
    for (const [id, n] of pushed) {
      const sent = pushService.received.filter(
        (r) => JSON.parse(decryptPush(r.body, keys.get(r.path) as BrowserKeys)).id === id,
      );
      expect(sent).toHaveLength(n);
      expect(new Set(sent.map((r) => r.headers.topic))).toEqual(new Set([id.replaceAll('-', '')]));
      expect(new Set(sent.map((r) => r.path)).size).toBe(1);
    }
    // Nothing is sent a third time once everything is recorded.
    const settled = pushService.received.length;
    await new Promise((r) => setTimeout(r, 5000));
    expect(pushService.received.length).toBe(settled);
    console.info(
      `kill -9 during delivery (${template.kind}): ${beforeKill} pushes before the kill, ${copies} sent again after it`,
    );
  } finally {
    await server?.kill();
    await pushService.close();
    await store.drop();
  }
}, 240_000);
