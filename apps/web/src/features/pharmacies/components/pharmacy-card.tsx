import type { PharmacySummary } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { StockBadge } from './stock-badge.tsx';

/** One pharmacy in a list: name, distance, open now, services, and the asked-for item's status. */
export function PharmacyCard({
  pharmacy: p,
  headingLevel = 2,
}: {
  pharmacy: PharmacySummary;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li className="card pharmacy-card">
      <Heading className="card-title">
        <Link to={`/pharmacies/${p.id}`} className="pharmacy-link">
          {p.name}
        </Link>
      </Heading>
      <p className="card-meta">
        {p.distanceKm === null ? null : (
          <span>{t('pharmacies.distance', { km: p.distanceKm.toFixed(1) })} · </span>
        )}
        <span>{p.address}</span>
      </p>
      <p className="pharmacy-tags">
        <Badge tone={p.openNow ? 'ok' : 'muted'}>
          {p.openNow ? t('pharmacies.openNow') : t('pharmacies.closedNow')}
        </Badge>
        {p.services.map((s) => (
          <Badge key={s}>{t(`pharmacies.services.${s}`)}</Badge>
        ))}
      </p>
      {p.stock ? <StockBadge status={p.stock.status} updatedAt={p.stock.updatedAt} /> : null}
    </li>
  );
}
