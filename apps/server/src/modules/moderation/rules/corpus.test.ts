import { describe, expect, test } from 'vitest';
import { ALLOWED, BLOCKED, type CorpusEntry, REVIEW } from './corpus.test-data.ts';
import { evaluate } from './engine.ts';
import { loadDefaultRules } from './rules.ts';

const rules = loadDefaultRules();

function misclassified(entries: CorpusEntry[]): string[] {
  return entries.flatMap((entry) => {
    const verdict = evaluate({ text: entry.text, kind: entry.kind }, rules);
    const reasonOk = entry.reason === undefined || verdict.reasons.includes(entry.reason);
    if (verdict.outcome === entry.expect && reasonOk) return [];
    const expected = `${entry.expect}${entry.reason ? `/${entry.reason}` : ''}`;
    const got = `${verdict.outcome}/${verdict.reasons.join('+') || '-'}`;
    const fired = verdict.signals.map((signal) => signal.id).join(', ') || 'nothing';
    return [`[${entry.kind}] ${entry.text}\n    expected ${expected}, got ${got} (fired: ${fired})`];
  });
}

describe('the rules corpus', () => {
  test('is big enough to mean something', () => {
    expect(BLOCKED.length).toBeGreaterThanOrEqual(70);
    expect(ALLOWED.length).toBeGreaterThanOrEqual(70);
    expect(BLOCKED.every((entry) => entry.reason !== undefined)).toBe(true);
    expect(new Set([...BLOCKED, ...ALLOWED, ...REVIEW].map((e) => e.text)).size).toBe(
      BLOCKED.length + ALLOWED.length + REVIEW.length,
    );
  });

  test.each([
    ['blocked', BLOCKED],
    ['allowed', ALLOWED],
    ['review', REVIEW],
  ] as const)('every %s post is classified as expected', (_, entries) => {
    const wrong = misclassified(entries);
    expect(wrong, `${wrong.length} misclassified:\n${wrong.join('\n')}`).toEqual([]);
  });
});
