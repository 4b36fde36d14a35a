import type { Outcome } from '../engine.ts';
import type { LabelledNote } from './trade-corpus.ts';

/**
 * Per-category figures on the labelled corpus, the way issue 18 counts them: a trade note counts
 * when it is kept out of the square (blocked or held), an honest note when it is published at once.
 */
export interface CategoryFigures {
  category: string;
  label: LabelledNote['label'];
  notes: number;
  blocked: number;
  held: number;
  published: number;
}

export interface CorpusFigures {
  categories: CategoryFigures[];
  /** Trade notes kept out / trade notes. */
  tradeRecall: number;
  /** Honest notes published at once / honest notes. */
  honestPublished: number;
  /** Of the notes kept out, the share that were trade. */
  tradePrecision: number;
  misses: { note: LabelledNote; outcome: Outcome }[];
}

export async function corpusFigures(
  notes: readonly LabelledNote[],
  decide: (note: LabelledNote) => Outcome | Promise<Outcome>,
): Promise<CorpusFigures> {
  const byCategory = new Map<string, CategoryFigures>();
  const misses: CorpusFigures['misses'] = [];
  for (const note of notes) {
    const outcome = await decide(note);
    const row = byCategory.get(note.category) ?? {
      category: note.category,
      label: note.label,
      notes: 0,
      blocked: 0,
      held: 0,
      published: 0,
    };
    row.notes += 1;
    if (outcome === 'blocked') row.blocked += 1;
    else if (outcome === 'review') row.held += 1;
    else row.published += 1;
    byCategory.set(note.category, row);
    const right = note.label === 'trade' ? outcome !== 'allowed' : outcome === 'allowed';
    if (!right) misses.push({ note, outcome });
  }
  const categories = [...byCategory.values()];
  const sum = (label: string, f: (row: CategoryFigures) => number) =>
    categories.filter((row) => row.label === label).reduce((total, row) => total + f(row), 0);
  const keptOut = (row: CategoryFigures) => row.blocked + row.held;
  const tradeKept = sum('trade', keptOut);
  const honestKept = sum('honest', keptOut);
  return {
    categories,
    tradeRecall:
      tradeKept /
      Math.max(
        1,
        sum('trade', (row) => row.notes),
      ),
    honestPublished:
      sum('honest', (row) => row.published) /
      Math.max(
        1,
        sum('honest', (row) => row.notes),
      ),
    tradePrecision: tradeKept / Math.max(1, tradeKept + honestKept),
    misses,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** A Markdown table of the figures, for docs/moderation.md and test failure messages. */
export function figuresTable(figures: CorpusFigures): string {
  const lines = [
    '| category | label | notes | blocked | held | published | counted right |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of figures.categories) {
    const right = row.label === 'trade' ? row.blocked + row.held : row.published;
    lines.push(
      `| ${row.category} | ${row.label} | ${row.notes} | ${row.blocked} | ${row.held} | ${row.published} | ${percent(right / row.notes)} |`,
    );
  }
  lines.push(
    '',
    `Trade kept out of the square (recall): ${percent(figures.tradeRecall)}; of what was kept out, trade (precision): ${percent(figures.tradePrecision)}; honest published at once: ${percent(figures.honestPublished)}.`,
  );
  return lines.join('\n');
}
