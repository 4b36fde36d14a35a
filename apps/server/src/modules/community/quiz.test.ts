import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { approvedInstitution } from './live-fixtures.ts';
import { answersFor, openQuiz, QUESTIONS, questionBank, quizBody } from './quiz-fixtures.ts';

// Issue 14, quizzes through HTTP: banks and quizzes by an institution's operator, one attempt per
// verified person, answers checked on the server, and every refusal with its code and no change.

let t: TestApp;
let owner: Client;
let admin: Client;
let partnerId: string;
let otherOwner: Client;
let otherPartner: string;
let bankId: string;
beforeAll(async () => {
  t = await testApp();
  [owner, admin, otherOwner] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  partnerId = await approvedInstitution(owner, admin);
  otherPartner = await approvedInstitution(otherOwner, admin);
  bankId = await questionBank(owner, partnerId);
  // A busy machine (several test runs at once) can take longer than the default minute to set up.
}, 180_000);
afterAll(() => t.close());

const start = (who: Client, id: string) => who.post(`/api/v1/quizzes/${id}/attempt`);
const submit = (who: Client, id: string, answers: Record<string, number[]>) =>
  who.post(`/api/v1/quizzes/${id}/attempt/answers`, { answers });
const attempts = async (quizId: string) =>
  (
    await selectRows<{ n: number; submitted: number }>(
      t.store.db,
      sql`SELECT count(*)::int AS n, count(submitted_at)::int AS submitted FROM quiz_attempts WHERE quiz_id = ${quizId}`,
    )
  )[0];
const code = (res: { json(): { error: { code: string } } }) => res.json().error.code;

