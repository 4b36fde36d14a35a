import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { enqueueEvents } from '../../platform/outbox.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { reachRepo as repo } from './reach.repo.ts';

// The reach consumer's bookkeeping, on the store itself: the cursor read in the same statement as
// the pending events, the cursor and its receipts moved together, and the claim's relaxed commit
// confined to its own transaction.

const C = 'reach-repo-test';
let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const events = (n: number, at: Date) =>
  enqueueEvents(
    t.store.db,
    Array.from({ length: n }, (_, i) => ({
      topic: 'post.created' as const,
      payload: { n: i },
      regionCodes: [],
      createdAt: at,
    })),
  );
const ids = async () => (await repo.pending(t.store.db, C, 100)).map((e) => e.id).sort((a, b) => a - b);

test('pending is what lies after the cursor without a receipt; the cursor moves only past settled, handled events', async () => {
  await repo.startCursor(t.store.db, C);
  const old = new Date('2026-11-30T00:00:00Z');
  await events(3, old);
  const [a, b, c] = await ids();
  expect([a, b, c].every(Number.isInteger)).toBe(true);

  await t.store.db.transaction(async (tx) => {
    expect(await repo.claim(tx, C, a as number)).toBe(true);
  });
  await t.store.db.transaction(async (tx) => {
    expect(await repo.claim(tx, C, a as number)).toBe(false); // handled once
    expect(await repo.claim(tx, C, c as number)).toBe(true);
  });
  expect(await ids()).toEqual([b]);

  // b is unhandled, so the cursor may move past a only.
  const settleBefore = new Date(old.getTime() + 60_000);
  expect(await repo.settledUpTo(t.store.db, C, settleBefore)).toBe(a);
  await repo.setCursor(t.store.db, C, a as number);
  expect(await ids()).toEqual([b]);
  // Nothing newer than the settle line moves it, handled or not.
  expect(await repo.settledUpTo(t.store.db, C, old)).toBeUndefined();

  await t.store.db.transaction(async (tx) => {
    await repo.claim(tx, C, b as number);
  });
  expect(await ids()).toEqual([]);
  expect(await repo.settledUpTo(t.store.db, C, settleBefore)).toBe(c);
  await repo.setCursor(t.store.db, C, c as number);
  // The receipts below the cursor went with its move; nothing reads as pending again.
  const [left] = await selectRows<{ n: string | number }>(
    t.store.db,
    sql`SELECT count(*) AS n FROM event_receipts WHERE consumer = ${C}`,
  );
  expect(Number(left?.n)).toBe(0);
  expect(await ids()).toEqual([]);
  expect(await repo.settledUpTo(t.store.db, C, settleBefore)).toBeUndefined();
});

test("a claim's transaction commits without waiting for the flush, and only that transaction", async () => {
  await repo.startCursor(t.store.db, C);
  await events(1, new Date());
  const [id] = await ids();
  const setting = async (db: Parameters<typeof selectRows>[0]) =>
    (await selectRows<{ synchronous_commit: string }>(db, sql`SHOW synchronous_commit`))[0]
      ?.synchronous_commit;
  const before = await setting(t.store.db);
  await t.store.db.transaction(async (tx) => {
    expect(await setting(tx)).toBe(before);
    await repo.claim(tx, C, id as number);
    expect(await setting(tx)).toBe('off');
  });
  expect(await setting(t.store.db)).toBe(before);
  await t.store.db.transaction(async (tx) => {
    expect(await setting(tx)).toBe(before);
  });
});
