import { describe, expect, test } from 'vitest';
import { corpusHash, loadTradeModel, tradeScore } from '../classifier/trade-model.ts';
import { evaluate } from '../engine.ts';
import { normalize } from '../normalize.ts';
import { loadDefaultRules, parseRuleSet } from '../rules.ts';
import { corpusFigures, figuresTable } from './corpus-figures.ts';
import { TRADE_CORPUS } from './trade-corpus.ts';

const rules = loadDefaultRules();
const model = loadTradeModel();
const train = TRADE_CORPUS.filter((note) => note.split === 'train');
const heldOut = TRADE_CORPUS.filter((note) => note.split === 'test');

describe('the labelled corpus of issue 18', () => {
  test('has at least 300 trade and 300 honest notes, all different', () => {
    expect(TRADE_CORPUS.filter((note) => note.label === 'trade').length).toBeGreaterThanOrEqual(300);
    expect(TRADE_CORPUS.filter((note) => note.label === 'honest').length).toBeGreaterThanOrEqual(300);
    expect(new Set(TRADE_CORPUS.map((note) => note.text)).size).toBe(TRADE_CORPUS.length);
  });

  test('holds out whole templates, so the model is measured on wording it never saw', () => {
    const trainTemplates = new Set(train.map((note) => note.template));
    expect(heldOut.some((note) => trainTemplates.has(note.template))).toBe(false);
    expect(heldOut.length).toBeGreaterThan(TRADE_CORPUS.length / 5);
  });
});

describe('the trade model', () => {
  test('was trained on the current corpus and normaliser (else run train-trade-model.ts)', () => {
    const retrainWith = 'npx tsx apps/server/src/modules/moderation/rules/classifier/train-trade-model.ts';
    expect(model.corpusHash, `stale model: ${retrainWith}`).toBe(corpusHash(train, normalize));
    expect(rules.classifier?.model, 'the shipped rules name the shipped model').toBe(model.version);
  });

  test('loads in under 200 ms and scores a note in under 1 ms', () => {
    const started = performance.now();
    loadTradeModel();
    expect(performance.now() - started).toBeLessThan(200);
    const texts = heldOut.map((note) => normalize(note.text));
    const scoring = performance.now();
    texts.forEach((text, i) => tradeScore(model, text, heldOut[i]?.kind ?? 'need'));
    expect((performance.now() - scoring) / texts.length).toBeLessThan(1);
  });

  test('holds, and never blocks, what the patterns let through', () => {
    // Rules that know no trade word: only the model can see trade here.
    const blind = parseRuleSet({
      ...rules.data,
      patterns: rules.data.patterns.filter((p) => p.category === 'red_flag' || p.category === 'exempt'),
      combinations: [],
    });
    const verdict = evaluate(
      { text: '全新布洛芬 jiage 私聊，现货包邮，今天下单明天到', kind: 'offer' },
      blind,
      model,
    );
    expect(verdict).toMatchObject({ outcome: 'review', reasons: ['trade'] });
    expect(verdict.signals).toContainEqual({ id: 'classifier.trade', category: 'classifier' });
    expect(verdict.tradeScore).toBeGreaterThanOrEqual(0.9);
  });

  test('is ignored when the rule set names another model version', () => {
    const other = parseRuleSet({
      ...rules.data,
      patterns: rules.data.patterns.filter((p) => p.category === 'red_flag'),
      combinations: [],
      classifier: { model: 'trade-nb.other', holdAt: 0.9 },
    });
    expect(evaluate({ text: '全新布洛芬 jiage 私聊，现货包邮', kind: 'offer' }, other, model).outcome).toBe(
      'allowed',
    );
  });
});

describe('rules and model on the held-out split (issue 18 targets)', () => {
  test('keep ≥ 99 % of trade notes out of the square and publish ≥ 99 % of honest notes at once', async () => {
    const figures = await corpusFigures(heldOut, (note) => evaluate(note, rules, model).outcome);
    const report = `${figuresTable(figures)}\n${figures.misses.map((m) => `miss: ${m.outcome} ${m.note.text}`).join('\n')}`;
    expect(figures.tradeRecall, report).toBeGreaterThanOrEqual(0.99);
    expect(figures.honestPublished, report).toBeGreaterThanOrEqual(0.99);
  });
});
