import type { Kind } from '../rules.ts';
import { type Label, SLOTS, TEMPLATES } from './trade-corpus.templates.ts';

/**
 * The labelled corpus of issue 18: every template of trade-corpus.templates.ts filled a few times
 * with a seeded generator, so the same notes come out on every run and machine. `split` is fixed by
 * template: every fourth template of a category is held out, for training never sees its wording.
 */
export interface LabelledNote {
  text: string;
  kind: Kind;
  label: Label;
  category: string;
  /** `category#index` of the template the note came from. */
  template: string;
  split: 'train' | 'test';
}

/** Notes drawn from each template (fewer when the slots cannot make that many different ones). */
export const VARIANTS_PER_TEMPLATE = 5;
const SEED = 18;

// mulberry32: small, seedable, good enough to pick fillers.
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(text: string, random: () => number): string {
  return text.replace(/\{([a-z_0-9]+)\}/g, (whole, slot: string) => {
    const options = SLOTS[slot];
    if (!options) throw new Error(`unknown slot {${slot}} in "${text}"`);
    return options[Math.floor(random() * options.length)] ?? whole;
  });
}

function build(): LabelledNote[] {
  const random = generator(SEED);
  const notes: LabelledNote[] = [];
  const seen = new Set<string>();
  for (const [category, { label, templates }] of Object.entries(TEMPLATES)) {
    templates.forEach((template, index) => {
      const split = index % 4 === 3 ? 'test' : 'train';
      for (
        let attempt = 0, made = 0;
        attempt < VARIANTS_PER_TEMPLATE * 4 && made < VARIANTS_PER_TEMPLATE;
        attempt++
      ) {
        const text = fill(template.text, random);
        if (seen.has(text)) continue;
        seen.add(text);
        made += 1;
        notes.push({ text, kind: template.kind, label, category, template: `${category}#${index}`, split });
      }
    });
  }
  return notes;
}

export const TRADE_CORPUS: readonly LabelledNote[] = build();
