import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSse, type SseEvent, type SseStream } from '../../testing/sse-client.ts';
import { NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';
import { LIVE_STREAMS_PER_ADDRESS } from './index.ts';

let t: TestApp;
let base: string;
const open: SseStream[] = [];
beforeAll(async () => {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/live`;
});
afterAll(async () => {
  for (const s of open) s.close();
  await t.close();
});
const stream = async (query = '', headers: Record<string, string> = {}) => {
  const s = await openSse(`${base}${query}`, headers);
  open.push(s);
  return s;
};
const about = (id: string, topic: string) => (e: SseEvent) =>
  e.event === topic && (e.data as { post: { id: string } }).post.id === id;

describe('the live square', () => {
  test('a new offer and its resolution arrive without reloading; a need is filtered out', async () => {
    const live = await stream('?kind=offer');
    expect(live.status).toBe(200);
    const giver = await t.as.resident();
    const offer = await giver.createOffer({ at: NANSHAN });
    const need = await (await t.as.resident()).createNeed();
    await t.reach.runOnce();
    const created = await live.waitFor(about(offer.id, 'post.created'));
    expect(created.id).toMatch(/^\d+$/);
    expect(created.data).toMatchObject({ post: { id: offer.id, kind: 'offer' } });
    // The public view only: a masked phone, never the number.
    expect(JSON.stringify(created.data)).not.toContain(giver.phone);
    await giver.post(`/api/v1/posts/${offer.id}/resolve`);
    await t.reach.runOnce();
    await live.waitFor(about(offer.id, 'post.resolved'));
    expect(live.events.some((e) => (e.data as { post: { id: string } }).post.id === need.id)).toBe(false);
  });

  test('a hand-off arrives as post.updated with the quantity left, the public view only', async () => {
    const live = await stream('?kind=offer&medicineId=carbocisteine-tablet');
    const giver = await t.as.resident();
    const offer = await giver.createOffer({ medicineId: 'carbocisteine-tablet', quantity: 5 });
    await t.reach.runOnce();
    await live.waitFor(about(offer.id, 'post.created'));
    expect((await giver.post(`/api/v1/posts/${offer.id}/handoffs`, { quantity: 2 })).statusCode).toBe(201);
    await t.reach.runOnce();
    const updated = await live.waitFor(about(offer.id, 'post.updated'));
    expect(updated.data).toMatchObject({ post: { id: offer.id, status: 'open', items: [{ quantity: 3 }] } });
    expect(JSON.stringify(updated.data)).not.toContain(giver.phone);
  });

  test('a reconnect with Last-Event-ID receives what it missed', async () => {
    const first = await stream('?medicineId=pulse-oximeter');
    const a = await (await t.as.resident()).createOffer({ medicineId: 'pulse-oximeter', quantity: 1 });
    await t.reach.runOnce();
    const seen = await first.waitFor(about(a.id, 'post.created'));
    first.close();
    const b = await (await t.as.resident()).createOffer({ medicineId: 'pulse-oximeter', quantity: 1 });
    await t.reach.runOnce();
    const again = await stream('?medicineId=pulse-oximeter', { 'last-event-id': String(seen.id) });
    await again.waitFor(about(b.id, 'post.created'));
    expect(again.events.some((e) => e.id === seen.id)).toBe(false);
  });

  test('filters by place: a post far outside the circle is not sent', async () => {
    const live = await stream(`?near=${NANSHAN.lat},${NANSHAN.lng}&radiusKm=5`);
    const far = await (await t.as.resident()).createNeed({
      medicineId: 'n95-mask',
      at: { lat: 23.1291, lng: 113.2644 },
    });
    const near = await (await t.as.resident()).createNeed({ medicineId: 'n95-mask' });
    await t.reach.runOnce();
    await live.waitFor(about(near.id, 'post.created'));
    expect(live.events.some((e) => (e.data as { post: { id: string } }).post.id === far.id)).toBe(false);
  });

  test('one address may hold a few streams, not more; bad filters are refused', async () => {
    for (const s of open.splice(0)) s.close();
    await new Promise((r) => setTimeout(r, 100));
    const held: SseStream[] = [];
    for (let i = 0; i < LIVE_STREAMS_PER_ADDRESS; i++) held.push(await stream());
    expect(held.every((s) => s.status === 200)).toBe(true);
    const refused = await fetch(base);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('rate_limited');
    for (const s of held) s.close();
    expect((await fetch(`${base}?radiusKm=-1`)).status).toBe(400);
    expect((await fetch(`${base}?near=nowhere`)).status).toBe(400);
  });
});
