import { z } from 'zod';
import { multiLine, singleLine } from './text.ts';

/**
 * Community quizzes (答题活动, issue 14): question banks, quizzes with a time window and a reward pool
 * that grows in tiers with the number of participants, split among those who answered all correctly.
 * The correct options never leave the server before the person has submitted and the window closed.
 */

export const QUIZ_MAX_OPTIONS = 6;
export const QUIZ_MAX_TIERS = 10;
/** The seed's "答题瓜分666元" ladder, as points: the operator's form starts from it. */
export const QUIZ_DEFAULT_TIERS = [
  { participants: 100, pool: 200 },
  { participants: 500, pool: 666 },
  { participants: 1000, pool: 1000 },
] as const;

export const QuizQuestionBody = z
  .strictObject({
    kind: z.enum(['single', 'multiple']),
    prompt: singleLine({ min: 2, max: 200 }),
    options: z
      .array(singleLine({ min: 1, max: 100 }))
      .min(2)
      .max(QUIZ_MAX_OPTIONS),
    /** Indexes of the correct options: exactly one for a single choice. */
    correct: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(QUIZ_MAX_OPTIONS - 1),
      )
      .min(1)
      .max(QUIZ_MAX_OPTIONS),
    explanation: multiLine({ max: 500 }).default(''),
  })
  .refine((q) => q.correct.every((i) => i < q.options.length), {
    message: 'a correct index is not an option',
    path: ['correct'],
  })
  .refine((q) => new Set(q.correct).size === q.correct.length, {
    message: 'repeated index',
    path: ['correct'],
  })
  .refine((q) => q.kind === 'multiple' || q.correct.length === 1, {
    message: 'a single choice has one correct option',
    path: ['correct'],
  });
export type QuizQuestionInput = z.input<typeof QuizQuestionBody>;

export const QuizBankBody = z.strictObject({ title: singleLine({ min: 2, max: 60 }) });
export const QuizQuestionsBody = z.strictObject({ questions: z.array(QuizQuestionBody).min(1).max(50) });

/** A question as the operator sees it, with its answer. */
export const QuizBankQuestionView = z.object({
  id: z.uuid(),
  kind: z.enum(['single', 'multiple']),
  prompt: z.string(),
  options: z.array(z.string()),
  correct: z.array(z.number().int()),
  explanation: z.string(),
});
export const QuizBankView = z.object({
  id: z.uuid(),
  title: z.string(),
  questionCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type QuizBankView = z.infer<typeof QuizBankView>;
export const QuizBankDetail = QuizBankView.extend({ questions: z.array(QuizBankQuestionView) });
export type QuizBankDetail = z.infer<typeof QuizBankDetail>;
export const QuizBanksReply = z.object({ items: z.array(QuizBankView) });

export const QuizTier = z.strictObject({
  participants: z.number().int().min(1).max(1_000_000),
  pool: z.number().int().min(1).max(10_000_000),
});
export type QuizTier = z.infer<typeof QuizTier>;

/**
 * What the pool pays in. Points (the institution's) by default. A cash payout exists only through
 * the payment interface, which is off; a coupon prize is not offered yet; a medicine is never a prize
 * (the no-trade rule) — each is refused with its own code, not silently turned into points.
 */
export const QUIZ_REWARD_KINDS = ['points', 'coupon', 'cash', 'medicine'] as const;
export const QuizReward = z.strictObject({ kind: z.enum(QUIZ_REWARD_KINDS) });

export const QuizBody = z
  .strictObject({
    title: singleLine({ min: 2, max: 60 }),
    intro: multiLine({ max: 500 }).default(''),
    bankId: z.uuid(),
    groupId: z.uuid().nullable().default(null),
    questionCount: z.number().int().min(1).max(50),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    timeLimitSeconds: z.number().int().min(30).max(7200),
    tiers: z.array(QuizTier).min(1).max(QUIZ_MAX_TIERS),
    reward: QuizReward.default({ kind: 'points' }),
  })
  .refine((b) => Date.parse(b.closesAt) > Date.parse(b.opensAt), {
    message: 'closesAt must be after opensAt',
    path: ['closesAt'],
  })
  .refine(
    (b) =>
      b.tiers.every(
        (t, i) =>
          i === 0 ||
          (t.participants > (b.tiers[i - 1]?.participants ?? 0) && t.pool >= (b.tiers[i - 1]?.pool ?? 0)),
      ),
    { message: 'tiers go up: more participants, a pool no smaller', path: ['tiers'] },
  );
export type QuizInput = z.input<typeof QuizBody>;

export const QUIZ_PHASES = ['upcoming', 'open', 'closed', 'settled'] as const;
export const QuizPhase = z.enum(QUIZ_PHASES);
export type QuizPhase = z.infer<typeof QuizPhase>;

/** The settlement's figures (null until settled): no one's name, only counts. */
export const QuizSettlement = z.object({
  participants: z.number().int(),
  /** The highest tier reached, or null when the first was not. */
  tier: QuizTier.nullable(),
  pool: z.number().int(),
  winners: z.number().int(),
  /** floor(pool / winners); the first `remainder` winners by submission time get one more. */
  share: z.number().int(),
  remainder: z.number().int(),
  settledAt: z.iso.datetime(),
});

const QuizBase = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  title: z.string(),
  intro: z.string(),
  groupId: z.uuid().nullable(),
  questionCount: z.number().int(),
  opensAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  timeLimitSeconds: z.number().int(),
  tiers: z.array(QuizTier),
  rewardKind: z.enum(['points']),
  phase: QuizPhase,
  /** Entries submitted so far. */
  participants: z.number().int(),
  settlement: QuizSettlement.nullable(),
});

