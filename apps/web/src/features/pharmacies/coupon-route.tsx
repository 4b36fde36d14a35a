import './members/strings.ts';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../me/index.ts';
import { useClaim, useCoupon, useMyCoupons } from './members/api.ts';
import { CouponTerms } from './members/coupon-terms.tsx';
import './members/members.css';

/**
 * /pharmacies/:id/coupons/:couponId — a coupon's claim page (scan or link). `?from=` is the claim
 * whose share link was followed (社交立减金). After claiming: the code for the counter, and for a
 * shared coupon the link to send to friends and how many have claimed through it.
 */
export function CouponRoute() {
  const { t } = useTranslation();
  const { id = '', couponId = '' } = useParams();
  const [params] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const me = useMe();
  const coupon = useCoupon(id, couponId);
  const mine = useMyCoupons(Boolean(me.data));
  const claim = useClaim(id, couponId);
  const claimed = claim.data ?? mine.data?.items.find((k) => k.coupon.id === couponId);

  let body: React.ReactNode;
  if (coupon.isPending || me.isPending) body = <SkeletonCards label={t('common.loading')} count={1} />;
  else if (coupon.isError) body = <LoadFailed query={coupon} />;
  else {
    const c = coupon.data;
    const shareUrl = claimed
      ? `${window.location.origin}/pharmacies/${id}/coupons/${couponId}?from=${claimed.id}`
      : '';
    body = (
      <section className="card coupon-card" aria-labelledby="coupon-title">
        <h2 id="coupon-title" className="section-title">
          {c.pharmacyName}
        </h2>
        <CouponTerms coupon={c} />
        <p className="muted">{t('pharmacyMembers.remaining', { n: c.remaining })}</p>
        <p className="muted">{t('pharmacyMembers.moneyOffOnly')}</p>
        {claimed ? (
          <>
            <p className="notice" role="status">
              {t('pharmacyMembers.claimed')}
            </p>
            <p className="member-code tabular" aria-label={t('pharmacyMembers.couponCode')}>
              {claimed.code}
            </p>
            <p className="muted">
              {claimed.usable
                ? t('pharmacyMembers.showCode')
                : t('pharmacyMembers.needFriends', { friends: claimed.friends, needed: c.unlockThreshold })}
            </p>
            {c.unlockThreshold > 0 ? (
              <label className="field">
                <span className="field-label">{t('pharmacyMembers.shareLink')}</span>
                <input className="input" readOnly value={shareUrl} onFocus={(e) => e.target.select()} />
              </label>
            ) : null}
            <Link to={`/pharmacies/${id}/member`} className="pharmacy-link">
              {t('pharmacyMembers.toCard')}
            </Link>
          </>
        ) : !me.data ? (
          <ButtonLink to="/me" variant="primary">
            {t('pharmacyMembers.loginToClaim')}
          </ButtonLink>
        ) : (
          <>
            {claim.isError ? <FieldError>{errorMessage(claim.error, t)}</FieldError> : null}
            <Button variant="primary" block busy={claim.isPending} onClick={() => claim.mutate(from)}>
              {t('pharmacyMembers.claim')}
            </Button>
          </>
        )}
      </section>
    );
  }
  return (
    <div className="page pharmacies pharmacy-members">
      <Link to={`/pharmacies/${id}`} className="pharmacy-link">
        ← {coupon.data?.pharmacyName ?? t('pharmacyMembers.pharmacy')}
      </Link>
      <h1 className="page-title">{t('pharmacyMembers.couponTitle')}</h1>
      {body}
      {!coupon.isPending && !coupon.data && !coupon.isError ? (
        <StateView tone="empty" title={t('pharmacyMembers.noCoupons')} />
      ) : null}
    </div>
  );
}
