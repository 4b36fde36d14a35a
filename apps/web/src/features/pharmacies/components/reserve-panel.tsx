import type { MedicineView, PharmacyView, ReservationView } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useReserve } from '../api/pharmacies.ts';
import { StockBadge } from './stock-badge.tsx';

/** The pharmacy's items with their statuses; in-stock ones can be reserved for pickup (到店自提). */
export function ReservePanel({
  pharmacy,
  byId,
}: {
  pharmacy: PharmacyView;
  byId: Map<string, MedicineView>;
}) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const reserve = useReserve(pharmacy.id);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [done, setDone] = useState<ReservationView>();
  const items = pharmacy.stockItems.filter((s) => s.status !== 'unknown');
  const chosen = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([medicineId, quantity]) => ({ medicineId, quantity }));

  if (done) {
    return (
      <section className="card pickup-card" aria-labelledby="pickup-title">
        <h2 id="pickup-title" className="section-title">
          {t('pharmacies.reserved')}
        </h2>
        <p className="fine-print">{t('pharmacies.showCode')}</p>
        <p className="pickup-code" aria-label={t('pharmacies.pickupCode')}>
          {done.pickupCode}
        </p>
        <p className="card-meta">
          {t('pharmacies.pickupBy', { time: formatDateTime(done.pickupBy, i18n.language) })}
        </p>
        <Link to="/pharmacies/reservations" className="pharmacy-link">
          {t('pharmacies.myReservations')}
        </Link>
      </section>
    );
  }

  return (
    <section aria-labelledby="stock-title">
      <h2 id="stock-title" className="section-title">
        {t('pharmacies.stockTitle')}
      </h2>
      {items.length === 0 ? <p className="muted">{t('pharmacies.noStock')}</p> : null}
      <ul className="card-list">
        {items.map((s) => {
          const m = byId.get(s.medicineId);
          const name = m ? pick(m.name, lang) : s.medicineId;
          const n = counts[s.medicineId] ?? 0;
          const max = Math.min(s.reservable, s.perPersonLimit);
          return (
            <li key={s.medicineId} className="card stock-row">
              <div>
                <h3 className="card-title">{name}</h3>
                <StockBadge status={s.status} updatedAt={s.updatedAt} />
                {max > 0 ? (
                  <p className="card-meta">
                    {t('pharmacies.limit', { count: s.perPersonLimit, unit: m ? pick(m.unit, lang) : '' })}
                  </p>
                ) : null}
              </div>
              {max > 0 ? (
                <div className="qty" role="group" aria-label={t('pharmacies.quantityOf', { name })}>
                  <Button
                    size="sm"
                    aria-label={t('pharmacies.less', { name })}
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
                    aria-label={t('pharmacies.more', { name })}
                    disabled={n >= max}
                    onClick={() => setCounts({ ...counts, [s.medicineId]: n + 1 })}
                  >
                    +
                  </Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {reserve.isError ? <FieldError>{errorMessage(reserve.error, t)}</FieldError> : null}
      <Button
        variant="primary"
        block
        disabled={chosen.length === 0}
        busy={reserve.isPending}
        onClick={() => reserve.mutate(chosen, { onSuccess: setDone })}
      >
        {t('pharmacies.reserve')}
      </Button>
      <p className="fine-print">{t('pharmacies.reserveHint', { hours: pharmacy.pickupWindowHours })}</p>
    </section>
  );
}
