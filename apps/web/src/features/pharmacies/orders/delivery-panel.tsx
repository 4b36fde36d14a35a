import type { MedicineView, PharmacyView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError, PhoneInput } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { locate, positionOf, useMyLocation } from '../../../lib/geolocation.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useOrdering, useRequestDelivery, yuan } from './api.ts';

/**
 * 送药到家 on a pharmacy's page: in-stock items, the door (this phone's position and a line of
 * address), a phone for the rider (seen by this pharmacy only), and how to pay — online only where
 * the pharmacy takes it. Prices show here, on the pharmacy's own page, never in the square.
 */
export function DeliveryPanel({
  pharmacy,
  byId,
}: {
  pharmacy: PharmacyView;
  byId: Map<string, MedicineView>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const ordering = useOrdering(pharmacy.id);
  const request = useRequestDelivery(pharmacy.id);
  const location = useMyLocation();
  const position = positionOf(location);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [addressLine, setAddressLine] = useState('');
  const [phone, setPhone] = useState('');
  const [payment, setPayment] = useState<'pay_at_pickup' | 'online'>('pay_at_pickup');

  const o = ordering.data;
  if (!o || o.deliveryRadiusKm <= 0) return null;
  const price = new Map(o.prices.map((p) => [p.medicineId, p.priceFen]));
  const items = pharmacy.stockItems.filter(
    (s) => (s.status === 'in_stock' || s.status === 'low') && Math.min(s.reservable, s.perPersonLimit) > 0,
  );
  const chosen = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([medicineId, quantity]) => ({ medicineId, quantity }));
  const priced = chosen.length > 0 && chosen.every((c) => price.has(c.medicineId));
  const total = priced
    ? chosen.reduce((s, c) => s + (price.get(c.medicineId) ?? 0) * c.quantity, 0) + o.deliveryFeeFen
    : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!position) return void locate();
    request.mutate(
      { items: chosen, location: position, addressLine, phone, payment },
      { onSuccess: (order) => navigate(`/pharmacies/orders/${order.id}`) },
    );
  };

  return (
    <section className="card delivery-panel" aria-labelledby="delivery-title">
      <h2 id="delivery-title" className="section-title">
        {t('pharmacies.orders.deliveryTitle')}
      </h2>
      <p className="fine-print">
        {t('pharmacies.orders.deliveryHint', { km: o.deliveryRadiusKm })}
        {o.deliveryFeeFen > 0 ? ` ${t('pharmacies.orders.fee', { amount: yuan(o.deliveryFeeFen) })}` : ''}
      </p>
      {items.length === 0 ? <p className="muted">{t('pharmacies.noStock')}</p> : null}
      <form onSubmit={submit} noValidate className="delivery-form">
        <ul className="card-list" aria-label={t('pharmacies.orders.items')}>
          {items.map((s) => {
            const m = byId.get(s.medicineId);
            const name = m ? pick(m.name, lang) : s.medicineId;
            const n = counts[s.medicineId] ?? 0;
            const max = Math.min(s.reservable, s.perPersonLimit);
            const fen = price.get(s.medicineId);
            return (
              <li key={s.medicineId} className="stock-row">
                <div>
                  <span className="card-title">{name}</span>
                  {fen !== undefined ? <span className="card-meta price"> {yuan(fen)}</span> : null}
                </div>
                <div
                  className="qty"
                  role="group"
                  aria-label={t('pharmacies.orders.deliverQuantityOf', { name })}
                >
                  <Button
                    size="sm"
                    aria-label={t('pharmacies.orders.deliverLess', { name })}
                    disabled={n === 0}
                    onClick={() => setCounts({ ...counts, [s.medicineId]: n - 1 })}
                  >
                    −
                  </Button>
                  <output className="tabular" aria-live="polite">
                    {n}
                  </output>
                  <Button
                    size="sm"
                    aria-label={t('pharmacies.orders.deliverMore', { name })}
                    disabled={n >= max}
                    onClick={() => {
                      setCounts({ ...counts, [s.medicineId]: n + 1 });
                      // The door is where the phone is: asked once, when the resident starts an order.
                      if (!position) void locate();
                    }}
                  >
                    +
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
        <p className="fine-print" role="status">
          {position
            ? t('pharmacies.orders.located')
            : location.status === 'error'
              ? t(`location.${location.reason}`)
              : t('pharmacies.orders.needLocation')}
        </p>
        {position ? null : (
          <Button size="sm" onClick={() => void locate()} busy={location.status === 'locating'}>
            {t('pharmacies.useMyLocation')}
          </Button>
        )}
        <Field label={t('pharmacies.orders.addressLine')} hint={t('pharmacies.orders.addressHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              className="input"
              autoComplete="address-line1"
              maxLength={120}
              value={addressLine}
              onChange={(e) => setAddressLine(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('pharmacies.orders.phone')} hint={t('pharmacies.orders.phoneHint')}>
          {(ids) => <PhoneInput ids={ids} value={phone} onChange={setPhone} />}
        </Field>
        {o.onlinePayment ? (
          <fieldset className="pay-choice">
            <legend>{t('pharmacies.orders.payment')}</legend>
            {(['pay_at_pickup', 'online'] as const).map((p) => (
              <label key={p} className="check">
                <input type="radio" name="payment" checked={payment === p} onChange={() => setPayment(p)} />
                {t(`pharmacies.orders.pay.${p}`)}
              </label>
            ))}
          </fieldset>
        ) : (
          <p className="fine-print">{t('pharmacies.orders.payOnDelivery')}</p>
        )}
        {total !== undefined ? (
          <p className="order-total">{t('pharmacies.orders.total', { amount: yuan(total) })}</p>
        ) : null}
        {request.isError ? <FieldError>{errorMessage(request.error, t)}</FieldError> : null}
        <Button
          type="submit"
          variant="primary"
          block
          disabled={chosen.length === 0 || addressLine.trim().length < 4 || phone.length < 11}
          busy={request.isPending}
        >
          {t('pharmacies.orders.requestDelivery')}
        </Button>
      </form>
    </section>
  );
}
