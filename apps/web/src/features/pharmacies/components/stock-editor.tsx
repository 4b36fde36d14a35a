import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useCatalogue } from '../../catalog/index.ts';
import { type StockStatus, useImportStockCsv, useSetStock, useStock } from '../api/workspace.ts';
import { StockBadge } from './stock-badge.tsx';

const STATUSES: StockStatus[] = ['in_stock', 'low', 'out'];

/** 库存: one tap per item (with the units held for reservations), or a whole CSV sheet. */
export function StockEditor({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const stock = useStock(partnerId);
  const setStock = useSetStock(partnerId);
  const importCsv = useImportStockCsv(partnerId);
  const { byId } = useCatalogue();
  const [filter, setFilter] = useState('');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [csv, setCsv] = useState('');

  if (stock.isPending) return <SkeletonCards label={t('common.loading')} count={1} />;
  if (stock.isError) return <LoadFailed query={stock} />;
  const rows = stock.data.items.filter((s) => {
    const m = byId.get(s.medicineId);
    return !filter || (m ? pick(m.name, lang) : s.medicineId).includes(filter);
  });

  return (
    <section aria-labelledby="stock-editor" className="partner-sections">
      <h2 id="stock-editor" className="section-title">
        {t('pharmacies.workspace.stock')}
      </h2>
      <Field label={t('pharmacies.workspace.find')}>
        {({ id }) => (
          <input id={id} className="input" value={filter} onChange={(e) => setFilter(e.target.value)} />
        )}
      </Field>
      {setStock.isError ? <FieldError>{errorMessage(setStock.error, t)}</FieldError> : null}
      <ul className="card-list">
        {rows.map((s) => {
          const name = byId.get(s.medicineId)
            ? pick(byId.get(s.medicineId)?.name ?? { zh: '', en: '' }, lang)
            : s.medicineId;
          const qty = quantities[s.medicineId] ?? '';
          return (
            <li key={s.medicineId} className="card stock-row">
              <div>
                <h3 className="card-title">{name}</h3>
                <StockBadge status={s.status} updatedAt={s.updatedAt} />
                <p className="card-meta">{t('pharmacies.workspace.reservable', { count: s.reservable })}</p>
              </div>
              <div className="stock-actions">
                <input
                  className="input qty-input"
                  inputMode="numeric"
                  aria-label={t('pharmacies.workspace.quantityOf', { name })}
                  placeholder={t('pharmacies.workspace.quantity')}
                  value={qty}
                  onChange={(e) =>
                    setQuantities({ ...quantities, [s.medicineId]: e.target.value.replace(/\D/g, '') })
                  }
                />
                {STATUSES.map((status) => (
                  <Button
                    key={status}
                    size="sm"
                    variant={s.status === status ? 'primary' : 'secondary'}
                    aria-pressed={s.status === status}
                    aria-label={`${name} ${t(`pharmacies.status.${status}`)}`}
                    onClick={() =>
                      setStock.mutate([
                        { medicineId: s.medicineId, status, ...(qty ? { quantity: Number(qty) } : {}) },
                      ])
                    }
                  >
                    {t(`pharmacies.status.${status}`)}
                  </Button>
                ))}
              </div>
            </li>
          );
        })}
      </ul>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          importCsv.mutate(csv, { onSuccess: () => setCsv('') });
        }}
      >
        <h3 className="subsection-title">{t('pharmacies.workspace.csv')}</h3>
        <Field label={t('pharmacies.workspace.csvFile')}>
          {({ id }) => (
            <input
              id={id}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)}
            />
          )}
        </Field>
        <Field label={t('pharmacies.workspace.csvText')} hint={t('pharmacies.workspace.csvHint')}>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              aria-describedby={describedBy}
              className="textarea"
              rows={4}
              value={csv}
              onChange={(e) => setCsv(e.target.value)}
            />
          )}
        </Field>
        {importCsv.isError ? <FieldError>{errorMessage(importCsv.error, t)}</FieldError> : null}
        <Button type="submit" disabled={!csv.trim()} busy={importCsv.isPending}>
          {t('pharmacies.workspace.upload')}
        </Button>
      </form>
    </section>
  );
}
