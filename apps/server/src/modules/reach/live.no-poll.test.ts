import { afterAll, expect, inject, test } from 'vitest';
import {
  killAll,
  type ProcessStore,
  processStore,
  residentOf,
  type ServerProcess,
  startServer,
} from '../../testing/server-process.ts';
import { openSse } from '../../testing/sse-client.ts';

// A post published in this process reaches the live square without waiting for the reach consumer's
// poll: the server runs here as `npm start` runs it, with the poll set to an hour, so only the run
// that the post's own change asks for can deliver the event (and the resident's match notice).

afterAll(killAll);
const template = inject('dbTemplate');
let store: ProcessStore | undefined;
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  await store?.drop();
});

const SHENZHEN = { lat: 22.5329, lng: 113.9305 };
const offer = {
  kind: 'offer',
  items: [{ medicineId: 'ibuprofen-tablet', quantity: 4, expiresOn: '2030-01-01', unopened: true }],
  location: SHENZHEN,
  consent: true,
};
const need = {
  kind: 'need',
  items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
  location: { lat: SHENZHEN.lat + 0.003, lng: SHENZHEN.lng },
  consent: true,
};

test('a new post reaches the live square and its counterpart without waiting for the poll', async () => {
  store = await processStore(template);
  server = await startServer({ ...store.env, REACH_POLL_MS: String(3_600_000) });
  const base = () => (server as ServerProcess).base;
  const [helper, asker] = await Promise.all([
    residentOf(base, store.dataDir, '13500000001', '10.31.0.1'),
    residentOf(base, store.dataDir, '13500000002', '10.31.0.2'),
  ]);
  const live = await openSse(`${base()}/api/v1/live?kind=need`);
  expect(live.status).toBe(200);
  const offered = await helper.call('POST', '/api/v1/posts', offer);
  expect(offered.status).toBe(201);

  const asked = await asker.call('POST', '/api/v1/posts', need);
  expect(asked.status).toBe(201);
  const id = (asked.json as { id: string }).id;
  const event = await live.waitFor((e) => (e.data as { post?: { id: string } }).post?.id === id, 15_000);
  expect(event.event).toBe('post.created');
  live.close();

  // The same run told the helper that a need matches the offer.
  const inbox = (await helper.call('GET', '/api/v1/me/notifications')).json as {
    items: { type: string; data: { postId?: string } }[];
  };
  expect(inbox.items).toContainEqual(expect.objectContaining({ type: 'match' }));
});
