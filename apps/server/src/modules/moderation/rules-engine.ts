import { readFileSync } from 'node:fs';
import type { RulesEngine } from './moderation.service.ts';
import {
  DEFAULT_RULES_FILE,
  evaluate,
  highlight,
  loadTradeModel,
  MAX_EVALUATED_LENGTH,
  normalize,
  parseRuleSet,
  type RuleSet,
} from './rules/index.ts';

// Loaded once per process (≈50 kB of n-gram weights); a rule set names the version it expects.
const model = loadTradeModel();

/** The anti-trade rules engine (./rules) and the trade model, as the moderation service uses them. */
export const rulesEngine: RulesEngine<RuleSet> = {
  defaultRules: () => JSON.parse(readFileSync(DEFAULT_RULES_FILE, 'utf8')) as unknown,
  compile: (rules) => parseRuleSet(rules),
  evaluate: (input, rules) => evaluate(input, rules, model),
  modelFor: (rules) => (rules.classifier?.model === model.version ? model.version : null),
  normalize: (text) => normalize(text.slice(0, MAX_EVALUATED_LENGTH)),
  highlight: (input, rules) => highlight(input, rules),
};
