import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';
import { type Received, receiver, verify } from '../../testing/webhook-receiver.ts';

let t: TestApp;
let owner: Client;
let partnerId: string;
beforeAll(async () => {
  t = await testApp();
  owner = await t.as.resident();
  const admin = await t.as.resident();
  await t.setRole(admin, 'admin');
  partnerId = (
    await owner.post('/api/v1/partners', {
      name: '深圳市某连锁药房',
      type: 'pharmacy',
      contactName: '刘店长',
      contactPhone: '13900000003',
      regionCodes: ['440300'],
    })
  ).json().id;
  await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
});
afterAll(() => t.close());

const subscribe = async (url: string, events = ['post.created', 'post.resolved']) => {
  const res = await owner.post(`/api/v1/partners/${partnerId}/webhooks`, { url, events });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
};
const stopAll = async () => {
  for (const w of (await owner.get(`/api/v1/partners/${partnerId}/webhooks`)).json().items) {
    await owner.del(`/api/v1/partners/${partnerId}/webhooks/${w.id}`);
  }
};

describe('webhooks', () => {
  test('a post in my region arrives signed, with the public view only; one elsewhere does not', async () => {
    await stopAll();
    const r = await receiver();
    const sub = await subscribe(r.url);
    const resident = await t.as.resident();
    const post = await resident.createNeed({ at: NANSHAN });
    await resident.createNeed({ at: { lat: 39.9087, lng: 116.3975 } });
    await t.webhooks.runOnce();
    expect(r.got).toHaveLength(1);
    const delivery = r.got[0] as Received;
    expect(verify(sub.secret, delivery)).toBe(true);
    expect(verify('whsec_wrong', delivery)).toBe(false);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({
      type: 'post.created',
      data: { post: { id: post.id, region: { cityCode: '440300' } } },
    });
    expect(delivery.headers['medrelay-event-id']).toBe(event.id);
    expect(delivery.body).not.toContain(resident.phone);
    await resident.post(`/api/v1/posts/${post.id}/resolve`);
    await t.webhooks.runOnce();
    expect(r.got.map((g) => JSON.parse(g.body).type)).toEqual(['post.created', 'post.resolved']);
    const log = (await owner.get(`/api/v1/partners/${partnerId}/deliveries`)).json().items;
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });
    expect(typeof log[0].lastLatencyMs).toBe('number');
    await r.close();
  });

  test('a 500 is retried with backoff; the attempt log shows both', async () => {
    await stopAll();
    const r = await receiver((n) => (n === 1 ? 500 : 204));
    await subscribe(r.url);
    await (await t.as.resident()).createNeed({ at: NANSHAN });
    await t.webhooks.runOnce();
    expect(r.got).toHaveLength(1);
    await t.webhooks.runOnce();
    expect(r.got).toHaveLength(1); // not yet due
    t.clock.advance(31_000);
    await t.webhooks.runOnce();
    expect(r.got).toHaveLength(2);
    expect(r.got[0]?.headers['medrelay-event-id']).toBe(r.got[1]?.headers['medrelay-event-id']);
    const [latest] = (await owner.get(`/api/v1/partners/${partnerId}/deliveries`)).json().items;
    expect(latest).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204 });
    await r.close();
  });

  test('a receiver that was down gets the event once it is back; manual redelivery sends it again', async () => {
    await stopAll();
    const probe = await receiver();
    const port = probe.port;
    await probe.close(); // nothing listens on the port now
    const url = `http://127.0.0.1:${port}/hooks/medrelay`;
    await subscribe(url);
    await (await t.as.resident()).createNeed({ at: NANSHAN });
    await t.webhooks.runOnce();
    const [failed] = (await owner.get(`/api/v1/partners/${partnerId}/deliveries`)).json().items;
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connection failed' });
    const back = await receiver(() => 200, port);
    t.clock.advance(31_000);
    await t.webhooks.runOnce();
    expect(back.got).toHaveLength(1);
    const redo = await owner.post(`/api/v1/partners/${partnerId}/deliveries/${failed.id}/redeliver`);
    expect(redo.statusCode).toBe(202);
    await t.webhooks.runOnce();
    expect(back.got).toHaveLength(2);
    await back.close();
  });

  test('after a restart in the middle no event is lost or delivered twice', async () => {
    await stopAll();
    const r = await receiver();
    await subscribe(r.url, ['post.created']);
    const resident = await t.as.resident();
    // Written and acknowledged, then the process goes away before its dispatcher ran.
    const ids = [
      (await resident.createNeed({ at: NANSHAN })).id,
      (await resident.createOffer({ at: NANSHAN })).id,
    ];
    const [first, second] = [await t.anotherApp(), await t.anotherApp()];
    // Two dispatchers at once (the restarted process and a second instance) share the work.
    await Promise.all([first.webhooks.runOnce(), second.webhooks.runOnce()]);
    await Promise.all([first.webhooks.runOnce(), second.webhooks.runOnce()]);
    await first.app.close();
    await second.app.close();
    const delivered = r.got.map((g) => JSON.parse(g.body).data.post.id).sort();
    expect(delivered).toEqual([...ids].sort());
    const rows = await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`,
    );
    expect(rows[0]?.n).toBe(0);
    await r.close();
  });

  test('a partner cannot subscribe outside its regions', async () => {
    const res = await owner.post(`/api/v1/partners/${partnerId}/webhooks`, {
      url: 'http://127.0.0.1:9/x',
      events: ['post.created'],
      regionCodes: ['110000'],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('region_not_allowed');
  });
});
