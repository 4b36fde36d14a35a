import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  killAll,
  type ProcessStore,
  processStore,
  residentOf,
  type ServerProcess,
  startServer,
} from '../testing/server-process.ts';
import { openSse, type SseEvent } from '../testing/sse-client.ts';
import { createTemplate, dropTemplate, type TemplateRef } from '../testing/template-db.ts';

// Issue 10: the live square across real server processes, as deployed behind a load balancer. Two
// OS processes run main.ts on one PostgreSQL database and the machine's Redis. The reach consumer
// claims each post event once, so exactly one process publishes it; a stream on the other process
// can only hear of it through Redis. Several processes cannot share one PGlite data folder, so on
// the PGlite run this drill uses the machine's PostgreSQL, as the Redis tests use its Redis.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const suiteTemplate = inject('dbTemplate');
let template: TemplateRef;
let ownTemplate = false;
let store: ProcessStore;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ownTemplate = suiteTemplate.kind !== 'postgres';
  template = ownTemplate ? await createTemplate(PG_URL) : suiteTemplate;
  store = await processStore(template);
  const env = { ...store.env, REDIS_URL, REACH_POLL_MS: '200' };
  servers.push(await startServer(env), await startServer(env));
}, 180_000);

afterAll(async () => {
  killAll();
  await store?.drop();
  if (ownTemplate && template) await dropTemplate(template);
});

const postIdOf = (e: SseEvent) => (e.data as { post?: { id?: string } }).post?.id;

test('a need posted through one server process reaches live streams on both, once each, through Redis', async () => {
  const [a, b] = servers as [ServerProcess, ServerProcess];
  const onA = await openSse(`${a.base}/api/v1/live?kind=need`, { 'x-forwarded-for': '10.30.0.1' });
  const onB = await openSse(`${b.base}/api/v1/live?kind=need`, { 'x-forwarded-for': '10.30.0.2' });
  expect([onA.status, onB.status]).toEqual([200, 200]);

  const poster = await residentOf(() => a.base, store.dataDir, '13900001001', '10.30.0.3');
  const res = await poster.call('POST', '/api/v1/posts', {
    kind: 'need',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 1 }],
    location: { lat: 22.5329, lng: 113.9305 },
    consent: true,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  const id = (res.json as { id: string }).id;

  const seen = (e: SseEvent) => e.event === 'post.created' && postIdOf(e) === id;
  const [gotA, gotB] = await Promise.all([onA.waitFor(seen, 20_000), onB.waitFor(seen, 20_000)]);
  // The same event, with the same resumable id, on both processes.
  expect(gotA.id).toMatch(/^\d+$/);
  expect(gotB.id).toBe(gotA.id);

  // Both processes ran their consumers for a while longer: still once per stream, never twice.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(onA.events.filter(seen)).toHaveLength(1);
  expect(onB.events.filter(seen)).toHaveLength(1);
  onA.close();
  onB.close();

  // The processes agree on the post, and neither logged the poster's phone.
  for (const s of servers) expect(s.log()).not.toContain('13900001001');
}, 120_000);
