import { CONDITIONS, type EntryView, type HealthRecordView } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { MedicineSearch } from '../../catalog/index.ts';
import { useAddEntry, useIngredients, useRemoveEntry } from '../api.ts';

/** Conditions, allergies, pregnancy and current medicines: add and remove entries. */
export function RecordEditor({ record }: { record: HealthRecordView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddEntry();
  const remove = useRemoveEntry();
  const ingredients = useIngredients();
  const [condition, setCondition] = useState('');
  const [allergy, setAllergy] = useState('');
  const [typed, setTyped] = useState('');
  const [typedIngredient, setTypedIngredient] = useState('');
  const ingredientName = (id: string) => {
    const found = ingredients.data?.items.find((i) => i.id === id);
    return found ? pick(found.name, lang) : id;
  };
  const of = (part: EntryView['value']['part']) => record.entries.filter((e) => e.value.part === part);
  const nameOf = (e: EntryView): string => {
    const v = e.value;
    if (v.part === 'conditions') return t(`care.conditions.${v.condition}`);
    if (v.part === 'allergies') return ingredientName(v.ingredient);
    if (v.part === 'pregnancy') return t(`care.pregnancy.${v.status}`);
    return e.label ? pick(e.label, lang) : (v.name ?? '');
  };
  const list = (entries: EntryView[]) =>
    entries.length === 0 ? (
      <p className="muted">{t('care.record.none')}</p>
    ) : (
      <ul className="care-list">
        {entries.map((e) => (
          <li key={e.id}>
            <span>
              {nameOf(e)}
              {e.value.part === 'medicines' && e.value.medicineId ? (
                <>
                  {' · '}
                  <Link to={`/care/guidance/${e.value.medicineId}`}>{t('care.record.guidance')}</Link>
                </>
              ) : null}
            </span>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('care.record.removeNamed', { name: nameOf(e) })}
              onClick={() => remove.mutate(e.id)}
            >
              {t('care.record.remove')}
            </Button>
          </li>
        ))}
      </ul>
    );
  const pregnancy = of('pregnancy')[0];
  const pregnancyValue = pregnancy?.value.part === 'pregnancy' ? pregnancy.value.status : '';

  return (
    <div className="care-section">
      {add.isError ? <FieldError>{errorMessage(add.error, t)}</FieldError> : null}
      <section className="card care-section" aria-labelledby="care-conditions">
        <h2 id="care-conditions" className="section-title">
          {t('care.record.conditions')}
        </h2>
        {list(of('conditions'))}
        <div className="care-row">
          <Field label={t('care.record.pickCondition')}>
            {({ id }) => (
              <select
                className="select"
                id={id}
                value={condition}
                onChange={(e) => setCondition(e.target.value)}
              >
                <option value="">—</option>
                {CONDITIONS.map((c) => (
                  <option key={c} value={c}>
                    {t(`care.conditions.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button
            disabled={!condition}
            busy={add.isPending}
            onClick={() =>
              add.mutate(
                { part: 'conditions', condition: condition as (typeof CONDITIONS)[number] },
                { onSuccess: () => setCondition('') },
              )
            }
          >
            {t('care.record.add')}
          </Button>
        </div>
      </section>

      <section className="card care-section" aria-labelledby="care-allergies">
        <h2 id="care-allergies" className="section-title">
          {t('care.record.allergies')}
        </h2>
        {list(of('allergies'))}
        <div className="care-row">
          <Field label={t('care.record.pickIngredient')}>
            {({ id }) => (
              <select className="select" id={id} value={allergy} onChange={(e) => setAllergy(e.target.value)}>
                <option value="">—</option>
                {(ingredients.data?.items ?? []).map((i) => (
                  <option key={i.id} value={i.id}>
                    {pick(i.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button
            disabled={!allergy}
            busy={add.isPending}
            onClick={() =>
              add.mutate({ part: 'allergies', ingredient: allergy }, { onSuccess: () => setAllergy('') })
            }
          >
            {t('care.record.add')}
          </Button>
        </div>
      </section>

      <section className="card care-section" aria-labelledby="care-pregnancy">
        <h2 id="care-pregnancy" className="section-title">
          {t('care.record.pregnancy')}
        </h2>
        <Field label={t('care.record.pregnancyStatus')}>
          {({ id }) => (
            <select
              className="select"
              id={id}
              value={pregnancyValue}
              onChange={(e) => {
                const v = e.target.value;
                if (v === 'pregnant' || v === 'breastfeeding') add.mutate({ part: 'pregnancy', status: v });
                else if (pregnancy) remove.mutate(pregnancy.id);
              }}
            >
              <option value="">{t('care.record.notPregnant')}</option>
              <option value="pregnant">{t('care.pregnancy.pregnant')}</option>
              <option value="breastfeeding">{t('care.pregnancy.breastfeeding')}</option>
            </select>
          )}
        </Field>
      </section>

      <section className="card care-section" aria-labelledby="care-medicines">
        <h2 id="care-medicines" className="section-title">
          {t('care.record.medicines')}
        </h2>
        {list(of('medicines'))}
        <MedicineSearch
          label={t('care.record.fromCatalogue')}
          chosen={of('medicines').flatMap((e) =>
            e.value.part === 'medicines' && e.value.medicineId ? [e.value.medicineId] : [],
          )}
          onSelect={(m) => add.mutate({ part: 'medicines', medicineId: m.id })}
        />
        <p className="muted">{t('care.record.typed')}</p>
        <div className="care-grid-2">
          <Field label={t('care.record.typedName')}>
            {({ id }) => (
              <input
                className="input"
                id={id}
                value={typed}
                maxLength={60}
                onChange={(e) => setTyped(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('care.record.typedIngredients')}>
            {({ id }) => (
              <select
                className="select"
                id={id}
                value={typedIngredient}
                onChange={(e) => setTypedIngredient(e.target.value)}
              >
                <option value="">—</option>
                {(ingredients.data?.items ?? []).map((i) => (
                  <option key={i.id} value={i.id}>
                    {pick(i.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Button
          disabled={!typed.trim()}
          busy={add.isPending}
          onClick={() =>
            add.mutate(
              {
                part: 'medicines',
                name: typed.trim(),
                ...(typedIngredient ? { ingredients: [typedIngredient] } : {}),
              },
              {
                onSuccess: () => {
                  setTyped('');
                  setTypedIngredient('');
                },
              },
            )
          }
        >
          {t('care.record.addMedicine')}
        </Button>
      </section>
    </div>
  );
}
