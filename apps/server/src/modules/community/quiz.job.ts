import type { QuizService } from './quiz.service.ts';

/**
 * The quizzes' settlement, run by bootstrap.ts every half minute: each quiz whose window closed is
 * settled once across restarts and processes (see quiz.service.ts settleDue).
 */
export function createQuizJob(quiz: Pick<QuizService, 'settleDue'>) {
  return { runOnce: () => quiz.settleDue() };
}
export type QuizJob = ReturnType<typeof createQuizJob>;
