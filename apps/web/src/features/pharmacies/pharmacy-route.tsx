import './strings.ts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, Spinner } from '../../components/ui/state-view.tsx';
import { useCatalogue } from '../catalog/index.ts';
import { useMe } from '../me/index.ts';
import { usePharmacy } from './api/pharmacies.ts';
import { ReservePanel } from './components/reserve-panel.tsx';
import { DeliveryPanel } from './orders/delivery-panel.tsx';
import './pharmacies.css';
import './members/strings.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** /pharmacies/:id — hours, open now, services, stock with its age, and reserving for pickup. */
export function PharmacyRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const pharmacy = usePharmacy(id);
  const catalogue = useCatalogue();
  const me = useMe();

  if (pharmacy.isPending) return <Spinner label={t('common.loading')} />;
  if (pharmacy.isError)
    return (
      <div className="page pharmacies">
        <LoadFailed query={pharmacy} />
      </div>
    );
  const p = pharmacy.data;
  return (
    <div className="page pharmacies">
      <Link to="/pharmacies" className="pharmacy-link">
        ← {t('pharmacies.title')}
      </Link>
      <h1 className="page-title">{p.name}</h1>
      <p className="card-meta">{p.address}</p>
      <p className="pharmacy-tags">
        <Badge tone={p.openNow ? 'ok' : 'muted'}>
          {p.openNow ? t('pharmacies.openNow') : t('pharmacies.closedNow')}
        </Badge>
        {p.services.map((s) => (
          <Badge key={s}>{t(`pharmacies.services.${s}`)}</Badge>
        ))}
      </p>
      <Link to={`/pharmacies/${p.id}/member`} className="pharmacy-link">
        {t('pharmacyMembers.cardLink')}
      </Link>
      <details className="card hours">
        <summary>{t('pharmacies.hours')}</summary>
        <dl>
          {p.hours.map((spans, i) => (
            <div key={DAYS[i]} className="hours-row">
              <dt>{t(`pharmacies.days.${DAYS[i]}`)}</dt>
              <dd>
                {spans.length ? spans.map((s) => `${s.open}–${s.close}`).join('，') : t('pharmacies.closed')}
              </dd>
            </div>
          ))}
        </dl>
      </details>
      <ReservePanel pharmacy={p} byId={catalogue.byId} />
      {me.data ? <DeliveryPanel pharmacy={p} byId={catalogue.byId} /> : null}
      {me.data || me.isPending ? null : (
        <ButtonLink to="/me" block>
          {t('pharmacies.loginToReserve')}
        </ButtonLink>
      )}
    </div>
  );
}
