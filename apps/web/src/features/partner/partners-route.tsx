import './strings.ts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { LoginForm, useMe } from '../me/index.ts';
import { PharmacyApplyHint } from '../pharmacies/index.ts';
import { useMyPartners } from './api/get-my-partners.ts';
import type { PartnerView } from './api/types.ts';
import { ApplyForm } from './components/apply-form.tsx';
import { PartnerList } from './components/partner-list.tsx';
import './partner.css';

/** /partner: the institutions I belong to, and the application for a new one. */
export function PartnersRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const partners = useMyPartners(Boolean(me.data));
  const [applied, setApplied] = useState<PartnerView>();
  const [applying, setApplying] = useState(false);
  const listHeading = useId();
  const applyHeading = useId();

  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) return <LoadFailed query={me} />;

  const intro = (
    <>
      <h1 className="page-title">{t('partner.title')}</h1>
      <p className="partner-intro">{t('partner.intro')}</p>
    </>
  );
  if (!me.data)
    return (
      <div className="page partner">
        {intro}
        <LoginForm intro={t('partner.loginIntro')} />
      </div>
    );

  const items = partners.data?.items ?? [];
  const showForm = applying || (partners.isSuccess && items.length === 0 && !applied);

  return (
    <div className="page partner">
      {intro}
      {me.data.role === 'admin' ? (
        <ButtonLink to="/partner/review" variant="secondary">
          {t('partner.review.link')}
        </ButtonLink>
      ) : null}
      {applied ? (
        <p className="notice notice-ok" role="status">
          {t('partner.apply.done', { name: applied.name })}{' '}
          <Link to={`/partner/${applied.id}`}>{t('partner.open')}</Link>
        </p>
      ) : null}

      <section aria-labelledby={listHeading}>
        <h2 id={listHeading} className="section-title">
          {t('partner.mine')}
        </h2>
        {partners.isPending ? (
          <SkeletonCards label={t('common.loading')} count={1} />
        ) : partners.isError ? (
          <LoadFailed query={partners} />
        ) : items.length === 0 ? (
          <StateView tone="empty" title={t('partner.noneYet')}>
            {t('partner.noneYetHint')}
          </StateView>
        ) : (
          <PartnerList items={items} />
        )}
      </section>

      <section aria-labelledby={applyHeading}>
        <div className="section-head">
          <h2 id={applyHeading} className="section-title">
            {t('partner.apply.title')}
          </h2>
          {showForm ? null : (
            <Button size="sm" variant="primary" onClick={() => setApplying(true)}>
              {t('partner.apply.start')}
            </Button>
          )}
        </div>
        {showForm ? (
          <>
            <p className="field-hint partner-apply-hint">{t('partner.apply.hint')}</p>
            <PharmacyApplyHint />
            <ApplyForm
              onApplied={(p) => {
                setApplied(p);
                setApplying(false);
                window.scrollTo({ top: 0 });
              }}
            />
          </>
        ) : (
          <p className="muted">{t('partner.apply.hint')}</p>
        )}
      </section>
    </div>
  );
}
