// The guidance data file against the catalogue: every item has complete guidance (issue 13).
import { describe, expect, test } from 'vitest';
import { createCatalog, readCatalog } from '../catalog/index.ts';
import { createGuidance, readGuidance } from './guidance.data.ts';
import { findDuplicateIngredients } from './guidance.ts';

const catalogData = readCatalog();
const catalog = createCatalog(catalogData);
const data = readGuidance();
const guidance = createGuidance(data, catalog);

describe('guidance.v1.json', () => {
  test('was written for this catalogue version and has exactly the catalogue’s items', () => {
    expect(data.catalogVersion).toBe(catalogData.version);
    expect(Object.keys(data.items).sort()).toEqual(catalogData.medicines.map((m) => m.id).sort());
  });

  test.each(catalogData.medicines.map((m) => [m.id, m.category] as const))(
    '%s has complete guidance',
    (id, category) => {
      const g = guidance.item(id);
      if (!g) throw new Error(`no guidance for ${id}`);
      const isMedicine = !['antigen', 'supplies'].includes(category);
      expect(g.kind === 'medicine').toBe(isMedicine);
      if (!isMedicine) {
        expect(g.use?.zh).toBeTruthy();
        return;
      }
      // Active ingredients, each known, with an amount unless herbal or named without one on the label.
      expect(g.ingredients.length).toBeGreaterThan(0);
      for (const i of g.ingredients) {
        expect(guidance.isIngredient(i.ingredient), i.ingredient).toBe(true);
        if (!i.herbal && !i.declaredOnly) {
          expect(i.amount, `${id} ${i.ingredient}`).toBeGreaterThan(0);
          expect(i.unit).toBeTruthy();
        }
      }
      expect(g.ingredients.some((i) => i.herbal || (i.amount ?? 0) > 0)).toBe(true);
      // Dose bands that cover who the product is for, an interval and a daily maximum.
      expect(g.doses.length).toBeGreaterThan(0);
      for (const d of g.doses) {
        expect(d.dose.zh && d.dose.en).toBeTruthy();
        if (d.ageMaxYears !== null) expect(d.ageMaxYears).toBeGreaterThan(d.ageMinYears);
      }
      expect(g.minIntervalHours).toBeGreaterThan(0);
      expect(g.maxDosesPerDay).toBeGreaterThan(0);
      expect(g.maxDaysWithoutDoctor).toBeGreaterThan(0);
      // Children's suspensions and drops dose by body weight.
      if (category === 'pediatric' && ['suspension', 'drops'].includes(catalog.get(id)?.form ?? '')) {
        expect(
          g.doses.every((d) => d.mgPerKg),
          id,
        ).toBe(true);
        const first = g.ingredients[0];
        expect(first?.per).toBe('ml');
      }
    },
  );

  test('the label’s cautions are there: acetaminophen and liver disease, ibuprofen and ulcers, pregnancy', () => {
    expect(guidance.item('acetaminophen-tablet')?.askDoctor.conditions).toContain('liver_disease');
    expect(guidance.item('ibuprofen-tablet')?.askDoctor).toMatchObject({ pregnancy: true });
    expect(guidance.item('ibuprofen-tablet')?.askDoctor.conditions).toContain('stomach_ulcer');
    expect(guidance.item('cydiodine-buccal-tablet')?.askDoctor.conditions).toContain('thyroid_disease');
  });

  test('ingredient duplicates are found: compound cold medicines and acetaminophen products', () => {
    expect(guidance.activeIngredientsOf('ganmaoling-granule')).toContain('acetaminophen');
    expect(
      findDuplicateIngredients(guidance, 'acetaminophen-tablet', [{ medicineId: 'ganmaoling-granule' }]),
    ).toEqual([{ ingredient: 'acetaminophen', with: 'ganmaoling-granule' }]);
    expect(
      findDuplicateIngredients(guidance, 'pediatric-paracetamol-chlorphenamine-granule', [
        { medicineId: 'chlorphenamine-tablet' },
        { medicineId: 'acetaminophen-suspension' },
      ]),
    ).toEqual([
      { ingredient: 'acetaminophen', with: 'acetaminophen-suspension' },
      { ingredient: 'chlorphenamine', with: 'chlorphenamine-tablet' },
    ]);
    // A typed medicine with its ingredients counts too; different ingredients do not.
    expect(
      findDuplicateIngredients(guidance, 'ibuprofen-tablet', [
        { name: '芬必得', ingredients: ['ibuprofen'] },
      ]),
    ).toEqual([{ ingredient: 'ibuprofen', with: '芬必得' }]);
    expect(
      findDuplicateIngredients(guidance, 'ibuprofen-tablet', [{ medicineId: 'acetaminophen-tablet' }]),
    ).toEqual([]);
    // The same product already taken is the same medicine, not a second one.
    expect(
      findDuplicateIngredients(guidance, 'acetaminophen-tablet', [{ medicineId: 'acetaminophen-tablet' }]),
    ).toEqual([]);
  });
});
