import type { MedicineView } from '@medrelay/contracts';
import { MAX_ITEMS_PER_POST } from '@medrelay/contracts/rules';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { Stepper } from '../../../components/ui/stepper.tsx';
import { chinaToday } from '../../../lib/format.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { unitFor } from '../../../lib/posts.ts';
import { MedicineSearch } from '../../catalog/index.ts';
import type { Draft, DraftItem, FieldErrors } from '../form-state.ts';

interface ItemsSectionProps {
  draft: Draft;
  setItems: (items: DraftItem[]) => void;
  catalogue: Map<string, MedicineView>;
  errors: FieldErrors;
  message: (field: string) => string | undefined;
}

const tomorrow = () => {
  const d = new Date(`${chinaToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export function ItemsSection({ draft, setItems, catalogue, message }: ItemsSectionProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const headingId = useId();
  const offer = draft.kind === 'offer';
  const patch = (i: number, p: Partial<DraftItem>) =>
    setItems(draft.items.map((item, j) => (j === i ? { ...item, ...p } : item)));
  const add = (m: MedicineView) => {
    if (draft.items.length >= MAX_ITEMS_PER_POST || draft.items.some((i) => i.medicineId === m.id)) return;
    setItems([
      ...draft.items,
      { medicineId: m.id, quantity: Math.min(1, m.caps[draft.kind]) || 1, expiresOn: '', unopened: true },
    ]);
  };

  return (
    <section className="form-section" aria-labelledby={headingId} data-field="items">
      <h2 id={headingId} className="section-title">
        {t(offer ? 'form.itemsTitleOffer' : 'form.itemsTitleNeed')}
      </h2>
      {message('items') ? <FieldError>{message('items')}</FieldError> : null}
      {draft.items.length ? (
        <ul className="draft-items">
          {draft.items.map((item, i) => {
            const med = catalogue.get(item.medicineId);
            const cap = med?.caps[draft.kind] ?? 1;
            const name = med ? pick(med.name, lang) : item.medicineId;
            const qtyError = message(`items[${i}].quantity`);
            const expError = message(`items[${i}].expiresOn`);
            const idError = message(`items[${i}].medicineId`);
            const capId = `cap-${item.medicineId}`;
            return (
              <li key={item.medicineId} className="draft-item card" data-field={`items[${i}]`}>
                <div className="draft-item-head">
                  <p className="draft-item-name">{name}</p>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setItems(draft.items.filter((_, j) => j !== i))}
                    aria-label={t('form.removeItem', { name })}
                  >
                    {t('form.remove')}
                  </Button>
                </div>
                {idError ? <FieldError>{idError}</FieldError> : null}
                <div className="draft-item-row" data-field={`items[${i}].quantity`}>
                  <span className="field-label" aria-hidden="true">
                    {t('form.quantity')}
                  </span>
                  <Stepper
                    label={t('form.quantityOf', { name })}
                    value={item.quantity}
                    max={cap}
                    unit={med ? unitFor(med.unit, item.quantity, lang) : ''}
                    onChange={(quantity) => patch(i, { quantity })}
                    decreaseLabel={t('form.decrease', { name })}
                    increaseLabel={t('form.increase', { name })}
                    describedBy={capId}
                    invalid={Boolean(qtyError)}
                  />
                </div>
                <p className="field-hint" id={capId}>
                  {t('form.capHint', { cap, unit: med ? unitFor(med.unit, cap, lang) : '' })}
                </p>
                {qtyError ? <FieldError>{qtyError}</FieldError> : null}
                {offer ? (
                  <div className="draft-item-offer" data-field={`items[${i}].expiresOn`}>
                    <label className="field">
                      <span className="field-label">{t('form.expiresOn', { name })}</span>
                      <input
                        className="input"
                        type="date"
                        min={tomorrow()}
                        value={item.expiresOn}
                        aria-invalid={Boolean(expError) || undefined}
                        onChange={(e) => patch(i, { expiresOn: e.target.value })}
                      />
                    </label>
                    {expError ? <FieldError>{expError}</FieldError> : null}
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={item.unopened}
                        onChange={(e) => patch(i, { unopened: e.target.checked })}
                      />
                      <span>{t('form.unopened')}</span>
                    </label>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {draft.items.length < MAX_ITEMS_PER_POST ? (
        <MedicineSearch
          label={draft.items.length ? t('form.addAnother') : t('form.addItem')}
          chosen={draft.items.map((i) => i.medicineId)}
          onSelect={add}
          listWhenEmpty
          maxResults={6}
        />
      ) : (
        <p className="muted">{t('form.maxItems', { max: MAX_ITEMS_PER_POST })}</p>
      )}
    </section>
  );
}
