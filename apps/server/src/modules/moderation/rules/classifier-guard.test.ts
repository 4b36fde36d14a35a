import { expect, test } from 'vitest';
import { rulesEngine } from '../rules-engine.ts';
import { CLASSIFIER_MIN_CHARS } from './engine.ts';

const compiled = rulesEngine.compile(rulesEngine.defaultRules());
const screen = (text: string) =>
  rulesEngine.evaluate({ text, kind: 'need', medicineIds: ['ibuprofen-tablet'] }, compiled);

test('a note too short to weigh is decided by the patterns alone, not held by the trade model', () => {
  // The model scored this honest request 0.98 before the guard: a few characters are mostly prior.
  const short = screen('请打我电话');
  expect(short.outcome).toBe('allowed');
  expect('请打我电话'.length).toBeLessThan(CLASSIFIER_MIN_CHARS);
  // Short trade is still caught by the patterns.
  expect(screen('50元一盒出').outcome).not.toBe('allowed');
});
