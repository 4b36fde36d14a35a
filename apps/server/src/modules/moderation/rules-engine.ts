import { readFileSync } from 'node:fs';
import type { RulesEngine } from './moderation.service.ts';
import { DEFAULT_RULES_FILE, evaluate, parseRuleSet, type RuleSet } from './rules/index.ts';

/** The anti-trade rules engine (./rules) as the moderation service uses it. */
export const rulesEngine: RulesEngine<RuleSet> = {
  defaultRules: () => JSON.parse(readFileSync(DEFAULT_RULES_FILE, 'utf8')) as unknown,
  compile: (rules) => parseRuleSet(rules),
  evaluate: (input, rules) => evaluate(input, rules),
};
