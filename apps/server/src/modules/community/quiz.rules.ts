import type { QuizTier } from '@medrelay/contracts';

/** The highest tier whose participant count was reached (tiers ascend), or null below the first. */
export function tierReached(tiers: readonly QuizTier[], participants: number): QuizTier | null {
  let reached: QuizTier | null = null;
  for (const tier of tiers) if (participants >= tier.participants) reached = tier;
  return reached;
}

/**
 * The pool split among the winners, in their order (earliest complete submission first): each gets
 * floor(pool / winners) and the first `pool mod winners` one point more, so the shares are whole
 * points and add up to the pool exactly. No winners: nothing is paid.
 */
export function splitPool(pool: number, winners: number) {
  if (winners <= 0 || pool <= 0) return { share: 0, remainder: 0, amounts: [] as number[] };
  const share = Math.floor(pool / winners);
  const remainder = pool - share * winners;
  const amounts = Array.from({ length: winners }, (_, i) => share + (i < remainder ? 1 : 0));
  return { share, remainder, amounts };
}

export interface StoredQuizQuestion {
  id: string;
  kind: 'single' | 'multiple';
  options: string[];
  correct: number[];
}

/**
 * Checks a submission against the drawn questions: every question answered with valid, distinct
 * option indexes (one for a single choice), nothing else. A question is right when the chosen set is
 * exactly the correct set.
 */
export function scoreAnswers(
  questions: readonly StoredQuizQuestion[],
  answers: Record<string, number[]>,
): { ok: true; score: number; answers: Record<string, number[]> } | { ok: false; field: string } {
  const ids = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) if (!ids.has(id)) return { ok: false, field: id };
  let score = 0;
  const clean: Record<string, number[]> = {};
  for (const q of questions) {
    const chosen = answers[q.id];
    if (!chosen || chosen.length === 0) return { ok: false, field: q.id };
    if (new Set(chosen).size !== chosen.length) return { ok: false, field: q.id };
    if (chosen.some((i) => i >= q.options.length)) return { ok: false, field: q.id };
    if (q.kind === 'single' && chosen.length !== 1) return { ok: false, field: q.id };
    const sorted = [...chosen].sort((a, b) => a - b);
    clean[q.id] = sorted;
    const right = [...q.correct].sort((a, b) => a - b);
    if (sorted.length === right.length && sorted.every((v, i) => v === right[i])) score++;
  }
  return { ok: true, score, answers: clean };
}

/** N distinct items drawn at random (Fisher–Yates on a copy). */
export function draw<T>(items: readonly T[], n: number, random = Math.random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}
