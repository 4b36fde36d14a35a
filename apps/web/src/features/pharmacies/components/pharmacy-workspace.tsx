import '../strings.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StateView } from '../../../components/ui/state-view.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useMyPharmacy } from '../api/workspace.ts';
import '../pharmacies.css';
import { PharmacyMembersPanel } from '../members/members-panel.tsx';
import { DeliveryQueue } from '../orders/delivery-queue.tsx';
import { OrderingEditor } from '../orders/ordering-editor.tsx';
import { PharmacistsSection } from './pharmacists-section.tsx';
import { ProfileEditor } from './profile-editor.tsx';
import { ReservationQueue } from './reservation-queue.tsx';
import { StockEditor } from './stock-editor.tsx';

/** The pharmacy's part of /partner/:id: its licences (for the admin's check), the queue, then stock. */
export function PharmacyWorkspace({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const pharmacy = useMyPharmacy(partnerId);
  // A partner that chose the type "pharmacy" on the general form has no licences or store yet.
  if (pharmacy.error instanceof ApiError && pharmacy.error.status === 404) {
    return (
      <StateView
        tone="info"
        title={t('pharmacies.workspace.noStore')}
        action={<Link to="/pharmacies/apply">{t('pharmacies.apply.title')}</Link>}
      />
    );
  }
  const p = pharmacy.data;
  return (
    <div className="pharmacy-workspace">
      {p ? (
        <section className="card" aria-labelledby="licences-title">
          <h2 id="licences-title" className="section-title">
            {t('pharmacies.workspace.licences')}
          </h2>
          <dl className="licences">
            <div>
              <dt>{t('pharmacies.apply.creditCode')}</dt>
              <dd className="tabular">{p.creditCode}</dd>
            </div>
            <div>
              <dt>{t('pharmacies.apply.licenceNumber')}</dt>
              <dd className="tabular">{p.licenceNumber}</dd>
            </div>
            <div>
              <dt>{t('pharmacies.apply.address')}</dt>
              <dd>{p.address}</dd>
            </div>
          </dl>
          <Link to={`/pharmacies/${partnerId}`} className="pharmacy-link">
            {t('pharmacies.workspace.publicPage')}
          </Link>
        </section>
      ) : null}
      <ReservationQueue partnerId={partnerId} />
      <DeliveryQueue partnerId={partnerId} />
      <StockEditor partnerId={partnerId} />
      <PharmacyMembersPanel partnerId={partnerId} />
      <OrderingEditor partnerId={partnerId} />
      {p ? <ProfileEditor partnerId={partnerId} pharmacy={p} /> : null}
      <PharmacistsSection partnerId={partnerId} />
    </div>
  );
}
