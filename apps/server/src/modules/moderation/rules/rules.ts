import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../../platform/errors.ts';
import { normalize } from './normalize.ts';

/**
 * The rule set is data (apps/server/data/rules.v1.json, or a moderator's edited copy stored by the
 * lead): regex sources written against normalize()'s output, grouped by category, plus the
 * combinations that turn signals into a block. parseRuleSet is the only way in, so a bad edit is
 * refused with an issue per problem before it can reach a live post.
 */

/** Categories that describe trade; `red_flag` and `exempt` have their own meaning (see below). */
export const TRADE_CATEGORIES = [
  'price',
  'money',
  'sale',
  'bulk',
  'contact',
  'link',
  'banned_medicine',
] as const;
/**
 * `red_flag` patterns name a medical red flag (field `flag`) found in a need's note: never blocking.
 * `exempt` patterns mark explicitly free or anti-trade wording (不要钱, 免费送, 拒绝倒卖, 药店都卖完了):
 * the text they match is blanked before any other pattern runs, so it cannot read as a signal.
 */
export const CATEGORIES = [...TRADE_CATEGORIES, 'red_flag', 'exempt'] as const;

export type Category = (typeof CATEGORIES)[number];
export type TradeCategory = (typeof TRADE_CATEGORIES)[number];
export type Kind = 'need' | 'offer';

const Id = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'ids are dotted snake_case, e.g. price.amount');
const ReasonCode = z.string().regex(/^[a-z][a-z0-9_]*$/, 'reason codes are snake_case');
const Kinds = z.array(z.enum(['need', 'offer'])).min(1);
const Note = z.string().min(1, 'say why the rule exists');

const PatternData = z
  .object({
    id: Id,
    category: z.enum(CATEGORIES),
    /** Regex source (Unicode mode) applied to normalized text; `{{name}}` inserts a lexicon list. */
    pattern: z.string().min(1).max(4000),
    /** strong: blocks on its own; weak (default): sends the post to review unless combined. */
    weight: z.enum(['strong', 'weak']).default('weak'),
    /** Only for these post kinds (default: both). */
    kinds: Kinds.optional(),
    /** Reason code shown to the poster; default: the category's code from `reasons`. */
    reason: ReasonCode.optional(),
    /** For red_flag patterns: the id of an entry in `redFlags`. */
    flag: Id.optional(),
    note: Note,
  })
  .strict();

const CombinationData = z
  .object({
    id: Id,
    /** Every group must be present; within a group, any one category is enough. */
    all: z.array(z.array(z.enum(TRADE_CATEGORIES)).min(1)).min(1),
    kinds: Kinds.optional(),
    outcome: z.enum(['blocked', 'review']),
    reason: ReasonCode,
    note: Note,
  })
  .strict();

const RedFlagData = z
  .object({
    id: Id,
    label: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
    note: z.string().optional(),
  })
  .strict();

