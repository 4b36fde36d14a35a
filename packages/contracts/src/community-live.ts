import { z } from 'zod';
import { multiLine, singleLine } from './text.ts';

/**
 * Community operations, part 2 (issue 14): live doctor Q&A sessions (直播答疑), surveys and the
 * general feedback form (反馈建议). Operators are members of an institution partner.
 */

/** Hosts whose players may be embedded in the live page (https only); anything else is a plain link. */
export const LIVE_EMBED_HOSTS = [
  'player.bilibili.com',
  'live.bilibili.com',
  'v.qq.com',
  'channels.weixin.qq.com',
  'player.youku.com',
  'www.youtube-nocookie.com',
  'player.vimeo.com',
] as const;
/** How long before its start a registered resident is reminded. */
export const LIVE_REMINDER_MINUTES = 30;
export const LIVE_QUESTION_MAX = 300;
export const FEEDBACK_PER_DAY = 5;

const HttpsUrl = z
  .url({ protocol: /^https$/ })
  .max(500)
  .refine((u) => !/[\s<>"]/.test(u), 'not a plain URL');

export const LiveSessionBody = z
  .strictObject({
    title: singleLine({ min: 2, max: 80 }),
    description: multiLine({ max: 1000 }).default(''),
    doctor: z.strictObject({
      name: singleLine({ min: 1, max: 30 }),
      title: singleLine({ min: 1, max: 30 }),
      hospital: singleLine({ min: 2, max: 60 }),
    }),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    streamUrl: HttpsUrl,
    /** An embeddable player on one of LIVE_EMBED_HOSTS. */
    embedUrl: HttpsUrl.nullable().default(null),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type LiveSessionInput = z.input<typeof LiveSessionBody>;

export const LiveSessionPatch = z.strictObject({
  replayUrl: HttpsUrl.nullable().optional(),
  streamUrl: HttpsUrl.optional(),
  embedUrl: HttpsUrl.nullable().optional(),
  cancelled: z.literal(true).optional(),
});

export const LIVE_PHASES = ['upcoming', 'live', 'ended', 'cancelled'] as const;
export const LivePhase = z.enum(LIVE_PHASES);
export type LivePhase = z.infer<typeof LivePhase>;

export const LiveSessionView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  title: z.string(),
  description: z.string(),
  doctor: z.object({ name: z.string(), title: z.string(), hospital: z.string() }),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  phase: LivePhase,
  streamUrl: z.string(),
  embedUrl: z.string().nullable(),
  replayUrl: z.string().nullable(),
  /** The feedback survey, once the operator has made one. */
  surveyId: z.uuid().nullable(),
  registeredCount: z.number().int(),
  /** Null when the reader is not logged in. */
  me: z.object({ registered: z.boolean(), remind: z.boolean() }).nullable(),
});
export type LiveSessionView = z.infer<typeof LiveSessionView>;
export const LiveSessionsReply = z.object({ items: z.array(LiveSessionView) });

export const LiveFigures = z.object({
  registered: z.number().int(),
  /** Opened the live page while the session was on. */
  attended: z.number().int(),
  questions: z.number().int(),
  answered: z.number().int(),
  /** From the first rating question of the session's feedback survey. */
  ratings: z.object({ count: z.number().int(), average: z.number().nullable() }),
});
export const OperatorSessionView = LiveSessionView.extend({ figures: LiveFigures });
export type OperatorSessionView = z.infer<typeof OperatorSessionView>;
export const OperatorSessionsReply = z.object({ items: z.array(OperatorSessionView) });

export const RegistrationBody = z.strictObject({ remind: z.boolean().default(true) });

export const QUESTION_STATUSES = ['pending', 'approved', 'answered', 'hidden'] as const;
export const QuestionStatus = z.enum(QUESTION_STATUSES);
export const QuestionBody = z.strictObject({ body: multiLine({ min: 2, max: LIVE_QUESTION_MAX }) });
export const QuestionView = z.object({
  id: z.uuid(),
  body: z.string(),
  status: QuestionStatus,
  /** Asked before the session started (collected beforehand) or during it. */
  askedLive: z.boolean(),
  votes: z.number().int(),
  answer: z.string().nullable(),
  mine: z.boolean(),
  myVote: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type QuestionView = z.infer<typeof QuestionView>;
export const QuestionsReply = z.object({ items: z.array(QuestionView) });
export const QuestionActionParams = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  questionId: z.uuid(),
  action: z.enum(['approve', 'answer', 'hide']),
});
export const QuestionActionBody = z.strictObject({ answer: multiLine({ max: 1000 }).optional() }).default({});
export const SessionParams = z.object({ id: z.uuid() });
export const SessionQuestionParams = z.object({ id: z.uuid(), questionId: z.uuid() });
export const PartnerSessionParams = z.object({ id: z.uuid(), sessionId: z.uuid() });

// Surveys.
export const SURVEY_QUESTION_KINDS = ['single', 'multiple', 'rating', 'text'] as const;
export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export const SurveyQuestion = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]{1,20}$/),
  kind: z.enum(SURVEY_QUESTION_KINDS),
  label: singleLine({ min: 1, max: 120 }),
  /** For single and multiple choice: 2 to 10 options. */
  options: z
    .array(singleLine({ min: 1, max: 60 }))
    .max(10)
    .default([]),
  required: z.boolean().default(true),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;
