import { MAX_EVALUATED_LENGTH, type PostText } from './engine.ts';
import { normalize } from './normalize.ts';
import type { RuleSet } from './rules.ts';

/** A half-open range [start, end) of UTF-16 offsets into the normalised text. */
export type Span = [start: number, end: number];

export interface Highlighted {
  /** The note as the rules read it. */
  normalized: string;
  /** Where trade patterns matched in it, merged and in order, for a moderator's eye. */
  spans: Span[];
}

// Stands in for exempt text: no pattern matches it, and the offsets stay those of `normalized`.
const BLANK = '\u0000';

/**
 * What the moderation queue shows (issue 18): the normalised note and the parts of it that trade
 * patterns matched. Exempt text (不要钱, 药店要卖80一瓶…) is blanked first, as evaluate() does, but
 * char for char so the offsets still point into the normalised text. Red-flag patterns are not
 * trade and are not highlighted.
 */
export function highlight(input: PostText, rules: RuleSet): Highlighted {
  const normalized = normalize(input.text.slice(0, MAX_EVALUATED_LENGTH));
  const applies = (rule: { kinds?: string[] }) => rule.kinds === undefined || rule.kinds.includes(input.kind);
  let masked = normalized;
  for (const rule of rules.patterns) {
    if (rule.category !== 'exempt' || !applies(rule)) continue;
    masked = masked.replace(rule.global, (match) => BLANK.repeat(match.length));
  }
  const spans: Span[] = [];
  for (const rule of rules.patterns) {
    if (rule.category === 'exempt' || rule.category === 'red_flag' || !applies(rule)) continue;
    for (const match of masked.matchAll(rule.global)) {
      if (match[0].length > 0) spans.push([match.index, match.index + match[0].length]);
    }
  }
  return { normalized, spans: merge(spans) };
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Span[] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
