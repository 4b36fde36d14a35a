import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The second signal of issue 18 besides the rules: a naive Bayes model over character n-grams (1 to
 * 3 characters) of the normalised note, each n-gram counted once per note. It catches wording the
 * patterns miss, so it may only HOLD a post for a moderator (the engine never blocks on it alone).
 *
 * The model is a JSON file of log-likelihood ratios (apps/server/data/trade-model.v1.json), trained
 * from the labelled corpus by train-trade-model.ts; equal priors, because the corpus's mix of trade
 * and honest notes says nothing about the squares' mix.
 */
export const NGRAM_SIZES = [1, 2, 3] as const;
// An n-gram seen in fewer training notes than this says more about the corpus than about trade.
const MIN_NOTES = 2;
// Laplace smoothing.
const ALPHA = 1;
const DECIMALS = 3;

export const TradeModelSchema = z.object({
  version: z.string().min(1),
  /**
   * sha256 of the training notes as the model saw them (normalised text, kind, label): a change to
   * the corpus or to the normaliser makes the model stale, and its test says so.
   */
  corpusHash: z.string(),
  trainedOn: z.object({ trade: z.number().int(), honest: z.number().int() }),
  bias: z.number(),
  weights: z.record(z.string(), z.number()),
});
export type TradeModel = z.infer<typeof TradeModelSchema>;

export interface TrainingNote {
  text: string;
  kind: 'need' | 'offer';
  label: 'trade' | 'honest';
}

/** The n-grams of a normalised note, each once, with the post kind as a feature of its own. */
export function featuresOf(normalized: string, kind: 'need' | 'offer'): Set<string> {
  const chars = [...normalized];
  const features = new Set<string>([`kind:${kind}`]);
  for (const n of NGRAM_SIZES) {
    for (let i = 0; i + n <= chars.length; i += 1) features.add(chars.slice(i, i + n).join(''));
  }
  return features;
}

export function corpusHash(notes: readonly TrainingNote[], normalize: (text: string) => string): string {
  const rows = notes.map((note) => [normalize(note.text), note.kind, note.label]);
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** Trains on notes whose text is already normalised (`normalize` is passed in to keep this pure). */
export function trainTradeModel(
  notes: readonly TrainingNote[],
  normalize: (text: string) => string,
  version: string,
): TradeModel {
  const counts = { trade: new Map<string, number>(), honest: new Map<string, number>() };
  const totals = { trade: 0, honest: 0 };
  for (const note of notes) {
    totals[note.label] += 1;
    for (const f of featuresOf(normalize(note.text), note.kind)) {
      counts[note.label].set(f, (counts[note.label].get(f) ?? 0) + 1);
    }
  }
  const vocabulary = new Set([...counts.trade.keys(), ...counts.honest.keys()]);
  const weights: Record<string, number> = {};
  for (const f of [...vocabulary].sort()) {
    const inTrade = counts.trade.get(f) ?? 0;
    const inHonest = counts.honest.get(f) ?? 0;
    if (inTrade + inHonest < MIN_NOTES) continue;
    // Bernoulli-style rates: in how many notes of each label the n-gram appears.
    const w =
      Math.log((inTrade + ALPHA) / (totals.trade + 2 * ALPHA)) -
      Math.log((inHonest + ALPHA) / (totals.honest + 2 * ALPHA));
    const rounded = Number(w.toFixed(DECIMALS));
    if (rounded !== 0) weights[f] = rounded;
  }
  return {
    version,
    corpusHash: corpusHash(notes, normalize),
    trainedOn: totals,
    bias: 0,
    weights,
  };
}

/** P(trade) for a normalised note, between 0 and 1. */
export function tradeScore(model: TradeModel, normalized: string, kind: 'need' | 'offer'): number {
  let logit = model.bias;
  for (const f of featuresOf(normalized, kind)) logit += model.weights[f] ?? 0;
  // The n-grams overlap, so the sum is overconfident; averaging over the note's length would hide
  // a short lure in a long note. The threshold (rules' classifier.holdAt) absorbs the scale.
  return 1 / (1 + Math.exp(-logit));
}

export const TRADE_MODEL_FILE = new URL('../../../../../data/trade-model.v1.json', import.meta.url);

export function loadTradeModel(file: URL = TRADE_MODEL_FILE): TradeModel {
  return TradeModelSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
