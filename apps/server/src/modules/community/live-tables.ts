// Drizzle's view of the tables that migrations/0025_community_live.sql creates: live sessions,
// surveys and feedback. They stay in this module; other modules ask index.ts.
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const liveSessions = pgTable('live_sessions', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  doctorName: text('doctor_name').notNull(),
  doctorTitle: text('doctor_title').notNull(),
  doctorHospital: text('doctor_hospital').notNull(),
  startsAt: tstz('starts_at').notNull(),
  endsAt: tstz('ends_at').notNull(),
  streamUrl: text('stream_url').notNull(),
  embedUrl: text('embed_url'),
  replayUrl: text('replay_url'),
  cancelledAt: tstz('cancelled_at'),
  remindedAt: tstz('reminded_at'),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type SessionRow = typeof liveSessions.$inferSelect;

export const liveRegistrations = pgTable(
  'live_registrations',
  {
    sessionId: uuid('session_id').notNull(),
    userId: uuid('user_id').notNull(),
    remind: boolean('remind').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const liveAttendance = pgTable(
  'live_attendance',
  {
    sessionId: uuid('session_id').notNull(),
    userId: uuid('user_id').notNull(),
    firstSeenAt: tstz('first_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const liveQuestions = pgTable('live_questions', {
  id: uuid('id').primaryKey(),
  sessionId: uuid('session_id').notNull(),
  userId: uuid('user_id'),
  body: text('body').notNull(),
  askedLive: boolean('asked_live').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'answered', 'hidden'] }).notNull(),
  answer: text('answer'),
  votes: integer('votes').notNull(),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type QuestionRow = typeof liveQuestions.$inferSelect;

export const liveQuestionVotes = pgTable(
  'live_question_votes',
  {
    questionId: uuid('question_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] })],
);

export interface StoredQuestion {
  id: string;
  kind: 'single' | 'multiple' | 'rating' | 'text';
  label: string;
  options: string[];
  required: boolean;
}

export const surveys = pgTable('surveys', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  sessionId: uuid('session_id'),
  title: text('title').notNull(),
  intro: text('intro').notNull(),
  questions: jsonb('questions').$type<StoredQuestion[]>().notNull(),
  status: text('status', { enum: ['draft', 'open', 'closed'] }).notNull(),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type SurveyRow = typeof surveys.$inferSelect;

export type StoredAnswer = number | number[] | string;
export const surveyResponses = pgTable('survey_responses', {
  id: uuid('id').primaryKey(),
  surveyId: uuid('survey_id').notNull(),
  userId: uuid('user_id'),
  answers: jsonb('answers').$type<Record<string, StoredAnswer>>().notNull(),
  shareContact: boolean('share_contact').notNull(),
  createdAt: tstz('created_at').notNull(),
});

export const feedback = pgTable('feedback', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id'),
  category: text('category', { enum: ['suggestion', 'problem', 'praise', 'other'] }).notNull(),
  body: text('body').notNull(),
  status: text('status', { enum: ['new', 'read', 'answered'] }).notNull(),
  reply: text('reply'),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type FeedbackRow = typeof feedback.$inferSelect;
