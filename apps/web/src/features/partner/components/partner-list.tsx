import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format.ts';
import type { PartnerView } from '../api/types.ts';
import { RegionName } from './region-name.tsx';
import { StatusBadge } from './status-badge.tsx';

/** My institutions, each a card into its page. */
export function PartnerList({ items }: { items: PartnerView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="card-list">
      {items.map((p) => (
        <li key={p.id} className="card partner-card">
          <div className="card-head">
            <StatusBadge status={p.status} />
            <span className="card-meta">{t(`partner.type.${p.type}`)}</span>
          </div>
          <p className="card-title">
            <Link to={`/partner/${p.id}`} className="stretched-link">
              {p.name}
            </Link>
          </p>
          <p className="card-meta">
            {p.regionCodes.slice(0, 3).map((code, i) => (
              <span key={code}>
                {i ? '、' : ''}
                <RegionName code={code} />
              </span>
            ))}
            {p.regionCodes.length > 3 ? t('partner.moreRegions', { count: p.regionCodes.length - 3 }) : ''}
          </p>
          <p className="card-meta">
            {p.myRole ? `${t(`partner.role.${p.myRole}`)} · ` : ''}
            {t('partner.appliedOn', { date: formatDate(p.createdAt, i18n.language) })}
          </p>
        </li>
      ))}
    </ul>
  );
}