export const RuleSetSchema = z
  .object({
    version: z.string().min(1),
    note: z.string().optional(),
    /** The reason code a lone signal of each category gives the poster. */
    reasons: z.record(z.enum(TRADE_CATEGORIES), ReasonCode),
    /** Word lists for `{{name}}` in patterns; each word is normalized, so write it naturally. */
    lexicon: z.record(z.string().regex(/^[a-z_]+$/), z.array(z.string().min(1)).min(1)).default({}),
    patterns: z.array(PatternData).min(1),
    combinations: z.array(CombinationData).default([]),
    redFlags: z.array(RedFlagData).default([]),
    /**
     * The trade model that may hold a post the patterns let through (issue 18): its version, which
     * must be the model the server ships, and the P(trade) at or above which the post is held.
     * Absent: the rules alone decide. The model never blocks.
     */
    classifier: z
      .object({
        model: z.string().min(1),
        holdAt: z.number().gt(0.5).max(1),
        note: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The JSON shape a moderator edits (after defaults are applied). */
export type RuleSetData = z.output<typeof RuleSetSchema>;
export type PatternRule = RuleSetData['patterns'][number];
export type CombinationRule = RuleSetData['combinations'][number];
export type RedFlagRule = RuleSetData['redFlags'][number];

export interface CompiledPattern extends PatternRule {
  /** The pattern with lexicon lists expanded, compiled with the `u` flag. */
  regex: RegExp;
  /** The same, global, for blanking exempt text. */
  global: RegExp;
}

/** A parsed, compiled rule set: what evaluate() runs. `data` is the validated JSON, for storage. */
export interface RuleSet {
  version: string;
  data: RuleSetData;
  reasons: RuleSetData['reasons'];
  patterns: CompiledPattern[];
  combinations: CombinationRule[];
  redFlags: RedFlagRule[];
  classifier?: RuleSetData['classifier'];
}

export interface RuleSetIssue {
  path: string;
  message: string;
}

const MACRO = /\{\{([a-z_]+)\}\}/g;
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
// A group that repeats something and is itself repeated ((a+)+, (\d*)*…) can backtrack for
// seconds on a long note; moderators edit these patterns, so refuse the shape outright.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\})/;

function expandLexicon(lexicon: RuleSetData['lexicon'], issues: RuleSetIssue[]): Map<string, string> {
  const lists = new Map<string, string>();
  for (const [name, words] of Object.entries(lexicon)) {
    const normalized = [...new Set(words.map((word) => normalize(word)))];
    words.forEach((word, i) => {
      if (normalize(word) === '') {
        issues.push({ path: `lexicon.${name}[${i}]`, message: `"${word}" is empty once normalized` });
      }
    });
    const escaped = normalized
      .filter((word) => word !== '')
      .sort((a, b) => b.length - a.length)
      .map((word) => word.replace(REGEX_SYNTAX, '\\$&'));
    lists.set(name, `(?:${escaped.join('|')})`);
  }
  return lists;
}

function compilePattern(
  rule: PatternRule,
  path: string,
  lists: Map<string, string>,
  issues: RuleSetIssue[],
): CompiledPattern | null {
  const label = `${path} (${rule.id})`;
  if (NESTED_QUANTIFIER.test(rule.pattern)) {
    issues.push({
      path,
      message: `${label}: a repeated group contains a repetition, e.g. (a+)+; rewrite it`,
    });
    return null;
  }
  let unknown = false;
  const source = rule.pattern.replace(MACRO, (whole, name: string) => {
    const list = lists.get(name);
    if (list !== undefined) return list;
    issues.push({ path, message: `${label}: unknown lexicon list {{${name}}}` });
    unknown = true;
    return whole;
  });
  if (unknown) return null;
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'u');
  } catch (error) {
    issues.push({ path, message: `${label}: invalid regular expression: ${(error as Error).message}` });
    return null;
  }
  if (regex.test('')) {
    issues.push({ path, message: `${label}: matches empty text, so it would fire on every post` });
    return null;
  }
  return { ...rule, regex, global: new RegExp(source, 'gu') };
}

function checkReferences(data: RuleSetData, issues: RuleSetIssue[]): void {
  for (const [key, rules] of [
    ['patterns', data.patterns],
    ['combinations', data.combinations],
    ['redFlags', data.redFlags],
  ] as const) {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
      if (seen.has(rule.id)) issues.push({ path: `${key}[${i}].id`, message: `duplicate id ${rule.id}` });
      seen.add(rule.id);
    });
  }
  const flags = new Set(data.redFlags.map((flag) => flag.id));
  const used = new Set<string>();
  data.patterns.forEach((rule, i) => {
    const path = `patterns[${i}].flag`;
    if (rule.category === 'red_flag') {
      if (rule.flag === undefined)
        issues.push({ path, message: `${rule.id}: a red_flag pattern names its flag` });
      else if (!flags.has(rule.flag))
        issues.push({ path, message: `${rule.id}: unknown red flag ${rule.flag}` });
      else used.add(rule.flag);
    } else if (rule.flag !== undefined) {
      issues.push({ path, message: `${rule.id}: only red_flag patterns name a flag` });
    }
  });
  data.redFlags.forEach((flag, i) => {
    if (!used.has(flag.id))
      issues.push({ path: `redFlags[${i}]`, message: `${flag.id}: no pattern detects it` });
  });
}

// The issues travel in details (shown by the admin console, printed with the error at start-up).
function fail(issues: RuleSetIssue[]): never {
  throw new AppError('invalid_rule_set', 400, { issues });
}

/**
 * Validates a rule set (an object, or its JSON text) and compiles its patterns. Throws
 * AppError('invalid_rule_set', 400, { issues: [{ path, message }] }) listing every problem found:
 * schema errors, duplicate ids, unknown lexicon lists or red flags, regex syntax errors, patterns that
 * match empty text, and nested repetitions that could backtrack catastrophically.
 */
export function parseRuleSet(json: unknown): RuleSet {
  let raw = json;
  if (typeof json === 'string') {
    try {
      raw = JSON.parse(json);
    } catch (error) {
      fail([{ path: '', message: `not JSON: ${(error as Error).message}` }]);
    }
  }
  const parsed = RuleSetSchema.safeParse(raw);
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  }
  const data = parsed.data;
  const issues: RuleSetIssue[] = [];
  checkReferences(data, issues);
  const lists = expandLexicon(data.lexicon, issues);
  const patterns = data.patterns.map((rule, i) => compilePattern(rule, `patterns[${i}]`, lists, issues));
  if (issues.length > 0) fail(issues);
  return {
    version: data.version,
    data,
    reasons: data.reasons,
    patterns: patterns.filter((rule): rule is CompiledPattern => rule !== null),
    combinations: data.combinations,
    redFlags: data.redFlags,
    classifier: data.classifier,
  };
}

export const DEFAULT_RULES_FILE = new URL('../../../../data/rules.v1.json', import.meta.url);

/** The rule set shipped with the code (apps/server/data/rules.v1.json), parsed and compiled. */
export function loadDefaultRules(): RuleSet {
  return parseRuleSet(readFileSync(DEFAULT_RULES_FILE, 'utf8'));
}
