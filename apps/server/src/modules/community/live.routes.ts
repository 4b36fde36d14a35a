import {
  FeedbackBody,
  FeedbackReply,
  FeedbackView,
  LiveSessionsReply,
  LiveSessionView,
  QuestionBody,
  QuestionsReply,
  QuestionView,
  RegistrationBody,
  SessionParams,
  SessionQuestionParams,
  SurveyResponseBody,
  SurveyView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { strictLimit } from '../../platform/rate-limits.ts';
import type { LiveServices } from './live-services.ts';

/** The residents' side: upcoming sessions, registration, questions and votes, surveys, feedback. */
export const liveSessionRoutes: FastifyPluginAsyncZod<LiveServices> = async (
  app,
  { sessions, surveys, feedback },
) => {
  const tags = ['community'];
  const reader = { preHandler: app.optionalUser };
  const active = { preHandler: app.requireActiveUser };
  const { optionalSession, activeSession } = SECURITY;

  app.get(
    '/live-sessions',
    {
      schema: {
        operationId: 'listLiveSessions',
        security: optionalSession,
        tags,
        summary: '直播答疑: upcoming and live sessions, and those of the past week (replay, survey)',
        response: { 200: LiveSessionsReply },
      },
      ...reader,
    },
    async (req) => ({ items: await sessions.upcoming(req.user ?? undefined) }),
  );
  app.get(
    '/live-sessions/:id',
    {
      schema: {
        operationId: 'getLiveSession',
        security: optionalSession,
        tags,
        summary: 'One session: doctor, time, stream link or embed, replay, feedback survey',
        params: SessionParams,
        response: { 200: LiveSessionView },
      },
      ...reader,
    },
    async (req) => sessions.get(req.params.id, req.user ?? undefined),
  );
  app.put(
    '/live-sessions/:id/registration',
    {
      schema: {
        operationId: 'registerForLiveSession',
        security: activeSession,
        tags,
        summary: 'Register (提醒我: with a reminder 30 minutes before it starts, unless remind is false)',
        params: SessionParams,
        body: RegistrationBody,
        response: { 200: LiveSessionView },
      },
      ...active,
    },
    async (req) => sessions.register(req.user, req.params.id, req.body.remind),
  );
  app.delete(
    '/live-sessions/:id/registration',
    {
      schema: {
        operationId: 'unregisterFromLiveSession',
        security: activeSession,
        tags,
        summary: 'Cancel my registration',
        params: SessionParams,
        response: { 200: LiveSessionView },
      },
      ...active,
    },
    async (req) => sessions.unregister(req.user, req.params.id),
  );
  app.post(
    '/live-sessions/:id/attendance',
    {
      schema: {
        operationId: 'attendLiveSession',
        security: activeSession,
        tags,
        summary: 'The live page was opened: counts as attending while the session is on',
        params: SessionParams,
        response: { 200: z.object({ attended: z.boolean() }) },
      },
      ...active,
    },
    async (req) => sessions.attend(req.user, req.params.id),
  );
  app.get(
    '/live-sessions/:id/questions',
    {
      schema: {
        operationId: 'listLiveQuestions',
        security: optionalSession,
        tags,
        summary: 'Approved and answered questions, most up-voted first (and my own pending ones)',
        params: SessionParams,
        response: { 200: QuestionsReply },
      },
      ...reader,
    },
    async (req) => ({ items: await sessions.questions(req.params.id, req.user ?? undefined) }),
  );
  app.post(
    '/live-sessions/:id/questions',
    {
      schema: {
        operationId: 'askLiveQuestion',
        security: activeSession,
        tags,
        summary:
          'Ask: before the session it goes on the wall for up-votes; during it, to the moderated queue',
        params: SessionParams,
        body: QuestionBody,
        response: { 201: QuestionView },
      },
      config: strictLimit('report'),
      ...active,
    },
    async (req, reply) => reply.code(201).send(await sessions.ask(req.user, req.params.id, req.body.body)),
  );
  for (const [method, up] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    app[method](
      '/live-sessions/:id/questions/:questionId/vote',
      {
        schema: {
          operationId: up ? 'upvoteLiveQuestion' : 'withdrawLiveQuestionVote',
          security: activeSession,
          tags,
          summary: up ? 'Up-vote a question (one vote per person)' : 'Withdraw my up-vote',
          params: SessionQuestionParams,
          response: { 204: z.null() },
        },
        ...active,
      },
      async (req, reply) => {
        await sessions.vote(req.user, req.params.id, req.params.questionId, up);
        return reply.code(204).send(null);
      },
    );
  }

  app.get(
    '/surveys/:id',
    {
      schema: {
        operationId: 'getSurvey',
        security: optionalSession,
        tags,
        summary: 'A survey to fill in (open or closed; drafts are not shown)',
        params: SessionParams,
        response: { 200: SurveyView },
      },
      ...reader,
    },
    async (req) => surveys.get(req.params.id, req.user ?? undefined),
  );
  app.post(
    '/surveys/:id/responses',
    {
      schema: {
        operationId: 'answerSurvey',
        security: activeSession,
        tags,
        summary: 'Answer once; shareContact lets the institution see my phone number beside my answers',
        params: SessionParams,
        body: SurveyResponseBody,
        response: { 201: SurveyView },
      },
      config: strictLimit('report'),
      ...active,
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await surveys.respond(req.user, req.params.id, req.body.answers, req.body.shareContact)),
  );

  app.post(
    '/feedback',
    {
      schema: {
        operationId: 'sendFeedback',
        security: activeSession,
        tags,
        summary: '反馈建议: to the platform operators (at most 5 a day per person)',
        body: FeedbackBody,
        response: { 201: FeedbackView },
      },
      config: strictLimit('report'),
      ...active,
    },
    async (req, reply) =>
      reply.code(201).send(await feedback.send(req.user, req.body.category, req.body.body)),
  );
  app.get(
    '/me/feedback',
    {
      schema: {
        operationId: 'listMyFeedback',
        security: activeSession,
        tags,
        summary: 'My feedback with its status and the answer',
        response: { 200: FeedbackReply },
      },
      ...active,
    },
    async (req) => ({ items: await feedback.mine(req.user) }),
  );
};
