import {
  FeedbackAnswerBody,
  FeedbackQueueQuery,
  FeedbackReply,
  FeedbackView,
  LiveSessionBody,
  LiveSessionPatch,
  OperatorSessionsReply,
  OperatorSessionView,
  PartnerIdParams,
  PartnerSessionParams,
  PartnerSurveyParams,
  QuestionActionBody,
  QuestionActionParams,
  QuestionsReply,
  QuestionView,
  SessionParams,
  SurveyBody,
  SurveyResults,
  SurveyStatusBody,
  SurveysReply,
  SurveyView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { LiveServices } from './live-services.ts';

/**
 * The operators' side: an institution's members schedule sessions, moderate the question queue,
 * run surveys (/partner/:id, community section); the platform's moderators read and answer feedback.
 */
export const liveWorkspaceRoutes: FastifyPluginAsyncZod<LiveServices> = async (
  app,
  { sessions, surveys, feedback },
) => {
  const tags = ['community'];
  const staff = { preHandler: app.requireActiveUser };
  const security = SECURITY.activeSession;

  app.get(
    '/partners/:id/live-sessions',
    {
      schema: {
        operationId: 'listPartnerLiveSessions',
        security,
        tags,
        summary: "The institution's sessions with their figures (counts only)",
        params: PartnerIdParams,
        response: { 200: OperatorSessionsReply },
      },
      ...staff,
    },
    async (req) => ({ items: await sessions.ofInstitution(req.user, req.params.id) }),
  );
  app.post(
    '/partners/:id/live-sessions',
    {
      schema: {
        operationId: 'scheduleLiveSession',
        security,
        tags,
        summary: 'Schedule a session with a doctor (name, title, hospital as the institution enters them)',
        params: PartnerIdParams,
        body: LiveSessionBody,
        response: { 201: OperatorSessionView },
      },
      ...staff,
    },
    async (req, reply) => reply.code(201).send(await sessions.create(req.user, req.params.id, req.body)),
  );
  app.patch(
    '/partners/:id/live-sessions/:sessionId',
    {
      schema: {
        operationId: 'updateLiveSession',
        security,
        tags,
        summary: 'Set the replay link, change the stream, or cancel before it starts',
        params: PartnerSessionParams,
        body: LiveSessionPatch,
        response: { 200: OperatorSessionView },
      },
      ...staff,
    },
    async (req) => sessions.update(req.user, req.params.id, req.params.sessionId, req.body),
  );
  app.get(
    '/partners/:id/live-sessions/:sessionId/questions',
    {
      schema: {
        operationId: 'listLiveQueue',
        security,
        tags,
        summary:
          'The moderation queue: every question (pending, approved, answered, hidden), without who asked',
        params: PartnerSessionParams,
        response: { 200: QuestionsReply },
      },
      ...staff,
    },
    async (req) => ({ items: await sessions.queue(req.user, req.params.id, req.params.sessionId) }),
  );
  app.post(
    '/partners/:id/live-sessions/:sessionId/questions/:questionId/:action',
    {
      schema: {
        operationId: 'moderateLiveQuestion',
        security,
        tags,
        summary: 'Approve, answer (with an optional written answer) or hide a question',
        params: QuestionActionParams,
        body: QuestionActionBody,
        response: { 200: QuestionView },
      },
      ...staff,
    },
    async (req) =>
      sessions.moderate(
        req.user,
        req.params.id,
        req.params.sessionId,
        req.params.questionId,
        req.params.action,
        req.body?.answer,
      ),
  );

  app.get(
    '/partners/:id/surveys',
    {
      schema: {
        operationId: 'listPartnerSurveys',
        security,
        tags,
        summary: "The institution's surveys",
        params: PartnerIdParams,
        response: { 200: SurveysReply },
      },
      ...staff,
    },
    async (req) => ({ items: await surveys.ofInstitution(req.user, req.params.id) }),
  );
  app.post(
    '/partners/:id/surveys',
    {
      schema: {
        operationId: 'createSurvey',
        security,
        tags,
        summary:
          'A survey (single / multiple choice, rating, text), as a draft; a session’s feedback survey names it',
        params: PartnerIdParams,
        body: SurveyBody,
        response: { 201: SurveyView },
      },
      ...staff,
    },
    async (req, reply) => reply.code(201).send(await surveys.create(req.user, req.params.id, req.body)),
  );
  app.put(
    '/partners/:id/surveys/:surveyId/status',
    {
      schema: {
        operationId: 'setSurveyStatus',
        security,
        tags,
        summary: 'Open or close a survey',
        params: PartnerSurveyParams,
        body: SurveyStatusBody,
        response: { 200: SurveyView },
      },
      ...staff,
    },
    async (req) => surveys.setStatus(req.user, req.params.id, req.params.surveyId, req.body.status),
  );
  app.get(
    '/partners/:id/surveys/:surveyId/results',
    {
      schema: {
        operationId: 'getSurveyResults',
        security,
        tags,
        summary: 'Counts per option and per star, averages, and text answers without who wrote them',
        params: PartnerSurveyParams,
        response: { 200: SurveyResults },
      },
      ...staff,
    },
    async (req) => surveys.results(req.user, req.params.id, req.params.surveyId),
  );
  app.get(
    '/partners/:id/surveys/:surveyId/export',
    {
      schema: {
        operationId: 'exportSurveyCsv',
        security,
        tags,
        summary: 'The responses as CSV; a phone number only for respondents who agreed to share it',
        params: PartnerSurveyParams,
        response: { 200: z.object({ title: z.string(), csv: z.string() }) },
      },
      ...staff,
    },
    async (req) => surveys.csv(req.user, req.params.id, req.params.surveyId),
  );

  const mod = { preHandler: app.requireRole('moderator') };
  app.get(
    '/admin/feedback',
    {
      schema: {
        operationId: 'listFeedback',
        security: SECURITY.moderator,
        tags,
        summary: "Residents' feedback, newest first (never who wrote it)",
        querystring: FeedbackQueueQuery,
        response: { 200: FeedbackReply },
      },
      ...mod,
    },
    async (req) => ({ items: await feedback.queue(req.query.status) }),
  );
  app.post(
    '/admin/feedback/:id/read',
    {
      schema: {
        operationId: 'markFeedbackRead',
        security: SECURITY.moderator,
        tags,
        summary: 'Mark as read',
        params: SessionParams,
        response: { 200: FeedbackView },
      },
      ...mod,
    },
    async (req) => feedback.markRead(req.params.id),
  );
  app.post(
    '/admin/feedback/:id/answer',
    {
      schema: {
        operationId: 'answerFeedback',
        security: SECURITY.moderator,
        tags,
        summary: 'Answer; the resident is notified',
        params: SessionParams,
        body: FeedbackAnswerBody,
        response: { 200: FeedbackView },
      },
      ...mod,
    },
    async (req) => feedback.answer(req.params.id, req.body.reply),
  );
};
