import { describe, expect, test } from 'vitest';
import { rulesText } from './rules-text.ts';

// As PostgreSQL's jsonb hands the rule set back: keys shortest first.
const stored = {
  note: 'shipped',
  lexicon: { unit: ['盒'] },
  reasons: { contact: 'off_platform_contact' },
  version: '2022.12-1',
  patterns: [{ id: 'contact.ask', note: 'asks to add', pattern: '加我(?:微信|qq)', category: 'contact' }],
  redFlags: [],
  combinations: [
    { id: 'a.b', all: [['contact'], ['link']], note: 'two channels', reason: 'x', outcome: 'blocked' },
  ],
};

describe('the rules editor text', () => {
  test('puts the keys back in the order a moderator edits them, the long lexicon last', () => {
    const text = rulesText(stored);
    const top = Object.keys(JSON.parse(text));
    expect(top).toEqual(['version', 'note', 'reasons', 'patterns', 'combinations', 'redFlags', 'lexicon']);
    const parsed = JSON.parse(text) as { patterns: object[]; combinations: object[] };
    expect(Object.keys(parsed.patterns[0] ?? {})).toEqual(['id', 'category', 'pattern', 'note']);
    expect(Object.keys(parsed.combinations[0] ?? {})).toEqual(['id', 'all', 'outcome', 'reason', 'note']);
  });

  test('changes nothing but the order', () => {
    expect(JSON.parse(rulesText(stored))).toEqual(stored);
    expect(rulesText(null)).toBe('null');
    expect(JSON.parse(rulesText({ version: '1', extra: { b: 1, a: 2 } }))).toEqual({
      version: '1',
      extra: { b: 1, a: 2 },
    });
  });
});
