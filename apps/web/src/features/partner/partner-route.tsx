import './strings.ts';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { Segmented } from '../../components/ui/segmented.tsx';
import { Spinner, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { CommunityWorkspace } from '../community/index.ts';
import { useMe } from '../me/index.ts';
import { PharmacyWorkspace } from '../pharmacies/index.ts';
import { accessTo } from './access.ts';
import { usePartner } from './api/get-partner.ts';
import { DeepLinkSection } from './components/deep-link-section.tsx';
import { EmbedSection } from './components/embed-section.tsx';
import { KeysSection } from './components/keys-section.tsx';
import { MembersSection } from './components/members-section.tsx';
import { OverviewSection } from './components/overview-section.tsx';
import { StatusBadge } from './components/status-badge.tsx';
import { WebhooksSection } from './components/webhooks-section.tsx';
import { partnerErrorMessage } from './partner-errors.ts';
import './partner.css';

const TABS = ['overview', 'links', 'embed', 'keys', 'webhooks', 'members', 'community'] as const;
type Tab = (typeof TABS)[number];
const PANEL_ID = 'partner-panel';

/** /partner/:id — one institution's page: figures, links, widget, keys, webhooks, members. */
export function PartnerRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const partner = usePartner(id);
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'overview';

  // The tabs scroll sideways on a phone: keep the chosen one in sight (after a reload, say).
  useEffect(() => {
    void tab;
    document
      .querySelector('.partner-tabs .is-selected')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [tab, partner.isSuccess]);

  if (partner.isPending || me.isPending) return <Spinner label={t('common.loading')} />;
  if (partner.isError) {
    const status = partner.error instanceof ApiError ? partner.error.status : 0;
    return (
      <div className="page partner">
        <BackLink />
        <StateView
          tone={status === 404 || status === 401 ? 'empty' : 'error'}
          title={status === 401 ? t('partner.loginFirst') : t('common.loadFailed')}
          action={
            status === 401 ? (
              <Link to="/partner">{t('partner.title')}</Link>
            ) : (
              <Button onClick={() => partner.refetch()}>{t('actions.retry')}</Button>
            )
          }
        >
          {status === 401 ? null : partnerErrorMessage(partner.error, t)}
        </StateView>
      </div>
    );
  }

  const p = partner.data;
  const access = accessTo(p, me.data?.role === 'admin');
  const panels: Record<Tab, ReactNode> = {
    overview: <OverviewSection partner={p} />,
    links: <DeepLinkSection partner={p} />,
    embed: <EmbedSection access={access} />,
    keys: <KeysSection access={access} />,
    webhooks: <WebhooksSection access={access} />,
    members: <MembersSection access={access} />,
    community: <CommunityWorkspace partnerId={p.id} access={{ write: access.develop, own: access.own }} />,
  };

  return (
    <div className="page partner">
      <BackLink />
      <header className="partner-head">
        <h1 className="page-title">{p.name}</h1>
        <p className="card-meta">
          <StatusBadge status={p.status} /> {t(`partner.type.${p.type}`)}
          {p.myRole ? ` · ${t('partner.myRole', { role: t(`partner.role.${p.myRole}`) })}` : ''}
        </p>
      </header>
      {p.status === 'approved' ? null : (
        <p className={`notice ${p.status === 'pending' ? 'notice-warn' : 'notice-error'}`} role="status">
          {t(`partner.statusNotice.${p.status}`)}
        </p>
      )}
      {p.type === 'pharmacy' ? <PharmacyWorkspace partnerId={p.id} /> : null}
      <Segmented
        as="tabs"
        className="partner-tabs"
        label={t('partner.sections')}
        controls={PANEL_ID}
        value={tab}
        onChange={(next) =>
          setParams(
            (prev) => {
              const out = new URLSearchParams(prev);
              out.set('tab', next);
              return out;
            },
            { replace: true },
          )
        }
        options={TABS.map((value) => ({ value, label: t(`partner.tabs.${value}`) }))}
      />
      <div id={PANEL_ID} role="tabpanel" aria-label={t(`partner.tabs.${tab}`)} className="partner-panel">
        {panels[tab]}
      </div>
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/partner" className="partner-back">
      ← {t('partner.backToList')}
    </Link>
  );
}
