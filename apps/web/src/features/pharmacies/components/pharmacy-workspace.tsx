import '../strings.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../pharmacies.css';
import { ReservationQueue } from './reservation-queue.tsx';
import { StockEditor } from './stock-editor.tsx';

/** The pharmacy's part of /partner/:id: the reservation queue, then stock. */
export function PharmacyWorkspace({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  return (
    <div className="pharmacy-workspace">
      <Link to={`/pharmacies/${partnerId}`} className="pharmacy-link">
        {t('pharmacies.workspace.publicPage')}
      </Link>
      <ReservationQueue partnerId={partnerId} />
      <StockEditor partnerId={partnerId} />
    </div>
  );
}
