import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOUR } from '../../platform/clock.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';
import { receiver, verify } from '../../testing/webhook-receiver.ts';
import { createCatalog, readCatalog } from '../catalog/index.ts';
import { createRegions } from '../regions/index.ts';
import { createDemandSpikeDetector } from './demand-spikes.ts';

const BEIJING = { lat: 39.9087, lng: 116.3975 };
const GUANGZHOU = { lat: 23.1291, lng: 113.2644 };
// Small numbers so the test posts dozens, not hundreds: a 4-hour baseline, a floor of 5 needs.
const thresholds = { minNeeds: 5, ratio: 3, windowMs: HOUR, baselineMs: 4 * HOUR, cooldownMs: 6 * HOUR };

let t: TestApp;
let owner: Client;
let resident: Client;
let partnerId: string;
beforeAll(async () => {
  t = await testApp({ deps: { spikeThresholds: thresholds } });
  owner = await t.as.resident();
  const admin = await t.as.resident();
  await t.setRole(admin, 'admin');
  partnerId = (
    await owner.post('/api/v1/partners', {
      name: '深圳市南山区某街道办',
      type: 'government',
      contactName: '王主任',
      contactPhone: '13900000005',
      regionCodes: ['440300'],
    })
  ).json().id;
  await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
});
afterAll(() => t.close());

// A fresh login for each batch: the test moves the clock by hours, past the session's idle limit.
const needs = async (n: number, at: { lat: number; lng: number }, medicineId = 'ibuprofen-tablet') => {
  resident = await t.as.resident();
  for (let i = 0; i < n; i++) await resident.createNeed({ at, medicineId });
};

describe('demand spikes', () => {
  test('a city whose needs jump announces one signed demand.spike webhook; steady or small cities do not', async () => {
    const hook = await receiver();
    const sub = await owner.post(`/api/v1/partners/${partnerId}/webhooks`, {
      url: hook.url,
      events: ['demand.spike'],
    });
    expect(sub.statusCode, sub.body).toBe(201);

    // The day before (here: 4 hours): Beijing steady at 6 an hour, Shenzhen one need in all.
    for (let h = 0; h < 4; h++) {
      await needs(6, BEIJING);
      if (h === 0) await needs(1, NANSHAN);
      t.clock.advance(HOUR);
    }
    // The last hour: Beijing as usual, Shenzhen 7 needs, Guangzhou 3 needs and 6 offers, and 5
    // Guangzhou needs that the rules hold for review (not demand until a moderator lets them through).
    await needs(6, BEIJING);
    await needs(4, NANSHAN, 'ibuprofen-tablet');
    await needs(3, NANSHAN, 'acetaminophen-tablet');
    await needs(3, GUANGZHOU);
    for (let i = 0; i < 6; i++) await resident.createOffer({ at: GUANGZHOU });
    for (let i = 0; i < 5; i++) {
      const held = await resident.post('/api/v1/posts', {
        kind: 'need',
        items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
        location: GUANGZHOU,
        note: '有需要的可以加我qq 12345678 联系',
      });
      expect(held.json().status).toBe('review');
    }

    const spikes = await t.demandSpikes.detect();
    expect(spikes.map((s) => s.cityCode)).toEqual(['440300']);
    const spike = spikes[0];
    expect(spike).toMatchObject({ needs: 7, provinceCode: '440000', baselinePerHour: 0.25, ratio: 7 });
    expect(spike?.topMedicines.map((m) => [m.medicineId, m.count])).toEqual([
      ['ibuprofen-tablet', 4],
      ['acetaminophen-tablet', 3],
    ]);

    await t.webhooks.runOnce();
    expect(hook.got).toHaveLength(1);
    const delivery = hook.got[0];
    if (!delivery) throw new Error('no delivery');
    expect(verify(sub.json().secret, delivery)).toBe(true);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({ type: 'demand.spike', data: { spike: { cityCode: '440300', needs: 7 } } });
    // Counts only: no post ids, phones or coordinates.
    expect(delivery.body).not.toMatch(/"(lat|lng|phone|postId)"/);
    expect(delivery.body).not.toContain(resident.phone);

    // The surge goes on, but the city is in its cool-down: no second event.
    await needs(5, NANSHAN);
    expect(await t.demandSpikes.detect()).toEqual([]);
    await hook.close();
  });

  test('the job reads the day in pages without splitting or double-counting needs of one millisecond', async () => {
    const t2 = await testApp({ deps: { spikeThresholds: thresholds } });
    try {
      const paged = createDemandSpikeDetector({
        db: t2.store.db,
        clock: t2.clock,
        catalog: createCatalog(readCatalog()),
        regions: createRegions(),
        thresholds,
        scanRows: 4, // a page ends inside a run of needs of one millisecond; one run fills a page
      });
      let r = await t2.as.resident();
      // The test clock stands still while it is not moved: each run below shares one millisecond.
      for (let i = 0; i < 5; i++) await r.createNeed({ at: NANSHAN });
      t2.clock.advance(2 * HOUR);
      r = await t2.as.resident(); // past the session's idle limit
      for (let i = 0; i < 10; i++) {
        await r.createNeed({ at: NANSHAN, medicineId: i < 6 ? 'ibuprofen-tablet' : 'acetaminophen-tablet' });
        if (i % 3 === 2) t2.clock.advance(1);
      }
      const [spike] = await paged.detect();
      expect(spike).toMatchObject({ cityCode: '440300', needs: 10, baselinePerHour: 1.25, ratio: 8 });
      expect(spike?.topMedicines.map((m) => [m.medicineId, m.count])).toEqual([
        ['ibuprofen-tablet', 6],
        ['acetaminophen-tablet', 4],
      ]);
    } finally {
      await t2.close();
    }
  });

  test('after the cool-down a new surge is announced again, once even with two server processes', async () => {
    t.clock.advance(7 * HOUR);
    await needs(6, NANSHAN);
    const other = await t.anotherApp();
    try {
      const [a, b] = await Promise.all([t.demandSpikes.detect(), other.demandSpikes.detect()]);
      expect([...a, ...b].map((s) => s.cityCode)).toEqual(['440300']);
    } finally {
      await other.app.close();
    }
  });
});
