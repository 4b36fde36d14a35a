import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { evaluate } from './engine.ts';
import { normalize } from './normalize.ts';
import { DEFAULT_RULES_FILE, loadDefaultRules, parseRuleSet, type RuleSetIssue } from './rules.ts';

const rules = loadDefaultRules();
const catalog = JSON.parse(
  readFileSync(new URL('../../../../data/catalog.v1.json', import.meta.url), 'utf8'),
) as {
  medicines: { id: string; name: { zh: string }; aliases: string[] }[];
  excluded: { name: string; reason: string }[];
};

const valid = () => structuredClone(rules.data) as Record<string, unknown> & typeof rules.data;

function issuesOf(input: unknown): RuleSetIssue[] {
  try {
    parseRuleSet(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_rule_set');
    expect((error as AppError).status).toBe(400);
    return (error as AppError).details.issues as RuleSetIssue[];
  }
  throw new Error('expected the rule set to be refused');
}

describe('the default rule set', () => {
  test('loads from apps/server/data/rules.v1.json and round-trips through JSON', () => {
    expect(DEFAULT_RULES_FILE.pathname).toMatch(/apps\/server\/data\/rules\.v1\.json$/);
    expect(rules.version).toBe('2026.11-1');
    expect(parseRuleSet(JSON.stringify(rules.data)).patterns.length).toBe(rules.patterns.length);
  });

  test('every patterns category has rules, and every rule says why it exists', () => {
    const categories = new Set(rules.patterns.map((rule) => rule.category));
    for (const c of [
      'price',
      'money',
      'sale',
      'bulk',
      'contact',
      'link',
      'banned_medicine',
      'red_flag',
      'exempt',
    ]) {
      expect(categories.has(c as never), c).toBe(true);
    }
    for (const rule of rules.patterns) expect(rule.note.length, rule.id).toBeGreaterThan(5);
  });

  test('its medicine list covers every catalogue name and alias', () => {
    const lexicon = new Set(rules.data.lexicon.medicine?.map(normalize));
    for (const m of catalog.medicines) {
      for (const name of [m.name.zh, ...m.aliases])
        expect(lexicon.has(normalize(name)), `${m.id}: ${name}`).toBe(true);
    }
  });

  test('no catalogue medicine reads as banned, offered by name or alias', () => {
    for (const m of catalog.medicines) {
      for (const name of [m.name.zh, ...m.aliases]) {
        const verdict = evaluate({ text: `有多的${name}，免费送给需要的邻居`, kind: 'offer' }, rules);
        expect(verdict.outcome, `${m.id}: ${name} ${JSON.stringify(verdict.signals)}`).toBe('allowed');
      }
    }
  });

  test('every product the catalogue excludes is caught when offered', () => {
    const BARE_FORMS = new Set(['糖浆', '口服溶液', '颗粒', '口服液', '胶囊']);
    const names = catalog.excluded.flatMap((entry) =>
      entry.name
        .split(/[()（）“”]|\s\/\s/)
        .map((part) => part.trim())
        .filter((part) => part !== '' && !BARE_FORMS.has(part)),
    );
    expect(names.length).toBeGreaterThan(catalog.excluded.length);
    for (const name of names) {
      const verdict = evaluate({ text: `家里有${name}，送给需要的`, kind: 'offer' }, rules);
      expect(verdict, name).toMatchObject({ outcome: 'blocked', reasons: ['banned_medicine'] });
    }
  });

  test('every word of the banned lexicon is caught by a banned_medicine pattern', () => {
    for (const word of rules.data.lexicon.banned ?? []) {
      const verdict = evaluate({ text: word, kind: 'need' }, rules);
      expect(
        verdict.signals.some((s) => s.category === 'banned_medicine'),
        word,
      ).toBe(true);
    }
  });
});

describe('parseRuleSet refuses a bad edit with clear issues', () => {
  test('a pattern that is not a regular expression names its id', () => {
    const data = valid();
    data.patterns[0] = { ...data.patterns[0]!, id: 'price.broken', pattern: '(30元' };
    const [issue] = issuesOf(data);
    expect(issue?.path).toBe('patterns[0]');
    expect(issue?.message).toMatch(/price\.broken.*invalid regular expression/);
  });

  test('the error lists the problems in its details', () => {
    const data = valid();
    data.patterns[0] = { ...data.patterns[0]!, pattern: '[' };
    expect(() => parseRuleSet(data)).toThrow(
      expect.objectContaining({
        code: 'invalid_rule_set',
        details: { issues: [expect.objectContaining({ path: 'patterns[0]' })] },
      }),
    );
  });

  test('a pattern that matches empty text would fire on every post', () => {
    const data = valid();
    data.patterns[0] = { ...data.patterns[0]!, pattern: '(?:现货)?' };
    expect(issuesOf(data)[0]?.message).toMatch(/matches empty text/);
  });

  test('a nested repetition that can backtrack for seconds is refused', () => {
    const data = valid();
    data.patterns[0] = { ...data.patterns[0]!, pattern: '(\\d+)+元' };
    expect(issuesOf(data)[0]?.message).toMatch(/repeated group contains a repetition/);
  });

  test('an unknown lexicon list, a duplicate id and an unknown red flag are each reported', () => {
    const data = valid();
    data.patterns[0] = { ...data.patterns[0]!, pattern: '出{{drugs}}' };
    data.patterns[1] = { ...data.patterns[1]!, id: data.patterns[2]!.id };
    const flag = data.patterns.findIndex((rule) => rule.category === 'red_flag');
    data.patterns[flag] = { ...data.patterns[flag]!, flag: 'nosebleed' };
    const messages = issuesOf(data).map((issue) => issue.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown lexicon list \{\{drugs\}\}/),
        expect.stringMatching(/duplicate id/),
        expect.stringMatching(/unknown red flag nosebleed/),
      ]),
    );
  });

  test('schema errors carry their path', () => {
    const data = valid();
    data.patterns[0] = { ...data.patterns[0]!, category: 'spam' as never };
    (data.combinations[0] as { outcome: string }).outcome = 'maybe';
    const paths = issuesOf(data).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['patterns.0.category', 'combinations.0.outcome']));
  });

  test('text that is not JSON is refused', () => {
    expect(issuesOf('{ version: 1')[0]?.message).toMatch(/not JSON/);
  });

  test('lexicon words are normalized, so a moderator can type them naturally', () => {
    const data = valid();
    data.lexicon = { ...data.lexicon, extra: ['Ｘ 药 丸'] };
    data.patterns = [
      ...data.patterns,
      { id: 'sale.extra', category: 'sale', weight: 'weak', pattern: '出{{extra}}', note: 'test' },
    ];
    const set = parseRuleSet(data);
    expect(evaluate({ text: '出x药丸', kind: 'offer' }, set).signals).toContainEqual({
      id: 'sale.extra',
      category: 'sale',
    });
  });
});