describe('quizzes', () => {
  test('the operator keeps a bank with answers; the start sends the drawn questions without them', async () => {
    const bank = (await owner.get(`/api/v1/partners/${partnerId}/quiz-banks/${bankId}`)).json();
    expect(bank.questions).toHaveLength(3);
    expect(bank.questions[1]).toMatchObject({ kind: 'multiple', correct: [0, 1] });
    const banks = (await owner.get(`/api/v1/partners/${partnerId}/quiz-banks`)).json().items;
    expect(banks).toEqual([expect.objectContaining({ id: bankId, questionCount: 3 })]);
    const quizId = await openQuiz(t, owner, partnerId, bankId, { questionCount: 2 });
    const a = await t.as.resident();
    const started = await start(a, quizId);
    expect(started.statusCode, started.body).toBe(201);
    const attempt = started.json().me.attempt;
    expect(attempt.status).toBe('started');
    expect(attempt.secondsLeft).toBe(300);
    expect(attempt.questions).toHaveLength(2);
    // Nothing that tells the answer: no correct indexes, no explanation, anywhere in the reply.
    expect(started.body).not.toMatch(/correct|explanation|抗生素对病毒无效|危险信号|易过量/);
    expect(Object.keys(attempt.questions[0]).sort()).toEqual(['id', 'kind', 'options', 'prompt']);
    // A reload gets the same attempt and the same questions back.
    const again = await start(a, quizId);
    expect(again.statusCode).toBe(201);
    expect(again.json().me.attempt.questions.map((q: { id: string }) => q.id)).toEqual(
      attempt.questions.map((q: { id: string }) => q.id),
    );
    expect((await t.as.anonymous().get(`/api/v1/quizzes/${quizId}`)).body).not.toMatch(/correct|explanation/);
  });

  test('answers are checked on the server; the result shows the score, the answers only after the close', async () => {
    const quizId = await openQuiz(t, owner, partnerId, bankId);
    const [right, wrong] = [await t.as.resident(), await t.as.resident()];
    const qs = (await start(right, quizId)).json().me.attempt.questions;
    const done = await submit(right, quizId, answersFor(qs));
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().me.attempt).toMatchObject({
      status: 'submitted',
      score: 3,
      total: 3,
      allCorrect: true,
    });
    expect(done.json().me.attempt.review).toBeNull();
    expect(done.body).not.toMatch(/explanation/);
    const wqs = (await start(wrong, quizId)).json().me.attempt.questions;
    const w = await submit(wrong, quizId, answersFor(wqs, false));
    expect(w.json().me.attempt).toMatchObject({ score: 0, allCorrect: false });
    expect(w.json().participants).toBe(2);
  });

  test('twice, late, over the time limit, before opening: stable codes and nothing changed', async () => {
    const quizId = await openQuiz(t, owner, partnerId, bankId, { timeLimitSeconds: 60 });
    const a = await t.as.resident();
    const qs = (await start(a, quizId)).json().me.attempt.questions;
    expect((await submit(a, quizId, answersFor(qs))).statusCode).toBe(200);
    const twice = await submit(a, quizId, answersFor(qs, false));
    expect([twice.statusCode, code(twice)]).toEqual([409, 'quiz_already_entered']);
    const restart = await start(a, quizId);
    expect([restart.statusCode, code(restart)]).toEqual([409, 'quiz_already_entered']);
    expect((await (await a.get(`/api/v1/quizzes/${quizId}`)).json()).me.attempt.score).toBe(3);

    const slow = await t.as.resident();
    const sqs = (await start(slow, quizId)).json().me.attempt.questions;
    t.clock.advance(66_000);
    const over = await submit(slow, quizId, answersFor(sqs));
    expect([over.statusCode, code(over)]).toEqual([409, 'quiz_time_over']);
    expect(await attempts(quizId)).toEqual({ n: 2, submitted: 1 });
    const resumed = await start(slow, quizId);
    expect([resumed.statusCode, code(resumed)]).toEqual([409, 'quiz_time_over']);

    const never = await t.as.resident();
    const notStarted = await submit(never, quizId, {});
    expect([notStarted.statusCode, code(notStarted)]).toEqual([409, 'quiz_not_started']);

    const late = await t.as.resident();
    const lqs = (await start(late, quizId)).json().me.attempt.questions;
    t.clock.advance(20 * MINUTE);
    const afterWindow = await submit(late, quizId, answersFor(lqs));
    expect([afterWindow.statusCode, code(afterWindow)]).toEqual([409, 'quiz_closed']);
    const lateStart = await start(await t.as.resident(), quizId);
    expect([lateStart.statusCode, code(lateStart)]).toEqual([409, 'quiz_closed']);
    expect(await attempts(quizId)).toEqual({ n: 3, submitted: 1 });

    const upcoming = await openQuiz(t, owner, partnerId, bankId, {
      opensAt: new Date(t.clock.now().getTime() + MINUTE).toISOString(),
    });
    const early = await start(await t.as.resident(), upcoming);
    expect([early.statusCode, code(early)]).toEqual([409, 'quiz_not_open']);
    expect(await attempts(upcoming)).toEqual({ n: 0, submitted: 0 });
  });

  test('an unverified resident, an unknown quiz, a wrong answer shape: refused, nothing stored', async () => {
    const quizId = await openQuiz(t, owner, partnerId, bankId);
    const unverified = await t.as.resident({ verified: false });
    const res = await start(unverified, quizId);
    expect([res.statusCode, code(res)]).toEqual([403, 'verification_required']);
    expect((await unverified.get(`/api/v1/quizzes/${quizId}`)).json().me).toEqual({
      verified: false,
      attempt: null,
    });
    const unknown = await start(await t.as.resident(), '00000000-0000-4000-8000-000000000000');
    expect([unknown.statusCode, code(unknown)]).toEqual([404, 'not_found']);

    const a = await t.as.resident();
    const qs = (await start(a, quizId)).json().me.attempt.questions as {
      id: string;
      kind: string;
      prompt: string;
    }[];
    const good = answersFor(qs);
    const first = qs[0]?.id as string;
    for (const bad of [
      {},
      { ...good, [first]: [] },
      { ...good, [first]: [5] },
      { ...good, [first]: [0, 0] },
      { ...good, '00000000-0000-4000-8000-000000000001': [0] },
    ]) {
      const r = await submit(a, quizId, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const single = qs.find((q) => q.kind === 'single')?.id as string;
    const two = await submit(a, quizId, { ...good, [single]: [0, 1] });
    expect([two.statusCode, code(two)]).toEqual([400, 'quiz_answer_invalid']);
    expect(await attempts(quizId)).toEqual({ n: 1, submitted: 0 });
    expect((await submit(a, quizId, good)).statusCode).toBe(200);
    expect(await attempts(quizId)).toEqual({ n: 1, submitted: 1 });
  });

  test("another institution's operator cannot see or use this institution's banks and quizzes", async () => {
    const quizId = await openQuiz(t, owner, partnerId, bankId);
    for (const url of [
      `/api/v1/partners/${partnerId}/quiz-banks`,
      `/api/v1/partners/${partnerId}/quiz-banks/${bankId}`,
      `/api/v1/partners/${partnerId}/quizzes/${quizId}`,
      `/api/v1/partners/${otherPartner}/quizzes/${quizId}`,
      `/api/v1/partners/${otherPartner}/quiz-banks/${bankId}`,
    ]) {
      expect((await otherOwner.get(url)).statusCode, url).toBe(404);
    }
    const before = (await owner.get(`/api/v1/partners/${partnerId}/quiz-banks/${bankId}`)).json()
      .questionCount;
    const add = await otherOwner.post(`/api/v1/partners/${otherPartner}/quiz-banks/${bankId}/questions`, {
      questions: [QUESTIONS[0]],
    });
    expect([add.statusCode, code(add)]).toEqual([404, 'not_found']);
    const borrowed = await otherOwner.post(`/api/v1/partners/${otherPartner}/quizzes`, quizBody(t, bankId));
    expect([borrowed.statusCode, code(borrowed)]).toEqual([404, 'not_found']);
    expect((await owner.get(`/api/v1/partners/${partnerId}/quiz-banks/${bankId}`)).json().questionCount).toBe(
      before,
    );
    expect((await otherOwner.get(`/api/v1/partners/${otherPartner}/quizzes`)).json().items).toEqual([]);
    // A resident (not a member) cannot run the workspace either.
    const resident = await t.as.resident();
    expect(
      (await resident.post(`/api/v1/partners/${partnerId}/quiz-banks`, { title: '我的题库' })).statusCode,
    ).toBe(404);
  });

  test('medicine is never a prize; cash and coupons are refused while they are off; bad tiers are refused', async () => {
    const before = (await owner.get(`/api/v1/partners/${partnerId}/quizzes`)).json().items.length;
    const medicine = await owner.post(
      `/api/v1/partners/${partnerId}/quizzes`,
      quizBody(t, bankId, { reward: { kind: 'medicine' } }),
    );
    expect([medicine.statusCode, code(medicine)]).toEqual([400, 'quiz_reward_medicine']);
    for (const kind of ['cash', 'coupon']) {
      const res = await owner.post(
        `/api/v1/partners/${partnerId}/quizzes`,
        quizBody(t, bankId, { reward: { kind } }),
      );
      expect([res.statusCode, code(res)], kind).toEqual([409, 'quiz_reward_unavailable']);
    }
    const named = await owner.post(
      `/api/v1/partners/${partnerId}/quizzes`,
      quizBody(t, bankId, { reward: { kind: 'points', medicineId: 'ibuprofen-tablet' } }),
    );
    expect(named.statusCode).toBe(400);
    const tooMany = await owner.post(
      `/api/v1/partners/${partnerId}/quizzes`,
      quizBody(t, bankId, { questionCount: 4 }),
    );
    expect([tooMany.statusCode, code(tooMany)]).toEqual([400, 'quiz_bank_too_small']);
    for (const tiers of [
      [],
      [
        { participants: 100, pool: 200 },
        { participants: 100, pool: 300 },
      ],
      [
        { participants: 100, pool: 200 },
        { participants: 500, pool: 100 },
      ],
      [{ participants: 100, pool: 20.5 }],
    ]) {
      const res = await owner.post(`/api/v1/partners/${partnerId}/quizzes`, quizBody(t, bankId, { tiers }));
      expect([res.statusCode, code(res)], JSON.stringify(tiers)).toEqual([400, 'validation_failed']);
    }
    expect((await owner.get(`/api/v1/partners/${partnerId}/quizzes`)).json().items).toHaveLength(before);
  });

  test("a group's quiz is only for its members", async () => {
    const group = await owner.post(`/api/v1/partners/${partnerId}/community/groups`, {
      name: '高血压之家',
      kind: 'topic',
    });
    expect(group.statusCode, group.body).toBe(201);
    const quizId = await openQuiz(t, owner, partnerId, bankId, { groupId: group.json().id });
    const outsider = await t.as.resident();
    const res = await start(outsider, quizId);
    expect([res.statusCode, code(res)]).toEqual([403, 'quiz_group_only']);
    expect(
      (await outsider.get('/api/v1/quizzes')).json().items.map((q: { id: string }) => q.id),
    ).not.toContain(quizId);
    const token = (group.json().joinPath as string).split('/').at(-1);
    const member = await t.as.resident();
    expect((await member.post(`/api/v1/groups/join/${token}`, {})).statusCode).toBe(200);
    expect((await start(member, quizId)).statusCode).toBe(201);
    expect(await attempts(quizId)).toEqual({ n: 1, submitted: 0 });
    // Should the group itself ever be deleted, its quiz goes with it rather than turning public.
    await t.store.db.execute(sql`DELETE FROM community_groups WHERE id = ${group.json().id}`);
    expect((await outsider.get(`/api/v1/quizzes/${quizId}`)).statusCode).toBe(404);
  });
});
