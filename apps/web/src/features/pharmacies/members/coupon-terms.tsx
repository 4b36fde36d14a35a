import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format.ts';
import { type Coupon, yuan } from './api.ts';

/** A coupon's terms in one place: what it takes off, the minimum spend and until when. */
export function CouponTerms({ coupon: c }: { coupon: Coupon }) {
  const { t, i18n } = useTranslation();
  const off =
    c.kind === 'amount'
      ? t('pharmacyMembers.amountOff', { yuan: yuan(c.amountFen ?? 0) })
      : t('pharmacyMembers.percentOff', { percent: c.percentOff, zhe: (100 - (c.percentOff ?? 0)) / 10 });
  return (
    <div className="coupon-terms">
      <p className="coupon-title">
        <strong>{c.title}</strong> <span className="coupon-off">{off}</span>
      </p>
      <p className="card-meta">
        {c.minSpendFen > 0
          ? t('pharmacyMembers.minSpend', { yuan: yuan(c.minSpendFen) })
          : t('pharmacyMembers.noMin')}
        {' · '}
        {t('pharmacyMembers.until', { date: formatDate(c.validUntil, i18n.language) })}
        {c.unlockThreshold > 0 ? ` · ${t('pharmacyMembers.shareRule', { n: c.unlockThreshold })}` : ''}
      </p>
    </div>
  );
}
