// Test factories for quizzes: a bank of questions, a quiz open now, and (for the settlement's tier
// edges) many finished entries written straight into the tables, as a thousand residents answering
// through HTTP would leave them.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Client, TestApp } from '../../testing/test-app.ts';

export const QUESTIONS = [
  {
    kind: 'single',
    prompt: '布洛芬和对乙酰氨基酚可以同时吃吗？',
    options: ['可以', '不建议同时服用'],
    correct: [1],
    explanation: '两者都是退烧药，同时服用易过量。',
  },
  {
    kind: 'multiple',
    prompt: '哪些情况应尽快就医？',
    options: ['持续高热超过3天', '呼吸困难', '轻微咽痛'],
    correct: [0, 1],
    explanation: '持续高热和呼吸困难是危险信号。',
  },
  {
    kind: 'single',
    prompt: '抗原检测阳性后应该？',
    options: ['居家休息并观察', '立刻服用抗生素'],
    correct: [0],
    explanation: '抗生素对病毒无效。',
  },
] as const;

/** A bank holding QUESTIONS; its id. */
export async function questionBank(owner: Client, partnerId: string) {
  const bank = await owner.post(`/api/v1/partners/${partnerId}/quiz-banks`, { title: '居家用药知识' });
  expect(bank.statusCode, bank.body).toBe(201);
  const id = bank.json().id as string;
  const added = await owner.post(`/api/v1/partners/${partnerId}/quiz-banks/${id}/questions`, {
    questions: QUESTIONS,
  });
  expect(added.statusCode, added.body).toBe(201);
  return id;
}

export const quizBody = (t: TestApp, bankId: string, over: Record<string, unknown> = {}) => ({
  title: '居家用药知识答题',
  bankId,
  questionCount: 3,
  opensAt: t.clock.now().toISOString(),
  closesAt: new Date(t.clock.now().getTime() + 20 * MINUTE).toISOString(),
  timeLimitSeconds: 300,
  tiers: [
    { participants: 2, pool: 10 },
    { participants: 3, pool: 20 },
  ],
  ...over,
});

/** A quiz open now for 20 minutes; its id. */
export async function openQuiz(t: TestApp, owner: Client, partnerId: string, bankId: string, over = {}) {
  const res = await owner.post(`/api/v1/partners/${partnerId}/quizzes`, quizBody(t, bankId, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** The right answers to the questions an attempt drew (looked up by prompt), or wrong ones. */
export function answersFor(questions: { id: string; prompt: string }[], right = true) {
  return Object.fromEntries(
    questions.map((q) => {
      const known = QUESTIONS.find((k) => k.prompt === q.prompt);
      if (!known) throw new Error(`unknown question ${q.prompt}`);
      const correct = [...known.correct];
      return [q.id, right ? correct : [correct[0] === 0 ? 1 : 0]];
    }),
  );
}

/**
 * `count` verified residents with a submitted entry each, the first `winners` of them all correct,
 * submitted one second apart from `from` (so the earliest are known). Returns their user ids in
 * submission order.
 */
export async function finishedEntries(db: Db, quizId: string, count: number, winners: number, from: Date) {
  const rows = Array.from({ length: count }, (_, i) => ({
    user_id: randomUUID(),
    attempt: randomUUID(),
    key: `test-person-${randomUUID()}`,
    at: new Date(from.getTime() + i * 1000).toISOString(),
    win: i < winners,
  }));
  const json = JSON.stringify(rows);
  await db.execute(sql`
    INSERT INTO users (id, phone_hash, phone_enc, phone_masked, created_at, verified_at, verify_method, id_hash)
    SELECT r.user_id, 'h-' || r.user_id, 'e', '139****0000', r.at, r.at, 'format', r.key
    FROM jsonb_to_recordset(${json}::jsonb) AS r(user_id uuid, key text, at timestamptz)`);
  await db.execute(sql`
    INSERT INTO quiz_attempts (id, quiz_id, user_id, person_key, question_ids, started_at, deadline_at,
                               submitted_at, answers, correct_count, all_correct)
    SELECT r.attempt, ${quizId}, r.user_id, r.key, '[]'::jsonb, r.at, r.at, r.at, '{}'::jsonb,
           CASE WHEN r.win THEN 3 ELSE 0 END, r.win
    FROM jsonb_to_recordset(${json}::jsonb) AS r(user_id uuid, attempt uuid, key text, at timestamptz, win boolean)`);
  return rows.map((r) => r.user_id);
}
