import type { SurveyResults } from '@medrelay/contracts';
import type { StoredAnswer, StoredQuestion } from './live-tables.ts';

type Response = { answers: Record<string, StoredAnswer> };

/** Tallies per question: option counts, star counts 1–5 with the mean, the newest texts. */
export function tally(questions: StoredQuestion[], responses: Response[]): SurveyResults {
  return {
    responses: responses.length,
    questions: questions.map((q) => {
      const given = responses.map((r) => r.answers[q.id]).filter((a) => a !== undefined);
      const counts = q.kind === 'rating' ? [0, 0, 0, 0, 0] : q.kind === 'text' ? [] : q.options.map(() => 0);
      const texts: string[] = [];
      let sum = 0;
      for (const a of given) {
        if (q.kind === 'text' && typeof a === 'string' && a.trim() && texts.length < 50) texts.push(a);
        if (q.kind === 'single' && typeof a === 'number') counts[a] = (counts[a] ?? 0) + 1;
        if (q.kind === 'multiple' && Array.isArray(a)) for (const i of a) counts[i] = (counts[i] ?? 0) + 1;
        if (q.kind === 'rating' && typeof a === 'number') {
          counts[a - 1] = (counts[a - 1] ?? 0) + 1;
          sum += a;
        }
      }
      const rated = q.kind === 'rating' ? given.length : 0;
      return {
        id: q.id,
        kind: q.kind,
        label: q.label,
        options: q.options,
        counts,
        average: rated ? Math.round((sum / rated) * 100) / 100 : null,
        texts,
      };
    }),
  };
}

/** A checked answer for each question, or the id of the first one that is wrong or missing. */
export function checkAnswers(
  questions: StoredQuestion[],
  answers: Record<string, StoredAnswer>,
): { ok: true; answers: Record<string, StoredAnswer> } | { ok: false; field: string } {
  const out: Record<string, StoredAnswer> = {};
  for (const key of Object.keys(answers))
    if (!questions.some((q) => q.id === key)) return { ok: false, field: key };
  for (const q of questions) {
    const a = answers[q.id];
    const empty = a === undefined || (typeof a === 'string' && !a.trim()) || (Array.isArray(a) && !a.length);
    if (empty) {
      if (q.required) return { ok: false, field: q.id };
      continue;
    }
    const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < q.options.length;
    const valid =
      (q.kind === 'single' && typeof a === 'number' && inRange(a)) ||
      (q.kind === 'multiple' && Array.isArray(a) && a.every(inRange) && new Set(a).size === a.length) ||
      (q.kind === 'rating' && typeof a === 'number' && Number.isInteger(a) && a >= 1 && a <= 5) ||
      (q.kind === 'text' && typeof a === 'string');
    if (!valid) return { ok: false, field: q.id };
    out[q.id] = a;
  }
  return { ok: true, answers: out };
}

const cell = (v: string) => {
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/**
 * One row per response. The phone column is filled only for respondents who agreed to share it;
 * for everyone else the row carries the answers alone.
 */
export function toCsv(
  questions: StoredQuestion[],
  rows: { answers: Record<string, StoredAnswer>; createdAt: Date; contact: string | null }[],
): string {
  const head = ['submitted_at', 'phone', ...questions.map((q) => q.label)];
  const render = (q: StoredQuestion, a: StoredAnswer | undefined) => {
    if (a === undefined) return '';
    if (q.kind === 'single' && typeof a === 'number') return q.options[a] ?? '';
    if (q.kind === 'multiple' && Array.isArray(a)) return a.map((i) => q.options[i] ?? '').join('; ');
    return String(a);
  };
  const lines = [head.map(cell).join(',')];
  for (const r of rows)
    lines.push(
      [r.createdAt.toISOString(), r.contact ?? '', ...questions.map((q) => render(q, r.answers[q.id]))]
        .map(cell)
        .join(','),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
