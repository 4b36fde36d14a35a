import './members/strings.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useMe } from '../me/index.ts';
import { usePharmacy } from './api/pharmacies.ts';
import { useJoin, useLeave, useMembership, useMyCoupons } from './members/api.ts';
import { Barcode, QrImage } from './members/codes.tsx';
import { CouponTerms } from './members/coupon-terms.tsx';
import './members/members.css';

/**
 * /pharmacies/:id/join (what the counter poster's QR code opens) and /pharmacies/:id/member: join
 * with one tap, then the member card: the member code as a QR code and a barcode for the till, the
 * points balance and history, my coupons there, and leaving (which deletes the card and its points).
 */
export function MemberCardRoute() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const pharmacy = usePharmacy(id);
  const loggedIn = Boolean(me.data);
  const card = useMembership(id, loggedIn);
  const join = useJoin(id);
  const leave = useLeave(id);
  const coupons = useMyCoupons(loggedIn);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const name = pharmacy.data?.name ?? '';
  const notMember = card.error instanceof ApiError && card.error.status === 404;

  let body: React.ReactNode;
  if (me.isPending || (loggedIn && card.isPending)) {
    body = <SkeletonCards label={t('common.loading')} count={1} />;
  } else if (!loggedIn) {
    body = (
      <StateView
        title={t('pharmacyMembers.loginToJoin')}
        action={
          <ButtonLink to="/me" variant="primary">
            {t('pharmacyMembers.login')}
          </ButtonLink>
        }
      />
    );
  } else if (notMember || leave.isSuccess) {
    body = (
      <section className="card member-join">
        {leave.isSuccess ? (
          <p className="notice" role="status">
            {t('pharmacyMembers.left')}
          </p>
        ) : null}
        <p>{t('pharmacyMembers.joinWhy')}</p>
        {join.isError ? <FieldError>{errorMessage(join.error, t)}</FieldError> : null}
        <Button
          variant="primary"
          block
          busy={join.isPending}
          onClick={() => join.mutate(undefined, { onSuccess: () => leave.reset() })}
        >
          {t('pharmacyMembers.join')}
        </Button>
      </section>
    );
  } else if (card.isError) {
    body = <LoadFailed query={card} />;
  } else if (card.data) {
    const c = card.data;
    const mine = (coupons.data?.items ?? []).filter((k) => k.coupon.pharmacyId === id);
    body = (
      <>
        <section className="card member-card" aria-labelledby="member-code-title">
          <h2 id="member-code-title" className="section-title">
            {t('pharmacyMembers.memberCode')}
          </h2>
          <QrImage value={c.memberCode} label={t('pharmacyMembers.qrLabel', { code: c.memberCode })} />
          <Barcode value={c.memberCode} label={t('pharmacyMembers.barLabel', { code: c.memberCode })} />
          <p className="member-code tabular" aria-label={t('pharmacyMembers.memberCode')}>
            {c.memberCode}
          </p>
          <p className="muted">{t('pharmacyMembers.showAtTill')}</p>
        </section>
        <section className="card" aria-labelledby="points-title">
          <h2 id="points-title" className="section-title">
            {t('pharmacyMembers.points')}
          </h2>
          <p className="points-balance">
            <span className="tabular" aria-label={t('pharmacyMembers.balance')}>
              {c.balance}
            </span>{' '}
            {t('pharmacyMembers.pointsUnit')}
          </p>
          {c.pointsExpireMonths ? (
            <p className="muted">{t('pharmacyMembers.expireRule', { months: c.pointsExpireMonths })}</p>
          ) : null}
          {c.history.length === 0 ? (
            <p className="muted">{t('pharmacyMembers.noHistory')}</p>
          ) : (
            <ul className="points-history" aria-label={t('pharmacyMembers.history')}>
              {c.history.map((h) => (
                <li key={h.id}>
                  <span>{h.kind === 'expire' ? t('pharmacyMembers.expired') : h.reason}</span>
                  <span className="card-meta">{formatDateTime(h.createdAt, i18n.language)}</span>
                  <span className={`tabular ${h.delta > 0 ? 'plus' : 'minus'}`}>
                    {h.delta > 0 ? `+${h.delta}` : h.delta}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="my-coupons-title">
          <h2 id="my-coupons-title" className="section-title">
            {t('pharmacyMembers.myCoupons')}
          </h2>
          {mine.length === 0 ? (
            <p className="muted">{t('pharmacyMembers.noCoupons')}</p>
          ) : (
            <ul className="card-list">
              {mine.map((k) => (
                <li key={k.id}>
                  <CouponTerms coupon={k.coupon} />
                  <p className="member-code tabular">{k.code}</p>
                  <p className="muted">
                    {k.redeemedAt
                      ? t('pharmacyMembers.used')
                      : k.usable
                        ? t('pharmacyMembers.usable')
                        : t('pharmacyMembers.needFriends', {
                            friends: k.friends,
                            needed: k.coupon.unlockThreshold,
                          })}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          {leave.isError ? <FieldError>{errorMessage(leave.error, t)}</FieldError> : null}
          {confirmLeave ? (
            <>
              <p>{t('pharmacyMembers.leaveWarning')}</p>
              <div className="stock-actions">
                <Button variant="danger" busy={leave.isPending} onClick={() => leave.mutate()}>
                  {t('pharmacyMembers.leaveConfirm')}
                </Button>
                <Button variant="ghost" onClick={() => setConfirmLeave(false)}>
                  {t('pharmacyMembers.keep')}
                </Button>
              </div>
            </>
          ) : (
            <Button variant="ghost" onClick={() => setConfirmLeave(true)}>
              {t('pharmacyMembers.leave')}
            </Button>
          )}
        </section>
      </>
    );
  }

  return (
    <div className="page pharmacies pharmacy-members">
      <Link to={`/pharmacies/${id}`} className="pharmacy-link">
        ← {name || t('pharmacyMembers.pharmacy')}
      </Link>
      <h1 className="page-title">{t('pharmacyMembers.title', { name })}</h1>
      {body}
    </div>
  );
}
