/**
 * Prints the held-out figures of docs/moderation.md: the rules alone, the trade model alone (at the
 * rule set's holdAt) and the two combined as the server runs them.
 *   npx tsx apps/server/src/modules/moderation/rules/corpus/print-corpus-figures.ts [test|train|fresh]
 */
import os from 'node:os';
import { loadTradeModel, tradeScore } from '../classifier/trade-model.ts';
import { evaluate } from '../engine.ts';
import { normalize } from '../normalize.ts';
import { loadDefaultRules } from '../rules.ts';
import { corpusFigures, figuresTable } from './corpus-figures.ts';
import { FRESH_NOTES } from './trade-corpus.fresh.ts';
import { TRADE_CORPUS } from './trade-corpus.ts';

const split = process.argv[2] === 'train' || process.argv[2] === 'fresh' ? process.argv[2] : 'test';
const notes = split === 'fresh' ? FRESH_NOTES : TRADE_CORPUS.filter((note) => note.split === split);
const rules = loadDefaultRules();
const started = performance.now();
const model = loadTradeModel();
const loadMs = performance.now() - started;
const holdAt = rules.classifier?.holdAt ?? 0.9;

const rulesOnly = await corpusFigures(notes, (note) => evaluate(note, rules).outcome);
const modelOnly = await corpusFigures(notes, (note) =>
  tradeScore(model, normalize(note.text), note.kind) >= holdAt ? 'review' : 'allowed',
);
const scoringStarted = performance.now();
const combined = await corpusFigures(notes, (note) => evaluate(note, rules, model).outcome);
const perNoteMs = (performance.now() - scoringStarted) / notes.length;

console.log(
  `# ${split} split: ${notes.length} notes; ${new Date().toISOString()}; ${os.cpus()[0]?.model} ×${os.cpus().length}; node ${process.version}`,
);
console.log(
  `model ${model.version}: ${Object.keys(model.weights).length} n-grams, loaded in ${loadMs.toFixed(1)} ms; rules + model ${perNoteMs.toFixed(3)} ms a note\n`,
);
console.log(`## Rules alone (${rules.version})\n\n${figuresTable(rulesOnly)}\n`);
console.log(`## Trade model alone (hold at P(trade) ≥ ${holdAt})\n\n${figuresTable(modelOnly)}\n`);
console.log(`## Rules + model, as the server decides\n\n${figuresTable(combined)}\n`);
for (const { note, outcome } of combined.misses)
  console.log(`miss: [${note.label} ${note.category}] ${outcome}: ${note.text}`);