export const SurveyBody = z
  .strictObject({
    title: singleLine({ min: 2, max: 80 }),
    intro: multiLine({ max: 500 }).default(''),
    /** A live session's feedback survey. */
    sessionId: z.uuid().nullable().default(null),
    questions: z.array(SurveyQuestion).min(1).max(20),
  })
  .refine((s) => new Set(s.questions.map((q) => q.id)).size === s.questions.length, {
    message: 'question ids must be distinct',
    path: ['questions'],
  })
  .refine(
    (s) =>
      s.questions.every((q) =>
        q.kind === 'single' || q.kind === 'multiple' ? q.options.length >= 2 : q.options.length === 0,
      ),
    { message: 'choice questions need 2 to 10 options; others none', path: ['questions'] },
  );
export type SurveyInput = z.input<typeof SurveyBody>;
export const SurveyStatusBody = z.strictObject({ status: z.enum(['open', 'closed']) });
export const SurveyView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  title: z.string(),
  intro: z.string(),
  sessionId: z.uuid().nullable(),
  status: z.enum(SURVEY_STATUSES),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(SURVEY_QUESTION_KINDS),
      label: z.string(),
      options: z.array(z.string()),
      required: z.boolean(),
    }),
  ),
  responses: z.number().int(),
  /** Whether the reader has answered (false when not logged in). */
  answered: z.boolean(),
});
export type SurveyView = z.infer<typeof SurveyView>;
export const SurveysReply = z.object({ items: z.array(SurveyView) });
/** An answer per question id: an option index, option indexes, 1–5, or text. */
export const SurveyAnswer = z.union([
  z.number().int().min(0).max(9),
  z.array(z.number().int().min(0).max(9)).max(10),
  multiLine({ max: 1000 }),
]);
export const SurveyResponseBody = z.strictObject({
  answers: z.record(z.string().max(20), SurveyAnswer),
  /** The respondent agrees that the institution sees their phone number beside their answers. */
  shareContact: z.boolean().default(false),
});
export const SurveyResults = z.object({
  responses: z.number().int(),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(SURVEY_QUESTION_KINDS),
      label: z.string(),
      options: z.array(z.string()),
      /** Per option (choices) or per star 1–5 (ratings). */
      counts: z.array(z.number().int()),
      average: z.number().nullable(),
      /** Text answers, newest first, at most 50; never with who wrote them. */
      texts: z.array(z.string()),
    }),
  ),
});
export type SurveyResults = z.infer<typeof SurveyResults>;
export const PartnerSurveyParams = z.object({ id: z.uuid(), surveyId: z.uuid() });

// Feedback (反馈建议).
export const FEEDBACK_CATEGORIES = ['suggestion', 'problem', 'praise', 'other'] as const;
export const FEEDBACK_STATUSES = ['new', 'read', 'answered'] as const;
export const FeedbackBody = z.strictObject({
  category: z.enum(FEEDBACK_CATEGORIES),
  body: multiLine({ min: 5, max: 1000 }),
});
export const FeedbackView = z.object({
  id: z.uuid(),
  category: z.enum(FEEDBACK_CATEGORIES),
  body: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  reply: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type FeedbackView = z.infer<typeof FeedbackView>;
export const FeedbackReply = z.object({ items: z.array(FeedbackView) });
export const FeedbackQueueQuery = z.object({ status: z.enum(FEEDBACK_STATUSES).optional() });
export const FeedbackAnswerBody = z.strictObject({ reply: multiLine({ min: 1, max: 1000 }) });
