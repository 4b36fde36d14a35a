import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Spinner, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, formatDateTime, timeAgo } from '../../lib/format.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import { itemLabel } from '../../lib/posts.ts';
import { useCatalogue } from '../catalog/index.ts';
import { MatchesSection } from '../matches/index.ts';
import { useMe, useMyPosts } from '../me/index.ts';
import { NearbyStock } from '../pharmacies/index.ts';
import { usePost } from './api/get-post.ts';
import { usePostThreads } from './api/post-threads.ts';
import { ContactPanel } from './components/contact-panel.tsx';
import { HandoffCode } from './components/handoff-code.tsx';
import { HandoffPanel } from './components/handoff-panel.tsx';
import { OwnerActions } from './components/owner-actions.tsx';
import { PassOnInvite } from './components/pass-on-invite.tsx';
import { RedFlagNotice } from './components/red-flag-notice.tsx';
import { ReportPanel } from './components/report-panel.tsx';
import { ShareButton } from './components/share-button.tsx';
import './post-detail.css';

export function PostDetailRoute() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const post = usePost(id);
  const catalogue = useCatalogue();
  const me = useMe();
  const mine = useMyPosts(Boolean(me.data));
  const own = mine.data?.items.find((p) => p.id === id);
  const threads = usePostThreads(id, own?.kind === 'offer' && own.status === 'open');

  if (post.isPending) return <Spinner label={t('common.loading')} />;
  if (post.isError) {
    const gone = post.error instanceof ApiError && post.error.status === 404;
    return (
      <div className="page">
        <StateView
          tone={gone ? 'empty' : 'error'}
          title={gone ? t('detail.gone') : t('common.loadFailed')}
          action={
            gone ? (
              <Link to="/square" className="btn btn-primary btn-md">
                {t('notFound.back')}
              </Link>
            ) : (
              <Button onClick={() => post.refetch()}>{t('actions.retry')}</Button>
            )
          }
        >
          {gone ? t('detail.goneBody') : errorMessage(post.error, t)}
        </StateView>
      </div>
    );
  }

  const p = post.data;
  const open = p.status === 'open' && new Date(p.expiresAt) > new Date();
  const status = p.status === 'open' && !open ? 'expired' : p.status;
  // An offer handed out to the last unit reads 已送完 rather than just 已解决.
  const givenOut = p.kind === 'offer' && p.status === 'resolved' && p.items.every((i) => i.quantity === 0);
  const title = p.items.map((i) => itemLabel(i, lang)).join('，');

  return (
    <div className="page detail">
      <p>
        <Link to={`/square?kind=${p.kind}`} className="back-link">
          ← {t('detail.back')}
        </Link>
      </p>
      <div className="card-head">
        <Badge tone={p.kind}>{t(`kind.${p.kind}`)}</Badge>
        {p.isDemo ? <Badge tone="demo">{t('post.demo')}</Badge> : null}
        <Badge tone={open ? 'ok' : 'muted'}>{givenOut ? t('handoff.allGiven') : t(`status.${status}`)}</Badge>
      </div>
      <h1 className="page-title detail-title">
        {t(p.kind === 'need' ? 'detail.titleNeed' : 'detail.titleOffer')}
      </h1>
      {p.isDemo ? <p className="notice notice-demo">{t('post.demoNotice')}</p> : null}
      {!open ? (
        <p className="notice notice-warn" role="status">
          {t(`detail.closed.${status}`)}
        </p>
      ) : null}

      <section className="card" aria-labelledby="items-title">
        <h2 id="items-title" className="section-title">
          {t('detail.items')}
        </h2>
        <ul className="detail-items">
          {p.items.map((item) => {
            const med = catalogue.byId.get(item.medicineId);
            return (
              <li key={item.medicineId}>
                <p className="detail-item-name">{itemLabel(item, lang)}</p>
                {item.expiresOn ? (
                  <p className="card-meta">
                    {t('post.expiresOn', { date: formatDate(item.expiresOn, i18n.language) })}
                    {item.unopened === true
                      ? ` · ${t('post.unopened')}`
                      : item.unopened === false
                        ? ` · ${t('post.opened')}`
                        : ''}
                  </p>
                ) : null}
                {med ? (
                  <details className="dosing">
                    <summary>{t('detail.dosing')}</summary>
                    <p>{pick(med.dosing, lang)}</p>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      {/* The emergency advice is for someone still looking for help, not for a need already met. */}
      {p.kind === 'need' && open ? <RedFlagNotice post={p} catalogue={catalogue.byId} /> : null}

      <section className="card" aria-label={t('detail.about')}>
        <dl className="facts">
          <div>
            <dt>{t('detail.region')}</dt>
            <dd>
              {[p.region.province, p.region.city, p.region.district]
                .filter((v, i, a) => v && a.indexOf(v) === i)
                .join(' ')}
            </dd>
          </div>
          <div>
            <dt>{t('detail.posted')}</dt>
            <dd>
              <time dateTime={p.createdAt}>{timeAgo(p.createdAt, i18n.language, t('common.justNow'))}</time>
            </dd>
          </div>
          {open ? (
            <div>
              <dt>{t('detail.until')}</dt>
              <dd>{formatDateTime(p.expiresAt, i18n.language)}</dd>
            </div>
          ) : null}
          {p.kind === 'need' ? (
            <div>
              <dt>{t('detail.forWhom')}</dt>
              <dd>{t(`forWhom.${p.forWhom}`)}</dd>
            </div>
          ) : null}
          {p.flags.length ? (
            <div>
              <dt>{t('post.flagsLabel')}</dt>
              <dd>{p.flags.map((f) => t(`flags.${f}`)).join('、')}</dd>
            </div>
          ) : null}
          {p.note ? (
            <div className="fact-note">
              <dt>{t('detail.note')}</dt>
              <dd>{p.note}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      {own ? <OwnerActions post={own} /> : open ? <ContactPanel post={p} /> : null}
      {own && open && p.kind === 'offer' ? <HandoffPanel post={p} threads={threads} /> : null}
      {own?.status === 'resolved' && p.kind === 'need' ? <PassOnInvite post={p} /> : null}
      {!own && me.data && p.kind === 'offer' ? <HandoffCode post={p} signedIn /> : null}
      {own && open ? (
        <MatchesSection postId={p.id} kind={p.kind} medicineId={p.items[0]?.medicineId} />
      ) : null}
      {open ? <NearbyStock post={p} /> : null}

      <ShareButton title={`${t('app.name')} · ${title}`} />
      {own ? null : <ReportPanel postId={p.id} />}
      <p className="fine-print">{t('detail.medicalDisclaimer')}</p>
    </div>
  );
}
