import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** What is left of a need, offered on: 2 of the 4 tablets asked for. */
const passOn = (who: Client, relayedFrom: string, kind: 'offer' | 'need' = 'offer') =>
  who.post('/api/v1/posts', {
    kind,
    location: NANSHAN,
    consent: true,
    relayedFrom,
    items: [
      kind === 'offer'
        ? { medicineId: 'ibuprofen-tablet', quantity: 2, expiresOn: '2030-01-01', unopened: false }
        : { medicineId: 'ibuprofen-tablet', quantity: 2 },
    ],
  });
const relayedFromOf = async (id: string) =>
  (
    await selectRows<{ relayed_from: string | null }>(
      t.store.db,
      sql`SELECT relayed_from FROM posts WHERE id = ${id}`,
    )
  )[0]?.relayed_from;
const postCount = async () =>
  (await selectRows<{ n: number }>(t.store.db, sql`SELECT count(*)::int AS n FROM posts`))[0]?.n;

describe('传递下去', () => {
  test('after my need resolves, the offer of what is left records the need it passes on from', async () => {
    const owner = await t.as.resident();
    const need = await owner.createNeed();
    await owner.post(`/api/v1/posts/${need.id}/resolve?outcome=here`);
    const res = await passOn(owner, need.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(await relayedFromOf(res.json().id)).toBe(need.id);
    // Posts that pass nothing on record nothing.
    expect(await relayedFromOf((await owner.createNeed({ medicineId: 'loratadine-tablet' })).id)).toBeNull();
  });

  test('an open need, someone else’s need, an offer or a need naming a source are refused and nothing is stored', async () => {
    const owner = await t.as.resident();
    const open = await owner.createNeed({ medicineId: 'acetaminophen-tablet' });
    const other = await t.as.resident();
    const theirs = await other.createNeed({ medicineId: 'ambroxol-tablet' });
    await other.post(`/api/v1/posts/${theirs.id}/resolve`);
    const offer = await owner.createOffer();
    const resolved = await owner.createNeed({ medicineId: 'vitamin-c-tablet' });
    await owner.post(`/api/v1/posts/${resolved.id}/resolve`);
    const before = await postCount();
    for (const res of [
      await passOn(owner, open.id),
      await passOn(owner, theirs.id),
      await passOn(owner, offer.id),
      await passOn(owner, resolved.id, 'need'),
      await passOn(owner, '00000000-0000-4000-8000-000000000000'),
    ]) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'validation_failed',
        details: { field: 'relayedFrom' },
      });
    }
    expect(await postCount()).toBe(before);
  });
});
