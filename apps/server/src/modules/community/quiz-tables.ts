// Drizzle's view of the tables that migrations/0027_community_quizzes.sql creates: question banks,
// quizzes, attempts and the institutions' points ledger. They stay in this module.
import type { QuizTier } from '@medrelay/contracts';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const quizBanks = pgTable('quiz_banks', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  title: text('title').notNull(),
  createdAt: tstz('created_at').notNull(),
});

export const quizQuestions = pgTable('quiz_questions', {
  id: uuid('id').primaryKey(),
  bankId: uuid('bank_id').notNull(),
  kind: text('kind', { enum: ['single', 'multiple'] }).notNull(),
  prompt: text('prompt').notNull(),
  options: jsonb('options').$type<string[]>().notNull(),
  correct: jsonb('correct').$type<number[]>().notNull(),
  explanation: text('explanation').notNull(),
  createdAt: tstz('created_at').notNull(),
});
export type QuizQuestionRow = typeof quizQuestions.$inferSelect;

export const quizzes = pgTable('quizzes', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  bankId: uuid('bank_id').notNull(),
  groupId: uuid('group_id'),
  title: text('title').notNull(),
  intro: text('intro').notNull(),
  questionCount: integer('question_count').notNull(),
  opensAt: tstz('opens_at').notNull(),
  closesAt: tstz('closes_at').notNull(),
  timeLimitSeconds: integer('time_limit_seconds').notNull(),
  tiers: jsonb('tiers').$type<QuizTier[]>().notNull(),
  rewardKind: text('reward_kind', { enum: ['points'] }).notNull(),
  createdAt: tstz('created_at').notNull(),
  settledAt: tstz('settled_at'),
  participants: integer('participants'),
  pool: integer('pool'),
  winners: integer('winners'),
  share: integer('share'),
  remainder: integer('remainder'),
});
export type QuizRow = typeof quizzes.$inferSelect;

export const quizAttempts = pgTable('quiz_attempts', {
  id: uuid('id').primaryKey(),
  quizId: uuid('quiz_id').notNull(),
  userId: uuid('user_id').notNull(),
  personKey: text('person_key').notNull(),
  questionIds: jsonb('question_ids').$type<string[]>().notNull(),
  startedAt: tstz('started_at').notNull(),
  deadlineAt: tstz('deadline_at').notNull(),
  submittedAt: tstz('submitted_at'),
  answers: jsonb('answers').$type<Record<string, number[]>>(),
  correctCount: integer('correct_count'),
  allCorrect: boolean('all_correct'),
  reward: integer('reward'),
});
export type QuizAttemptRow = typeof quizAttempts.$inferSelect;

export const communityPoints = pgTable('community_points', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  userId: uuid('user_id').notNull(),
  operationId: text('operation_id').notNull(),
  delta: integer('delta').notNull(),
  reason: text('reason').notNull(),
  createdAt: tstz('created_at').notNull(),
});
