import {
  MyCommunityPointsReply,
  OperatorQuizView,
  OperatorQuizzesReply,
  PartnerIdParams,
  PartnerQuizBankParams,
  PartnerQuizParams,
  QuizAnswersBody,
  QuizBankBody,
  QuizBankDetail,
  QuizBanksReply,
  QuizBody,
  QuizParams,
  QuizQuestionsBody,
  QuizView,
  QuizzesReply,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { QuizService } from './quiz.service.ts';

/**
 * Quizzes (答题活动): residents list, start and submit; an institution's operators keep question
 * banks, create quizzes and read the figures (/partner/:id, community section).
 */
export const quizRoutes: FastifyPluginAsyncZod<{ quiz: QuizService }> = async (app, { quiz }) => {
  const tags = ['community'];
  const staff = { preHandler: app.requireActiveUser };
  const security = SECURITY.activeSession;

  app.get(
    '/quizzes',
    {
      schema: {
        operationId: 'listQuizzes',
        security: SECURITY.optionalSession,
        tags,
        summary: 'Open, upcoming and recently closed quizzes I may enter, with my result and reward',
        response: { 200: QuizzesReply },
      },
      preHandler: app.optionalUser,
    },
    async (req) => ({ items: await quiz.list(req.user ?? undefined) }),
  );
  app.get(
    '/quizzes/:quizId',
    {
      schema: {
        operationId: 'getQuiz',
        security: SECURITY.optionalSession,
        tags,
        summary: 'A quiz, the tiers of its pool, and my attempt (questions without answers while I answer)',
        params: QuizParams,
        response: { 200: QuizView },
      },
      preHandler: app.optionalUser,
    },
    async (req) => quiz.get(req.user ?? undefined, req.params.quizId),
  );
  app.post(
    '/quizzes/:quizId/attempt',
    {
      schema: {
        operationId: 'startQuiz',
        security: SECURITY.verifiedSession,
        tags,
        summary: 'Start my attempt (once per verified person): the drawn questions, without the answers',
        params: QuizParams,
        response: { 201: QuizView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => reply.code(201).send(await quiz.start(req.user, req.params.quizId)),
  );
  app.post(
    '/quizzes/:quizId/attempt/answers',
    {
      schema: {
        operationId: 'submitQuizAnswers',
        security: SECURITY.verifiedSession,
        tags,
        summary: 'Submit my answers once, within the time limit; checked on the server',
        params: QuizParams,
        body: QuizAnswersBody,
        response: { 200: QuizView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => quiz.submit(req.user, req.params.quizId, req.body.answers),
  );
  app.get(
    '/me/community-points',
    {
      schema: {
        operationId: 'listMyCommunityPoints',
        security: SECURITY.session,
        tags,
        summary: 'My points at each institution (quiz rewards)',
        response: { 200: MyCommunityPointsReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => ({ items: await quiz.myPoints(req.user) }),
  );

  app.get(
    '/partners/:id/quiz-banks',
    {
      schema: {
        operationId: 'listQuizBanks',
        security,
        tags,
        summary: "The institution's question banks",
        params: PartnerIdParams,
        response: { 200: QuizBanksReply },
      },
      ...staff,
    },
    async (req) => ({ items: await quiz.banks(req.user, req.params.id) }),
  );
  app.post(
    '/partners/:id/quiz-banks',
    {
      schema: {
        operationId: 'createQuizBank',
        security,
        tags,
        summary: 'A new question bank',
        params: PartnerIdParams,
        body: QuizBankBody,
        response: { 201: QuizBankDetail },
      },
      ...staff,
    },
    async (req, reply) =>
      reply.code(201).send(await quiz.createBank(req.user, req.params.id, req.body.title)),
  );
  app.get(
    '/partners/:id/quiz-banks/:bankId',
    {
      schema: {
        operationId: 'getQuizBank',
        security,
        tags,
        summary: 'A bank with its questions, their correct options and explanations',
        params: PartnerQuizBankParams,
        response: { 200: QuizBankDetail },
      },
      ...staff,
    },
    async (req) => quiz.bank(req.user, req.params.id, req.params.bankId),
  );
  app.post(
    '/partners/:id/quiz-banks/:bankId/questions',
    {
      schema: {
        operationId: 'addQuizQuestions',
        security,
        tags,
        summary: 'Add single or multiple choice questions with the correct options and an explanation',
        params: PartnerQuizBankParams,
        body: QuizQuestionsBody,
        response: { 201: QuizBankDetail },
      },
      ...staff,
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await quiz.addQuestions(req.user, req.params.id, req.params.bankId, req.body.questions)),
  );
  app.get(
    '/partners/:id/quizzes',
    {
      schema: {
        operationId: 'listPartnerQuizzes',
        security,
        tags,
        summary: "The institution's quizzes with their figures (participants, tier reached, winners, share)",
        params: PartnerIdParams,
        response: { 200: OperatorQuizzesReply },
      },
      ...staff,
    },
    async (req) => ({ items: await quiz.ofInstitution(req.user, req.params.id) }),
  );
  app.post(
    '/partners/:id/quizzes',
    {
      schema: {
        operationId: 'createQuiz',
        security,
        tags,
        summary: 'A quiz drawing N questions from a bank, with a window, a time limit and reward tiers',
        params: PartnerIdParams,
        body: QuizBody,
        response: { 201: OperatorQuizView },
      },
      ...staff,
    },
    async (req, reply) => reply.code(201).send(await quiz.create(req.user, req.params.id, req.body)),
  );
  app.get(
    '/partners/:id/quizzes/:quizId',
    {
      schema: {
        operationId: 'getPartnerQuiz',
        security,
        tags,
        summary: "One of the institution's quizzes with its figures",
        params: PartnerQuizParams,
        response: { 200: OperatorQuizView },
      },
      ...staff,
    },
    async (req) => quiz.figures(req.user, req.params.id, req.params.quizId),
  );
};
