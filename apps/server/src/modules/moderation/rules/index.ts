export {
  loadTradeModel,
  type TradeModel,
  tradeScore,
} from './classifier/trade-model.ts';
export {
  evaluate,
  MAX_EVALUATED_LENGTH,
  type Outcome,
  type PostText,
  type Signal,
  type Verdict,
} from './engine.ts';
export { type Highlighted, highlight, type Span } from './highlight.ts';
export { normalize } from './normalize.ts';
export {
  CATEGORIES,
  type Category,
  type CombinationRule,
  type CompiledPattern,
  DEFAULT_RULES_FILE,
  type Kind,
  loadDefaultRules,
  type PatternRule,
  parseRuleSet,
  type RedFlagRule,
  type RuleSet,
  type RuleSetData,
  type RuleSetIssue,
  RuleSetSchema,
  TRADE_CATEGORIES,
  type TradeCategory,
} from './rules.ts';
