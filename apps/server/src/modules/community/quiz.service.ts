import { randomUUID } from 'node:crypto';
import type {
  MyQuizAttempt,
  OperatorQuizView,
  QuizBankDetail,
  QuizBody,
  QuizPhase,
  QuizQuestionBody,
  QuizView,
} from '@medrelay/contracts';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type Clock, DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import type { CommunityAccess } from './community-access.ts';
import { groupsRepo } from './groups.repo.ts';
import { type QuizWithNames, quizRepo as repo } from './quiz.repo.ts';
import { draw, scoreAnswers, splitPool, tierReached } from './quiz.rules.ts';
import { type QuizAttemptRow, type QuizQuestionRow, quizzes } from './quiz-tables.ts';

/** A submission may arrive this long after the time limit (the network's delay), never after the window. */
export const QUIZ_SUBMIT_GRACE_MS = 5000;
/** Closed quizzes stay in residents' list this long (their results and rewards). */
const SHOWN_AFTER_CLOSE_MS = 14 * DAY;

export function createQuizService(deps: {
  db: Db;
  clock: Clock;
  access: CommunityAccess;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<unknown>;
  random?: () => number;
}) {
  const { db, clock, access } = deps;

  const phase = (q: QuizWithNames, now: Date): QuizPhase =>
    q.settledAt ? 'settled' : now < q.opensAt ? 'upcoming' : now < q.closesAt ? 'open' : 'closed';

  const base = (q: QuizWithNames, counts: { started: number; submitted: number } | undefined) => ({
    id: q.id,
    partnerId: q.partnerId,
    partnerName: q.partnerName,
    title: q.title,
    intro: q.intro,
    groupId: q.groupId,
    questionCount: q.questionCount,
    opensAt: q.opensAt.toISOString(),
    closesAt: q.closesAt.toISOString(),
    timeLimitSeconds: q.timeLimitSeconds,
    tiers: q.tiers,
    rewardKind: q.rewardKind,
    phase: phase(q, clock.now()),
    participants: q.settledAt ? (q.participants ?? 0) : (counts?.submitted ?? 0),
    settlement: q.settledAt
      ? {
          participants: q.participants ?? 0,
          tier: tierReached(q.tiers, q.participants ?? 0),
          pool: q.pool ?? 0,
          winners: q.winners ?? 0,
          share: q.share ?? 0,
          remainder: q.remainder ?? 0,
          settledAt: q.settledAt.toISOString(),
        }
      : null,
  });

  const operatorView = async (q: QuizWithNames): Promise<OperatorQuizView> => {
    const counts = (await repo.counts(db, [q.id])).get(q.id);
    return { ...base(q, counts), bankId: q.bankId, bankTitle: q.bankTitle, started: counts?.started ?? 0 };
  };

  const asked = (q: QuizQuestionRow) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options });
  /** The limit for submitting: the time limit (plus the grace) or the window's close, whichever is first. */
  const lastSubmit = (q: QuizWithNames, a: QuizAttemptRow) =>
    Math.min(a.startedAt.getTime() + q.timeLimitSeconds * 1000 + QUIZ_SUBMIT_GRACE_MS, q.closesAt.getTime());

  async function attemptView(q: QuizWithNames, a: QuizAttemptRow): Promise<MyQuizAttempt> {
    const now = clock.now();
    const status = a.submittedAt ? 'submitted' : now.getTime() > lastSubmit(q, a) ? 'expired' : 'started';
    const needQuestions = status === 'started' || (status === 'submitted' && now >= q.closesAt);
    const rows = needQuestions ? await repo.questionsByIds(db, a.questionIds) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = a.questionIds.map((id) => byId.get(id)).filter((r): r is QuizQuestionRow => Boolean(r));
    return {
      status,
      startedAt: a.startedAt.toISOString(),
      deadlineAt: a.deadlineAt.toISOString(),
      secondsLeft:
        status === 'started'
          ? Math.max(0, Math.floor((a.deadlineAt.getTime() - now.getTime()) / 1000))
          : null,
      questions: status === 'started' ? ordered.map(asked) : null,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      score: a.correctCount,
      total: a.questionIds.length,
      allCorrect: a.allCorrect,
      reward: q.settledAt && a.submittedAt ? (a.reward ?? 0) : null,
      // The right answers only once the window closed, so they cannot be passed to someone still answering.
      review:
        status === 'submitted' && now >= q.closesAt
          ? ordered.map((r) => ({
              ...asked(r),
              chosen: a.answers?.[r.id] ?? [],
              correct: r.correct,
              explanation: r.explanation,
            }))
          : null,
    };
  }

  async function residentView(q: QuizWithNames, user: User | undefined, attempt?: QuizAttemptRow | null) {
    const counts = (await repo.counts(db, [q.id])).get(q.id);
    let mine = attempt;
    if (mine === undefined && user?.idHash) mine = (await repo.attemptOf(db, q.id, user.idHash)) ?? null;
    return {
      ...base(q, counts),
      me: user
        ? {
            verified: Boolean(user.verifiedAt && user.idHash),
            attempt: mine ? await attemptView(q, mine) : null,
          }
        : null,
    } satisfies QuizView;
  }

  /** A quiz a resident can reach: from an approved institution, in its group if it names one. */
  async function reachable(user: User | undefined, quizId: string) {
    const q = await repo.findQuiz(db, quizId);
    if (!q || !q.partnerApproved) throw new AppError('not_found', 404);
    return q;
  }
  async function ofPartner(user: User, partnerId: string, quizId: string) {
    await access.operator(user, partnerId, false);
    const q = await repo.findQuiz(db, quizId);
    if (!q || q.partnerId !== partnerId) throw new AppError('not_found', 404);
    return q;
  }
  /** One entry per person: the identity hash of a verified account (see docs/community.md). */
  function personKey(user: User) {
    if (!user.verifiedAt || !user.idHash) throw new AppError('verification_required', 403);
    return user.idHash;
  }

  const service = {
    async createBank(user: User, partnerId: string, title: string) {
      await access.operator(user, partnerId);
      const id = randomUUID();
      await repo.insertBank(db, { id, partnerId, title, createdAt: clock.now() });
      return service.bank(user, partnerId, id);
    },
    async banks(user: User, partnerId: string) {
      await access.operator(user, partnerId, false);
      return (await repo.banksOf(db, partnerId)).map((r) => ({
        id: r.bank.id,
        title: r.bank.title,
        questionCount: Number(r.questionCount),
        createdAt: r.bank.createdAt.toISOString(),
      }));
    },
    async bank(user: User, partnerId: string, bankId: string): Promise<QuizBankDetail> {
      await access.operator(user, partnerId, false);
      const bank = await repo.findBank(db, bankId);
      if (!bank || bank.partnerId !== partnerId) throw new AppError('not_found', 404);
      const questions = await repo.questionsOf(db, bankId);
      return {
        id: bank.id,
        title: bank.title,
        questionCount: questions.length,
        createdAt: bank.createdAt.toISOString(),
        questions: questions.map((q) => ({ ...asked(q), correct: q.correct, explanation: q.explanation })),
      };
    },
    async addQuestions(
      user: User,
      partnerId: string,
      bankId: string,
      questions: z.output<typeof QuizQuestionBody>[],
    ) {
      await access.operator(user, partnerId);
      const bank = await repo.findBank(db, bankId);
      if (!bank || bank.partnerId !== partnerId) throw new AppError('not_found', 404);
      const now = clock.now();
      await repo.insertQuestions(
        db,
        questions.map((q, i) => ({
          id: randomUUID(),
          bankId,
          kind: q.kind,
          prompt: q.prompt,
          options: q.options,
          correct: [...q.correct].sort((a, b) => a - b),
          explanation: q.explanation,
          // Keeps the order the operator wrote them in.
          createdAt: new Date(now.getTime() + i),
        })),
      );
      return service.bank(user, partnerId, bankId);
    },

    async create(user: User, partnerId: string, input: z.output<typeof QuizBody>) {
      const { partner } = await access.operator(user, partnerId);
      if (partner.status !== 'approved') throw new AppError('partner_not_approved', 409);
      if (input.reward.kind === 'medicine')
        throw new AppError('quiz_reward_medicine', 400, { field: 'reward.kind' });
      if (input.reward.kind !== 'points')
        throw new AppError('quiz_reward_unavailable', 409, { field: 'reward.kind', kind: input.reward.kind });
      const bank = await repo.findBank(db, input.bankId);
      if (!bank || bank.partnerId !== partnerId) throw new AppError('not_found', 404, { field: 'bankId' });
      const available = (await repo.questionIdsOf(db, bank.id)).length;
      if (available < input.questionCount)
        throw new AppError('quiz_bank_too_small', 400, { field: 'questionCount', available });
      if (input.groupId) {
        const group = await groupsRepo.findGroup(db, input.groupId);
        if (!group || group.group.partnerId !== partnerId || group.group.archivedAt)
          throw new AppError('not_found', 404, { field: 'groupId' });
      }
      const id = randomUUID();
      await repo.insertQuiz(db, {
        id,
        partnerId,
        bankId: bank.id,
        groupId: input.groupId,
        title: input.title,
        intro: input.intro,
        questionCount: input.questionCount,
        opensAt: new Date(input.opensAt),
        closesAt: new Date(input.closesAt),
        timeLimitSeconds: input.timeLimitSeconds,
        tiers: input.tiers,
        rewardKind: 'points',
        createdAt: clock.now(),
      });
      return operatorView((await repo.findQuiz(db, id)) as QuizWithNames);
    },
    async ofInstitution(user: User, partnerId: string) {
      await access.operator(user, partnerId, false);
      return Promise.all((await repo.quizzesOf(db, partnerId)).map(operatorView));
    },
    async figures(user: User, partnerId: string, quizId: string) {
      return operatorView(await ofPartner(user, partnerId, quizId));
    },

    /** Residents' list: open and upcoming quizzes they may enter, and recent ones with their results. */
    async list(user: User | undefined) {
      const rows = await repo.visible(db, user?.id, new Date(clock.now().getTime() - SHOWN_AFTER_CLOSE_MS));
      const mine = user
        ? await repo.attemptsOfUser(
            db,
            user.id,
            rows.map((q) => q.id),
          )
        : [];
      const byQuiz = new Map(mine.map((a) => [a.quizId, a]));
      return Promise.all(rows.map((q) => residentView(q, user, byQuiz.get(q.id) ?? null)));
    },
    async get(user: User | undefined, quizId: string) {
      const q = await reachable(user, quizId);
      return residentView(q, user);
    },
    /**
     * Starts my attempt: draws the questions and records the start; the reply has the questions
     * without their answers. Starting again before submitting returns the same attempt (a reload).
     */
    async start(user: User, quizId: string) {
      const q = await reachable(user, quizId);
      const key = personKey(user);
      const now = clock.now();
      if (now < q.opensAt) throw new AppError('quiz_not_open', 409);
      if (now >= q.closesAt) throw new AppError('quiz_closed', 409);
      if (q.groupId && !(await groupsRepo.isMember(db, q.groupId, user.id)))
        throw new AppError('quiz_group_only', 403);
      const resume = (a: QuizAttemptRow) => {
        if (a.submittedAt) throw new AppError('quiz_already_entered', 409);
        if (now.getTime() > lastSubmit(q, a)) throw new AppError('quiz_time_over', 409);
        return residentView(q, user, a);
      };
      const existing = await repo.attemptOf(db, q.id, key);
      if (existing) return resume(existing);
      const ids = draw(await repo.questionIdsOf(db, q.bankId), q.questionCount, deps.random);
      const row = {
        id: randomUUID(),
        quizId: q.id,
        userId: user.id,
        personKey: key,
        questionIds: ids,
        startedAt: now,
        deadlineAt: new Date(Math.min(now.getTime() + q.timeLimitSeconds * 1000, q.closesAt.getTime())),
      };
      if (!(await repo.insertAttempt(db, row)))
        return resume((await repo.attemptOf(db, q.id, key)) as QuizAttemptRow);
      return residentView(q, user, {
        ...row,
        submittedAt: null,
        answers: null,
        correctCount: null,
        allCorrect: null,
        reward: null,
      });
    },
    /** Submits my answers once; they are checked here, against the questions drawn for me. */
    async submit(user: User, quizId: string, answers: Record<string, number[]>) {
      const q = await reachable(user, quizId);
      const key = personKey(user);
      await db.transaction(async (tx) => {
        // Shared with other submissions, exclusive with the settlement: an entry lands before the
        // pool is counted or is refused as closed, never in between.
        const [locked] = await tx
          .select({ settledAt: quizzes.settledAt })
          .from(quizzes)
          .where(eq(quizzes.id, q.id))
          .for('share');
        const a = await repo.lockAttempt(tx, q.id, key);
        if (!a) throw new AppError('quiz_not_started', 409);
        if (a.submittedAt) throw new AppError('quiz_already_entered', 409);
        const now = clock.now();
        if (locked?.settledAt || now >= q.closesAt) throw new AppError('quiz_closed', 409);
        if (now.getTime() > lastSubmit(q, a)) throw new AppError('quiz_time_over', 409);
        const questions = await repo.questionsByIds(tx, a.questionIds);
        const scored = scoreAnswers(questions, answers);
        if (!scored.ok) throw new AppError('quiz_answer_invalid', 400, { field: `answers.${scored.field}` });
        await repo.submit(tx, a.id, {
          submittedAt: now,
          answers: scored.answers,
          correctCount: scored.score,
          allCorrect: scored.score === questions.length,
        });
      });
      return residentView(q, user);
    },

    /**
     * Settles the quizzes whose window has closed, each exactly once: claimed with SKIP LOCKED,
     * credited and marked settled in one transaction; the ledger's operation ids make even a
     * repeated credit a no-op. Returns how many were settled by this run.
     */
    async settleDue() {
      let settled = 0;
      for (let i = 0; i < 50; i++) {
        const done = await db.transaction(async (tx) => {
          const [quiz] = await repo.claimDue(tx, clock.now(), 1);
          if (!quiz) return false;
          const participants = await repo.submittedCount(tx, quiz.id);
          const tier = tierReached(quiz.tiers, participants);
          const pool = tier?.pool ?? 0;
          const winners = await repo.winners(tx, quiz.id);
          const split = splitPool(pool, winners.length);
          const now = clock.now();
          const paid = winners.map((w, k) => ({ ...w, amount: split.amounts[k] ?? 0 }));
          await repo.credit(
            tx,
            paid
              .filter((w) => w.amount > 0)
              .map((w) => ({
                id: randomUUID(),
                partnerId: quiz.partnerId,
                userId: w.userId,
                operationId: `quiz:${quiz.id}:${w.id}`,
                delta: w.amount,
                reason: 'quiz',
                createdAt: now,
              })),
          );
          await repo.setRewards(
            tx,
            quiz.id,
            paid.map((w) => ({ id: w.id, amount: w.amount })),
          );
          await repo.markSettled(tx, quiz.id, {
            settledAt: now,
            participants,
            pool,
            winners: winners.length,
            share: split.share,
            remainder: split.remainder,
          });
          await deps.notifyMany(
            tx,
            paid
              .filter((w) => w.amount > 0)
              .map((w) => ({
                userId: w.userId,
                type: 'quiz_reward' as const,
                dedupKey: `quiz_reward:${quiz.id}`,
                data: { quizId: quiz.id, count: w.amount },
              })),
          );
          return true;
        });
        if (!done) break;
        settled++;
      }
      return { settled };
    },
    async myPoints(user: User) {
      return repo.pointsOf(db, user.id);
    },
  };
  return service;
}

export type QuizService = ReturnType<typeof createQuizService>;
