import './strings.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import { useCatalogue } from '../catalog/index.ts';
import { useCancelReservation, useMyReservations } from './api/pharmacies.ts';
import './pharmacies.css';

const OPEN = new Set(['requested', 'confirmed', 'ready']);

/** /pharmacies/reservations — my reservations, their pickup codes and states; cancel an open one. */
export function ReservationsRoute() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const list = useMyReservations();
  const cancel = useCancelReservation();
  const { byId } = useCatalogue();

  return (
    <div className="page pharmacies">
      <Link to="/pharmacies" className="pharmacy-link">
        ← {t('pharmacies.title')}
      </Link>
      <h1 className="page-title">{t('pharmacies.myReservations')}</h1>
      <Link to="/pharmacies/orders" className="pharmacy-link">
        {t('pharmacies.orders.mine')}
      </Link>
      {list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('pharmacies.noReservations')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((r) => (
            <li key={r.id} className="card">
              <h2 className="card-title">{r.pharmacyName}</h2>
              <p>
                {r.items
                  .map(
                    (i) =>
                      `${byId.get(i.medicineId) ? pick(byId.get(i.medicineId)!.name, lang) : i.medicineId} × ${i.quantity}`,
                  )
                  .join('，')}
              </p>
              <p className="pharmacy-tags">
                <Badge tone={OPEN.has(r.status) ? 'ok' : 'muted'}>
                  {t(`pharmacies.reservation.${r.status}`)}
                </Badge>
                <span className="card-meta">
                  {t('pharmacies.pickupBy', { time: formatDateTime(r.pickupBy, i18n.language) })}
                </span>
              </p>
              {OPEN.has(r.status) ? (
                <>
                  <p className="pickup-code" aria-label={t('pharmacies.pickupCode')}>
                    {r.pickupCode}
                  </p>
                  <Link to={`/pharmacies/orders/${r.id}`} className="pharmacy-link">
                    {t('pharmacies.orders.details')}
                  </Link>
                  <Button
                    size="sm"
                    variant="ghost"
                    busy={cancel.isPending}
                    onClick={() => cancel.mutate(r.id)}
                  >
                    {t('pharmacies.cancel')}
                  </Button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
