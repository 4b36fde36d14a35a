import { type TradeModel, tradeScore } from './classifier/trade-model.ts';
import { normalize } from './normalize.ts';
import type { Category, CompiledPattern, Kind, RuleSet, TradeCategory } from './rules.ts';

export interface PostText {
  /** The free text of the post (its note). */
  text: string;
  kind: Kind;
  /**
   * The catalogue items of the post. The v1 rules read text only: items are checked against the
   * catalogue and its caps by the posts service; accepted here so rules can use them later without
   * changing callers.
   */
  medicineIds?: string[];
}

export type Outcome = 'allowed' | 'review' | 'blocked';

export interface Signal {
  /**
   * A pattern id (e.g. `price.amount`), a combination id (category `combination`), or
   * `classifier.trade` when the trade model held what the patterns let through.
   */
  id: string;
  category: Category | 'combination' | 'classifier';
}

export interface Verdict {
  outcome: Outcome;
  /** Stable reason codes for the poster (trade, price, bulk, off_platform_contact, banned_medicine…). */
  reasons: string[];
  /** Which rules fired: for moderators only, never shown to the poster. */
  signals: Signal[];
  /** Medical red flags in a need's note ('breathing', 'chest_pain'…): never block; show "call 120". */
  redFlags: string[];
  /** The text the patterns ran on (normalize()'s output): what a moderator should read. */
  normalized: string;
  /** P(trade) from the trade model, when the rule set names one and the server has it. */
  tradeScore?: number;
}

/**
 * Notes are short; the cap keeps a hostile megabyte of text (or a moderator's slow regex) from
 * holding the event loop. What lies beyond it is not evaluated.
 */
export const MAX_EVALUATED_LENGTH = 5000;

const appliesTo = (rule: { kinds?: Kind[] }, kind: Kind): boolean =>
  rule.kinds === undefined || rule.kinds.includes(kind);

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * Decides what happens to a post's text:
 * - `blocked` when a strong signal fires (a payment code, 出售, 收购, 批发…) or a `blocked`
 *   combination of categories is present (price + sale, price + contact, sale + contact, bulk + sale,
 *   a banned medicine in an offer…);
 * - `review` when only weak signals fire (a bare price, a contact id, bulk alone, a banned medicine
 *   named in a need) or a `review` combination matches;
 * - `allowed` otherwise. Red flags never change the outcome.
 * Then, when the rule set names the trade model (`classifier`) and `model` is that model, an
 * `allowed` post whose P(trade) reaches `classifier.holdAt` is held for `review` (never blocked).
 */
/** The shortest normalised note the trade model may hold on its own. */
export const CLASSIFIER_MIN_CHARS = 16;

export function evaluate(input: PostText, rules: RuleSet, model?: TradeModel): Verdict {
  const { kind } = input;
  const text = normalize(input.text.slice(0, MAX_EVALUATED_LENGTH));
  const verdict = evaluatePatterns(text, kind, rules);
  const classifier = rules.classifier;
  if (!classifier || !model || model.version !== classifier.model) return verdict;
  const score = tradeScore(model, text, kind);
  // A note of a few characters gives the model little more than its prior: "请打我电话" scored 0.98.
  // Below this length only the patterns decide.
  const tooShort = text.replace(/\s/g, '').length < CLASSIFIER_MIN_CHARS;
  if (verdict.outcome !== 'allowed' || tooShort || score < classifier.holdAt)
    return { ...verdict, tradeScore: score };
  // Held, never blocked: a statistical guess about wording needs a moderator's eyes.
  return {
    ...verdict,
    outcome: 'review',
    reasons: ['trade'],
    signals: [...verdict.signals, { id: 'classifier.trade', category: 'classifier' }],
    tradeScore: score,
  };
}

function evaluatePatterns(text: string, kind: Kind, rules: RuleSet): Verdict {
  const signals: Signal[] = [];

  let masked = text;
  for (const rule of rules.patterns) {
    if (rule.category !== 'exempt' || !appliesTo(rule, kind) || !rule.regex.test(masked)) continue;
    signals.push({ id: rule.id, category: rule.category });
    masked = masked.replace(rule.global, ' ');
  }

  const fired: CompiledPattern[] = [];
  const flags = new Set<string>();
  for (const rule of rules.patterns) {
    if (rule.category === 'exempt' || !appliesTo(rule, kind)) continue;
    if (rule.category === 'red_flag' && kind !== 'need') continue;
    if (!rule.regex.test(masked)) continue;
    signals.push({ id: rule.id, category: rule.category });
    if (rule.category === 'red_flag') {
      if (rule.flag !== undefined) flags.add(rule.flag);
    } else {
      fired.push(rule);
    }
  }
  const redFlags = rules.redFlags.filter((flag) => flags.has(flag.id)).map((flag) => flag.id);

  const present = new Set<string>(fired.map((rule) => rule.category));
  const matched = rules.combinations.filter(
    (combo) => appliesTo(combo, kind) && combo.all.every((group) => group.some((c) => present.has(c))),
  );
  for (const combo of matched) signals.push({ id: combo.id, category: 'combination' });

  const reasonOf = (rule: CompiledPattern): string =>
    rule.reason ?? rules.reasons[rule.category as TradeCategory];
  const strong = fired.filter((rule) => rule.weight === 'strong');
  const blocking = matched.filter((combo) => combo.outcome === 'blocked');
  if (strong.length > 0 || blocking.length > 0) {
    const reasons = unique([...blocking.map((combo) => combo.reason), ...strong.map(reasonOf)]);
    return { outcome: 'blocked', reasons, signals, redFlags, normalized: text };
  }
  const reviewing = matched.filter((combo) => combo.outcome === 'review');
  if (fired.length > 0 || reviewing.length > 0) {
    const reasons = unique([...reviewing.map((combo) => combo.reason), ...fired.map(reasonOf)]);
    return { outcome: 'review', reasons, signals, redFlags, normalized: text };
  }
  return { outcome: 'allowed', reasons: [], signals, redFlags, normalized: text };
}
