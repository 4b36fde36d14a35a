import type { StockItemView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { timeAgo } from '../../../lib/format.ts';

const TONES = { in_stock: 'ok', low: 'flag', out: 'muted', unknown: 'muted' } as const;

/** 有货 / 紧张 / 无货 / 未知, and how long ago the pharmacy said so. */
export function StockBadge({ status, updatedAt }: Pick<StockItemView, 'status' | 'updatedAt'>) {
  const { t, i18n } = useTranslation();
  return (
    <span className="stock-badge">
      <Badge tone={TONES[status]}>{t(`pharmacies.status.${status}`)}</Badge>
      {updatedAt && status !== 'unknown' ? (
        <span className="card-meta">
          {t('pharmacies.updated', { ago: timeAgo(updatedAt, i18n.language, t('pharmacies.justNow')) })}
        </span>
      ) : null}
    </span>
  );
}
