import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { approvedInstitution } from './live-fixtures.ts';
import { answersFor, finishedEntries, openQuiz, questionBank } from './quiz-fixtures.ts';

// Issue 14, the quiz settlement: the tier the participants reached, the exact integer split with
// its remainder to the earliest complete submissions, zero winners, and exactly once across a
// restart and two processes. Large entry counts are written straight into the tables.

let t: TestApp;
let owner: Client;
let partnerId: string;
let bankId: string;
const TIERS = [
  { participants: 100, pool: 200 },
  { participants: 500, pool: 666 },
  { participants: 1000, pool: 1000 },
];
beforeAll(async () => {
  t = await testApp();
  const admin = await t.as.resident();
  owner = await t.as.resident();
  await t.setRole(admin, 'admin');
  partnerId = await approvedInstitution(owner, admin);
  bankId = await questionBank(owner, partnerId);
  // A busy machine (several test runs at once) can take longer than the default minute to set up.
}, 180_000);
afterAll(() => t.close());

/** A quiz with the seed's tiers, `count` finished entries of which `winners` all correct, then closed. */
async function closedQuiz(count: number, winners: number) {
  const quizId = await openQuiz(t, await operator(), partnerId, bankId, { tiers: TIERS });
  const users = await finishedEntries(t.store.db, quizId, count, winners, t.clock.now());
  t.clock.advance(20 * MINUTE);
  return { quizId, users };
}
/** The settlement job of another server process on the same database (bootstrap runs it). */
async function runJob() {
  const other = await t.anotherApp();
  try {
    return await other.quizJob.runOnce();
  } finally {
    await other.app.close();
  }
}
const credits = (quizId: string) =>
  selectRows<{ user_id: string; delta: number }>(
    t.store.db,
    sql`SELECT p.user_id, p.delta FROM community_points p
        JOIN quiz_attempts a ON p.operation_id = 'quiz:' || a.quiz_id || ':' || a.id
        WHERE a.quiz_id = ${quizId}`,
  );
// Each test moves the clock 20 minutes, past a login's idle limit: a fresh platform admin (who may
// operate any institution) for the operator's calls, rather than a new SMS code for one phone.
async function operator() {
  const admin = await t.as.resident();
  await t.setRole(admin, 'admin');
  return admin;
}
const figures = async (quizId: string) =>
  (await (await operator()).get(`/api/v1/partners/${partnerId}/quizzes/${quizId}`)).json().settlement;

describe('quiz settlement', () => {
  test.each([
    [99, 0],
    [100, 200],
    [101, 200],
    [499, 200],
    [500, 666],
    [999, 666],
    [1000, 1000],
  ])('%i participants: pool %i', async (count, pool) => {
    const winners = Math.min(count, 7);
    const { quizId } = await closedQuiz(count, winners);
    const job = await t.anotherApp();
    try {
      expect(await job.quizJob.runOnce()).toEqual({ settled: 1 });
    } finally {
      await job.app.close();
    }
    const s = await figures(quizId);
    expect(s).toMatchObject({ participants: count, pool, winners: 7 });
    expect(s.tier?.pool ?? 0).toBe(pool);
    const paid = await credits(quizId);
    expect(paid.reduce((a, r) => a + r.delta, 0)).toBe(pool);
    expect(paid.length).toBe(pool === 0 ? 0 : 7);
  });

  test('an exact integer split: the remainder goes one point each to the earliest complete submissions', async () => {
    // 500 participants → 666 points among 4 winners: 166 each, 2 left over for the first two.
    const { quizId, users } = await closedQuiz(500, 4);
    await runJob();
    const s = await figures(quizId);
    expect(s).toMatchObject({ pool: 666, winners: 4, share: 166, remainder: 2 });
    const paid = new Map((await credits(quizId)).map((r) => [r.user_id, r.delta]));
    expect(users.slice(0, 5).map((u) => paid.get(u) ?? 0)).toEqual([167, 167, 166, 166, 0]);
  });

  test('zero winners: nothing is credited, the figures say so', async () => {
    const { quizId } = await closedQuiz(120, 0);
    await runJob();
    expect(await figures(quizId)).toMatchObject({ participants: 120, pool: 200, winners: 0, share: 0 });
    expect(await credits(quizId)).toEqual([]);
  });

  test('settled exactly once: across a restart and with two processes at once', async () => {
    const { quizId } = await closedQuiz(100, 3);
    const [a, b] = [await t.anotherApp(), await t.anotherApp()];
    const runs = await Promise.all([a.quizJob.runOnce(), b.quizJob.runOnce()]);
    expect(runs.map((r) => r.settled).sort()).toEqual([0, 1]);
    await Promise.all([a.app.close(), b.app.close()]);
    // A restart: a new process finds nothing left to settle.
    const restarted = await t.anotherApp();
    expect(await restarted.quizJob.runOnce()).toEqual({ settled: 0 });
    // Even a settlement forced to run again credits nothing twice (the ledger's operation ids).
    await t.store.db.execute(sql`UPDATE quizzes SET settled_at = NULL WHERE id = ${quizId}`);
    expect(await restarted.quizJob.runOnce()).toEqual({ settled: 1 });
    await restarted.app.close();
    const paid = await credits(quizId);
    expect(paid.map((r) => r.delta).sort()).toEqual([66, 67, 67]);
    const notices = await selectRows<{ n: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE type = 'quiz_reward' AND data->>'quizId' = ${quizId}`,
    );
    expect(notices[0]?.n).toBe(3);
  });

  test('two residents answer through HTTP; after the close each sees their points and the answers', async () => {
    const quizId = await openQuiz(t, await operator(), partnerId, bankId, {
      tiers: [{ participants: 2, pool: 11 }],
    });
    const [a, b, c] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
    for (const [who, right] of [
      [a, true],
      [b, true],
      [c, false],
    ] as const) {
      const qs = (await who.post(`/api/v1/quizzes/${quizId}/attempt`)).json().me.attempt.questions;
      t.clock.advance(1000);
      expect(
        (await who.post(`/api/v1/quizzes/${quizId}/attempt/answers`, { answers: answersFor(qs, right) }))
          .statusCode,
      ).toBe(200);
    }
    // Before the close: no reward yet, and the job has nothing to settle.
    expect((await a.get(`/api/v1/quizzes/${quizId}`)).json().me.attempt.reward).toBeNull();
    expect((await runJob()).settled).toBe(0);
    t.clock.advance(20 * MINUTE);
    expect((await runJob()).settled).toBe(1);
    const [ra, rb, rc] = await Promise.all(
      [a, b, c].map(async (w) => (await w.get(`/api/v1/quizzes/${quizId}`)).json().me.attempt),
    );
    expect([ra.reward, rb.reward, rc.reward]).toEqual([6, 5, 0]);
    expect(ra.review).toHaveLength(3);
    expect(ra.review[0]).toHaveProperty('explanation');
    const points = (await a.get('/api/v1/me/community-points')).json().items;
    expect(points).toEqual([expect.objectContaining({ partnerId, points: 6 })]);
    const inbox = (await a.get('/api/v1/me/notifications')).json().items;
    expect(inbox.find((n: { type: string }) => n.type === 'quiz_reward')?.data).toEqual({ quizId, count: 6 });
    const list = (await (await operator()).get(`/api/v1/partners/${partnerId}/quizzes`)).json().items;
    expect(list.find((q: { id: string }) => q.id === quizId).settlement).toMatchObject({
      participants: 3,
      pool: 11,
      winners: 2,
      share: 5,
      remainder: 1,
    });
  });
});