export const OperatorQuizView = QuizBase.extend({
  bankId: z.uuid(),
  bankTitle: z.string(),
  /** Attempts started (submitted or not). */
  started: z.number().int(),
});
export type OperatorQuizView = z.infer<typeof OperatorQuizView>;
export const OperatorQuizzesReply = z.object({ items: z.array(OperatorQuizView) });

/** A question as a resident answering it sees it: no answer, no explanation. */
export const QuizAskedQuestion = z.object({
  id: z.uuid(),
  kind: z.enum(['single', 'multiple']),
  prompt: z.string(),
  options: z.array(z.string()),
});
/** After the window closed, my answers beside the right ones, with the explanation. */
export const QuizReviewedQuestion = QuizAskedQuestion.extend({
  chosen: z.array(z.number().int()),
  correct: z.array(z.number().int()),
  explanation: z.string(),
});

export const MyQuizAttempt = z.object({
  status: z.enum(['started', 'submitted', 'expired']),
  startedAt: z.iso.datetime(),
  deadlineAt: z.iso.datetime(),
  /** While answering: the seconds left by the server's clock (the phone's clock may be off). */
  secondsLeft: z.number().int().nullable(),
  /** While answering: the drawn questions (again after a reload), without answers. */
  questions: z.array(QuizAskedQuestion).nullable(),
  submittedAt: z.iso.datetime().nullable(),
  score: z.number().int().nullable(),
  total: z.number().int(),
  allCorrect: z.boolean().nullable(),
  /** Points won, once the quiz is settled (0 when not a winner). */
  reward: z.number().int().nullable(),
  review: z.array(QuizReviewedQuestion).nullable(),
});
export type MyQuizAttempt = z.infer<typeof MyQuizAttempt>;

export const QuizView = QuizBase.extend({
  /** Null when not logged in. */
  me: z.object({ verified: z.boolean(), attempt: MyQuizAttempt.nullable() }).nullable(),
});
export type QuizView = z.infer<typeof QuizView>;
export const QuizzesReply = z.object({ items: z.array(QuizView) });

export const QuizAnswersBody = z.strictObject({
  /** Question id → the chosen option indexes (one for a single choice). */
  answers: z.record(
    z.uuid(),
    z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(QUIZ_MAX_OPTIONS - 1),
      )
      .max(QUIZ_MAX_OPTIONS),
  ),
});

export const QuizParams = z.object({ quizId: z.uuid() });
export const PartnerQuizBankParams = z.object({ id: z.uuid(), bankId: z.uuid() });
export const PartnerQuizParams = z.object({ id: z.uuid(), quizId: z.uuid() });

/** My points at each institution (quiz rewards), for the resident's page. */
export const MyCommunityPointsReply = z.object({
  items: z.array(z.object({ partnerId: z.uuid(), partnerName: z.string(), points: z.number().int() })),
});
