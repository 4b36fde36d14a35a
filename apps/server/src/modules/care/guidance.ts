import type { Condition, GuidanceView, GuidanceWarning } from '@medrelay/contracts';
import type { Guidance } from './guidance.data.ts';

/** What of a person's record the guidance looks at. */
export interface RecordForGuidance {
  conditions: Condition[];
  allergies: string[];
  pregnancy: 'pregnant' | 'breastfeeding' | null;
  medicines: CurrentMedicine[];
}
export interface CurrentMedicine {
  medicineId?: string;
  name?: string;
  ingredients?: string[];
}

const ingredientsOfCurrent = (guidance: Guidance, m: CurrentMedicine) =>
  m.medicineId ? guidance.activeIngredientsOf(m.medicineId) : (m.ingredients ?? []);

/**
 * The active ingredients of `medicineId` that something else the person takes also contains
 * (acetaminophen in a compound cold medicine and in tablets). The same product is not a duplicate
 * of itself. Sorted by ingredient, then by the other medicine.
 */
export function findDuplicateIngredients(
  guidance: Guidance,
  medicineId: string,
  current: CurrentMedicine[],
): { ingredient: string; with: string }[] {
  const mine = new Set(guidance.activeIngredientsOf(medicineId));
  const found: { ingredient: string; with: string }[] = [];
  for (const m of current) {
    if (m.medicineId === medicineId) continue;
    for (const ingredient of new Set(ingredientsOfCurrent(guidance, m))) {
      if (mine.has(ingredient)) found.push({ ingredient, with: m.medicineId ?? m.name ?? '' });
    }
  }
  return found.sort((a, b) => a.ingredient.localeCompare(b.ingredient) || a.with.localeCompare(b.with));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The label guidance for a catalogue item, with warnings from the record when one is given. */
export function guidanceView(
  guidance: Guidance,
  medicineId: string,
  opts: { record?: RecordForGuidance; ageYears?: number; weightKg?: number },
): GuidanceView | undefined {
  const item = guidance.item(medicineId);
  const entry = guidance.catalog.get(medicineId);
  if (!item || !entry) return undefined;
  const { ageYears, weightKg, record } = opts;
  const fits = (d: (typeof item.doses)[number]) =>
    (ageYears === undefined ||
      (ageYears >= d.ageMinYears && (d.ageMaxYears === null || ageYears < d.ageMaxYears))) &&
    (weightKg === undefined ||
      d.weightMinKg === undefined ||
      (weightKg >= d.weightMinKg && weightKg <= (d.weightMaxKg ?? Number.POSITIVE_INFINITY)));
  const asked = ageYears !== undefined || weightKg !== undefined;
  let weightDose: GuidanceView['weightDose'] = null;
  const byWeight = item.doses.find((d) => d.mgPerKg && fits(d));
  const concentration = item.ingredients[0];
  if (byWeight?.mgPerKg && weightKg !== undefined && concentration?.amount && concentration.per === 'ml') {
    const mg: [number, number] = [
      round1(byWeight.mgPerKg[0] * weightKg),
      round1(byWeight.mgPerKg[1] * weightKg),
    ];
    weightDose = {
      weightKg,
      mg,
      ml: [round1(mg[0] / concentration.amount), round1(mg[1] / concentration.amount)],
    };
  }
  const name = (id: string) => guidance.ingredientName(id) ?? { zh: id, en: id };
  const warnings: GuidanceWarning[] = [];
  if (record) {
    for (const d of findDuplicateIngredients(guidance, medicineId, record.medicines)) {
      const other = guidance.catalog.get(d.with);
      warnings.push({
        code: 'duplicate_ingredient',
        ingredient: name(d.ingredient),
        with: other ? other.name : { zh: d.with, en: d.with },
      });
    }
    const active = new Set(guidance.activeIngredientsOf(medicineId));
    for (const a of new Set(record.allergies)) {
      if (active.has(a)) warnings.push({ code: 'allergy', ingredient: name(a) });
    }
    for (const c of item.askDoctor.conditions) {
      if (record.conditions.includes(c)) warnings.push({ code: 'condition', condition: c });
    }
    if (record.pregnancy === 'pregnant' && item.askDoctor.pregnancy) warnings.push({ code: 'pregnancy' });
    if (record.pregnancy === 'breastfeeding' && item.askDoctor.breastfeeding) {
      warnings.push({ code: 'breastfeeding' });
    }
  }
  if (ageYears !== undefined) {
    const tooYoung =
      item.askDoctor.underAgeMonths !== undefined && ageYears * 12 < item.askDoctor.underAgeMonths;
    const noBand = item.kind === 'medicine' && !item.doses.some(fits);
    if (tooYoung || noBand) warnings.push({ code: 'age' });
  }
  return {
    medicineId,
    name: entry.name,
    kind: item.kind,
    version: guidance.version,
    ingredients: item.ingredients.map((i) => ({
      id: i.ingredient,
      name: name(i.ingredient),
      amount: i.amount,
      unit: i.unit,
      per: i.per,
      herbal: i.herbal,
    })),
    doses: item.doses.map((d) => ({
      ageMinYears: d.ageMinYears,
      ageMaxYears: d.ageMaxYears,
      weightMinKg: d.weightMinKg,
      weightMaxKg: d.weightMaxKg,
      dose: d.dose,
      mgPerKg: d.mgPerKg,
      matches: asked && fits(d),
    })),
    weightDose,
    minIntervalHours: item.minIntervalHours,
    maxDosesPerDay: item.maxDosesPerDay,
    maxDaysWithoutDoctor: item.maxDaysWithoutDoctor,
    askDoctor: item.askDoctor,
    use: item.use,
    label: entry.dosing,
    redFlags: entry.redFlags,
    personalised: Boolean(record),
    warnings,
  };
}
