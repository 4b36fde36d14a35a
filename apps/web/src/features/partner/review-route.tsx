import './strings.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { FieldError } from '../../components/ui/field.tsx';
import { Segmented } from '../../components/ui/segmented.tsx';
import { LoadFailed, SkeletonCards, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { useMe } from '../me/index.ts';
import { type Decision, useDecide, usePartnersByStatus } from './api/review-partners.ts';
import { PARTNER_STATUSES, type PartnerStatus, type PartnerView } from './api/types.ts';
import { RegionName } from './components/region-name.tsx';
import { StatusBadge } from './components/status-badge.tsx';
import { partnerErrorMessage } from './partner-errors.ts';
import './partner.css';

const PANEL_ID = 'partner-review-list';
// What an admin may decide from each state (docs/partners.md): approve, reject, suspend, reinstate.
const DECISIONS: Record<PartnerStatus, Decision[]> = {
  pending: ['approved', 'rejected'],
  approved: ['suspended'],
  rejected: ['approved'],
  suspended: ['approved'],
};

/** /partner/review — the platform admins' queue of institutions' applications. */
export function ReviewRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState<PartnerStatus>('pending');
  const isAdmin = me.data?.role === 'admin';
  const list = usePartnersByStatus(status, isAdmin);

  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (!isAdmin)
    return (
      <div className="page partner">
        <StateView
          tone="empty"
          title={t('partner.review.adminsOnly')}
          action={<Link to="/partner">{t('partner.title')}</Link>}
        >
          {me.isError ? errorMessage(me.error, t) : null}
        </StateView>
      </div>
    );

  return (
    <div className="page partner">
      <Link to="/partner" className="partner-back">
        ← {t('partner.backToList')}
      </Link>
      <h1 className="page-title">{t('partner.review.title')}</h1>
      <Segmented
        as="tabs"
        className="partner-tabs"
        label={t('partner.review.filter')}
        controls={PANEL_ID}
        value={status}
        onChange={setStatus}
        options={PARTNER_STATUSES.map((value) => ({ value, label: t(`partner.status.${value}`) }))}
      />
      <section
        id={PANEL_ID}
        role="tabpanel"
        aria-label={t(`partner.status.${status}`)}
        aria-busy={list.isFetching || undefined}
      >
        {list.isPending ? (
          <SkeletonCards label={t('common.loading')} count={2} />
        ) : list.isError ? (
          <LoadFailed query={list} describe={(e) => partnerErrorMessage(e, t)} />
        ) : list.data.items.length === 0 ? (
          <StateView tone="empty" title={t('partner.review.empty')} />
        ) : (
          <ul className="card-list">
            {list.data.items.map((p) => (
              <Application key={p.id} partner={p} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Application({ partner: p }: { partner: PartnerView }) {
  const { t, i18n } = useTranslation();
  const decide = useDecide();
  return (
    <li className="card application">
      <div className="card-head">
        <StatusBadge status={p.status} />
        <span className="card-meta">{t(`partner.type.${p.type}`)}</span>
        <span className="card-time">{formatDate(p.createdAt, i18n.language)}</span>
      </div>
      <p className="card-title">
        <Link to={`/partner/${p.id}`}>{p.name}</Link>
      </p>
      <dl className="partner-facts">
        <div>
          <dt>{t('partner.overview.regions')}</dt>
          <dd>
            {p.regionCodes.map((code, i) => (
              <span key={code}>
                {i ? '、' : ''}
                <RegionName code={code} />
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('partner.overview.contact')}</dt>
          <dd>
            {p.contactNameMasked} <span className="tabular">{p.contactPhoneMasked}</span>
          </dd>
        </div>
        {p.allowedOrigins.length ? (
          <div>
            <dt>{t('partner.origins.title')}</dt>
            <dd>{p.allowedOrigins.join(' ')}</dd>
          </div>
        ) : null}
      </dl>
      <div className="actions">
        {DECISIONS[p.status].map((d) => (
          <Button
            key={d}
            size="sm"
            variant={d === 'approved' ? 'primary' : 'secondary'}
            busy={decide.isPending && decide.variables?.decision === d}
            disabled={decide.isPending}
            onClick={() => decide.mutate({ id: p.id, decision: d })}
          >
            {t(`partner.review.decide.${d}`)}
          </Button>
        ))}
      </div>
      {decide.isError ? <FieldError>{partnerErrorMessage(decide.error, t)}</FieldError> : null}
    </li>
  );
}
