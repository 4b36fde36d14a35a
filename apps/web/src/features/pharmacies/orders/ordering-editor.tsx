import type { OrderingView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useCatalogue } from '../../catalog/index.ts';
import { useStock } from '../api/workspace.ts';
import { useOrderingSettings, useSaveOrdering } from './api.ts';

const toFen = (yuanText: string) => {
  const v = Number(yuanText);
  return yuanText.trim() === '' || !Number.isFinite(v) || v <= 0 ? null : Math.round(v * 100);
};

/** 送药与价格: the delivery radius and fee, online payment, and the pharmacy's own prices (yuan). */
export function OrderingEditor({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const settings = useOrderingSettings(partnerId);
  return (
    <section className="card" aria-labelledby="ordering-title">
      <h2 id="ordering-title" className="section-title">
        {t('pharmacies.orders.settings')}
      </h2>
      {settings.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : settings.isError ? (
        <LoadFailed query={settings} />
      ) : (
        <OrderingForm partnerId={partnerId} initial={settings.data} />
      )}
    </section>
  );
}

function OrderingForm({ partnerId, initial }: { partnerId: string; initial: OrderingView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { byId } = useCatalogue();
  const stock = useStock(partnerId);
  const save = useSaveOrdering(partnerId);
  const [radius, setRadius] = useState(String(initial.deliveryRadiusKm));
  const [fee, setFee] = useState((initial.deliveryFeeFen / 100).toFixed(2));
  const [online, setOnline] = useState(initial.onlinePayment);
  const [prices, setPrices] = useState<Record<string, string>>(() =>
    Object.fromEntries(initial.prices.map((p) => [p.medicineId, (p.priceFen / 100).toFixed(2)])),
  );

  const items = stock.data?.items ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      deliveryRadiusKm: Number(radius) || 0,
      deliveryFeeFen: toFen(fee) ?? 0,
      onlinePayment: online,
      prices: items.map((s) => ({ medicineId: s.medicineId, priceFen: toFen(prices[s.medicineId] ?? '') })),
    });
  };

  return (
    <form onSubmit={submit} noValidate className="delivery-form">
      <Field label={t('pharmacies.orders.radius')} hint={t('pharmacies.orders.radiusHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            className="input qty-input"
            inputMode="decimal"
            value={radius}
            onChange={(e) => setRadius(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('pharmacies.orders.feeLabel')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            className="input qty-input"
            inputMode="decimal"
            value={fee}
            onChange={(e) => setFee(e.target.value)}
          />
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={online} onChange={(e) => setOnline(e.target.checked)} />
        {t('pharmacies.orders.onlinePayment')}
      </label>
      {items.length > 0 ? (
        <fieldset>
          <legend>{t('pharmacies.orders.prices')}</legend>
          {items.map((s) => {
            const m = byId.get(s.medicineId);
            const name = m ? pick(m.name, lang) : s.medicineId;
            return (
              <Field key={s.medicineId} label={t('pharmacies.orders.priceOf', { name })}>
                {({ id, describedBy }) => (
                  <input
                    id={id}
                    aria-describedby={describedBy}
                    className="input qty-input"
                    inputMode="decimal"
                    value={prices[s.medicineId] ?? ''}
                    onChange={(e) => setPrices({ ...prices, [s.medicineId]: e.target.value })}
                  />
                )}
              </Field>
            );
          })}
        </fieldset>
      ) : null}
      {save.isError ? <FieldError>{errorMessage(save.error, t)}</FieldError> : null}
      {save.isSuccess ? (
        <p className="notice" role="status">
          {t('pharmacies.orders.saved')}
        </p>
      ) : null}
      <Button type="submit" variant="primary" busy={save.isPending}>
        {t('pharmacies.orders.save')}
      </Button>
    </form>
  );
}
