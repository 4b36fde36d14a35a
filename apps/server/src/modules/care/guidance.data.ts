import { readFileSync } from 'node:fs';
import { CONDITIONS } from '@medrelay/contracts';
import { z } from 'zod';
import type { Catalog } from '../catalog/index.ts';

const Localized = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const Ingredient = z.object({
  ingredient: z.string(),
  /** Per `per` unit of the product; null only for herbal parts and parts the label names without an amount. */
  amount: z.number().positive().nullable(),
  unit: z.enum(['mg', 'g']).nullable(),
  per: z.enum(['tablet', 'capsule', 'sachet', 'ml']),
  herbal: z.boolean(),
  declaredOnly: z.boolean().optional(),
});

const DoseBand = z.object({
  ageMinYears: z.number().min(0),
  ageMaxYears: z.number().positive().nullable(),
  weightMinKg: z.number().positive().optional(),
  weightMaxKg: z.number().positive().optional(),
  dose: Localized,
  /** How much of the product a dose is, in `unit` (the band's upper figure). */
  amount: z.number().positive().optional(),
  unit: z.enum(['tablet', 'capsule', 'sachet', 'ml']).optional(),
  /** Children's suspensions and drops: mg of the (first) ingredient per kg of body weight, low–high. */
  mgPerKg: z.tuple([z.number().positive(), z.number().positive()]).optional(),
});

const GuidanceItem = z.object({
  kind: z.enum(['medicine', 'device', 'supply', 'test']),
  ingredients: z.array(Ingredient),
  doses: z.array(DoseBand),
  minIntervalHours: z.number().positive().nullable(),
  maxDosesPerDay: z.number().int().positive().nullable(),
  maxDaysWithoutDoctor: z.number().int().positive().nullable(),
  askDoctor: z.object({
    conditions: z.array(z.enum(CONDITIONS)),
    pregnancy: z.boolean(),
    breastfeeding: z.boolean(),
    underAgeMonths: z.number().int().positive().optional(),
    note: Localized.optional(),
  }),
  use: Localized.optional(),
});
export type GuidanceItem = z.infer<typeof GuidanceItem>;

const GuidanceFile = z.object({
  version: z.string(),
  /** The catalogue version the items were written against. */
  catalogVersion: z.string(),
  source: z.string(),
  ingredients: z.record(z.string(), Localized),
  items: z.record(z.string(), GuidanceItem),
});
export type GuidanceData = z.infer<typeof GuidanceFile>;

export const GUIDANCE_FILE = new URL('../../../data/guidance.v1.json', import.meta.url);

export function readGuidance(file: URL = GUIDANCE_FILE): GuidanceData {
  return GuidanceFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The guidance data, checked against itself and the catalogue, with look-ups. */
export function createGuidance(data: GuidanceData, catalog: Catalog) {
  return {
    version: data.version,
    source: data.source,
    item: (medicineId: string) => data.items[medicineId],
    ingredientName: (id: string) => data.ingredients[id],
    isIngredient: (id: string) => Object.hasOwn(data.ingredients, id),
    ingredients: () => Object.entries(data.ingredients).map(([id, name]) => ({ id, name })),
    /** The non-herbal active ingredients of a catalogue item (what duplicates and allergies look at). */
    activeIngredientsOf(medicineId: string): string[] {
      return (data.items[medicineId]?.ingredients ?? []).filter((i) => !i.herbal).map((i) => i.ingredient);
    },
    catalog,
  };
}
export type Guidance = ReturnType<typeof createGuidance>;
