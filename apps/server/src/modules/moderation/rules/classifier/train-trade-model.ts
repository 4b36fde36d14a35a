/**
 * Retrains the trade model from the corpus's training split and writes
 * apps/server/data/trade-model.v1.json. Run after changing the corpus templates or the normaliser:
 *   npx tsx apps/server/src/modules/moderation/rules/classifier/train-trade-model.ts
 * then dry-run the rules in the console and commit the model with the change that needed it.
 */
import { writeFileSync } from 'node:fs';
import { TRADE_CORPUS } from '../corpus/trade-corpus.ts';
import { normalize } from '../normalize.ts';
import { TRADE_MODEL_FILE, trainTradeModel } from './trade-model.ts';

export const TRADE_MODEL_VERSION = 'trade-nb.2026.11-1';

const train = TRADE_CORPUS.filter((note) => note.split === 'train');
const model = trainTradeModel(train, normalize, TRADE_MODEL_VERSION);
writeFileSync(TRADE_MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
console.log(
  `${model.version}: ${Object.keys(model.weights).length} n-grams from ${model.trainedOn.trade} trade and ${model.trainedOn.honest} honest notes → ${TRADE_MODEL_FILE.pathname}`,
);
