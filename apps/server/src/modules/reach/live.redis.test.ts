import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRedisBus, type LiveBus } from '../../platform/realtime.ts';
import { openSse } from '../../testing/sse-client.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';

// Two server instances on one database, each with its own Redis connections (as two processes
// behind a load balancer would have): a post handled by the first reaches a stream on the second.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let t: TestApp;
let second: Awaited<ReturnType<TestApp['anotherApp']>>;
const buses: LiveBus[] = [];
beforeAll(async () => {
  const busA = await createRedisBus(REDIS_URL, () => undefined);
  const busB = await createRedisBus(REDIS_URL, () => undefined);
  buses.push(busA, busB);
  t = await testApp({ deps: { liveBus: busA } });
  second = await t.anotherApp({ liveBus: busB });
  await second.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await second.app.close();
  await t.close();
  for (const b of buses) await b.close();
});

test('a post handled by one instance reaches a live stream on another through Redis', async () => {
  const port = (second.app.server.address() as AddressInfo).port;
  const live = await openSse(`http://127.0.0.1:${port}/api/v1/live?kind=need`);
  expect(live.status).toBe(200);
  const need = await (await t.as.resident()).createNeed({ medicineId: 'surgical-mask' });
  // Only the first instance runs its consumer: the second hears of the post only through Redis.
  await t.reach.runOnce();
  const got = await live.waitFor(
    (e) => e.event === 'post.created' && (e.data as { post: { id: string } }).post.id === need.id,
  );
  expect(got.id).toMatch(/^\d+$/);
  live.close();
});
