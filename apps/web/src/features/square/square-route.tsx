import { lazy, type ReactNode, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { NetworkError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useOnline } from '../../lib/online.ts';
import { AlertMe } from '../alerts/index.ts';
import { useRefAttribution } from './api/ref-attribution.ts';
import { FeedList } from './components/feed-list.tsx';
import { FeedScope, WidenRadius } from './components/feed-scope.tsx';
import { LocationNotice } from './components/location-notice.tsx';
import { NewPostsBanner } from './components/new-posts-banner.tsx';
import { SquareToolbar } from './components/square-toolbar.tsx';
import { activeFilterCount, appliedRadiusKm, widerRadiusKm } from './square-filters.ts';
import { useLiveSquare } from './use-live-square.ts';
import { useSquareFeed } from './use-square-feed.ts';
import { useSquareFilters } from './use-square-filters.ts';
import { useWideScreen } from './use-wide-screen.ts';
import './square.css';

const PANEL_ID = 'square-feed';
// Leaflet loads only where the map is shown: beside the list on a wide screen.
const SquareMapPane = lazy(() => import('../map/index.ts').then((m) => ({ default: m.SquareMapPane })));

export function SquareRoute() {
  const { t } = useTranslation();
  const online = useOnline();
  const [filters, update, settled] = useSquareFilters();
  const referrer = useRefAttribution(filters.ref);
  const { feed, query, location, position, waiting, wantsPosition } = useSquareFeed(filters, 20, settled);
  // The radius the server applies, said out loud: "离我最近" used to stop silently at 10 km.
  const radiusKm = appliedRadiusKm(query);
  const setRadius = (km: number) => update({ radiusKm: km });
  const nationwide = () => update({ sort: 'time', radiusKm: undefined });
  const wide = useWideScreen();
  const posts = useMemo(() => feed.data?.pages.flatMap((p) => p.items) ?? [], [feed.data]);
  const mapFocus = useMemo(() => (position ? { center: position, zoom: 12 } : undefined), [position]);
  const live = useLiveSquare({ query, filters, enabled: Boolean(feed.data), mode: 'banner' });

  const showNew = () => {
    live.showPending();
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  let body: ReactNode;
  if (waiting || feed.isPending) {
    body = <SkeletonCards label={t('common.loading')} />;
  } else if (feed.isError && !feed.data) {
    const offline = !online || feed.error instanceof NetworkError;
    body = (
      <StateView
        tone={offline ? 'offline' : 'error'}
        title={offline ? t('offline.title') : t('common.loadFailed')}
        action={<Button onClick={() => feed.refetch()}>{t('actions.retry')}</Button>}
      >
        {offline ? t('offline.body') : errorMessage(feed.error, t)}
      </StateView>
    );
  } else if (feed.data && feed.data.pages[0]?.items.length === 0) {
    body = (
      <StateView
        tone="empty"
        title={t(filters.kind === 'need' ? 'square.emptyNeed' : 'square.emptyOffer')}
        action={
          <div className="actions">
            {radiusKm && widerRadiusKm(radiusKm) ? (
              <Button onClick={() => setRadius(widerRadiusKm(radiusKm) as number)}>
                {t('square.widen', { km: widerRadiusKm(radiusKm) })}
              </Button>
            ) : null}
            {activeFilterCount(filters) ? (
              <Button
                onClick={() =>
                  update({
                    medicineId: undefined,
                    category: undefined,
                    region: undefined,
                    radiusKm: undefined,
                    flags: [],
                  })
                }
              >
                {t('filters.clearAll')}
              </Button>
            ) : null}
            <ButtonLink to={`/post/new?kind=${filters.kind}`} variant="primary">
              {t(filters.kind === 'need' ? 'home.postNeed' : 'home.postOffer')}
            </ButtonLink>
          </div>
        }
      >
        {t('square.emptyHint')}
      </StateView>
    );
  } else if (feed.data) {
    body = (
      <FeedList
        data={feed.data}
        hasNextPage={feed.hasNextPage}
        isFetchingNextPage={feed.isFetchingNextPage}
        fetchNextPage={() => void feed.fetchNextPage()}
        from={position}
        end={
          radiusKm ? <WidenRadius km={radiusKm} onRadius={setRadius} onNationwide={nationwide} /> : undefined
        }
      />
    );
  }

  return (
    <div className={`page square${wide ? ' square-wide' : ''}`}>
      <h1 className="visually-hidden">{t('square.title')}</h1>
      <div className="square-list">
        {referrer ? (
          <p className="notice ref-credit">{t('square.referredBy', { name: referrer.name })}</p>
        ) : null}
        <SquareToolbar filters={filters} update={update} panelId={PANEL_ID} />
        {wantsPosition ? <LocationNotice state={location} /> : null}
        {feed.isError && feed.data ? (
          <p className="notice notice-warn" role="status">
            {online ? errorMessage(feed.error, t) : t('offline.stale')}
          </p>
        ) : null}
        <div className="list-bar">
          {radiusKm && !waiting ? (
            <FeedScope km={radiusKm} sort={filters.sort} onRadius={setRadius} />
          ) : (
            <span className="muted">{t('square.scopeNewest')}</span>
          )}
          <AlertMe filters={filters} />
        </div>
        <NewPostsBanner count={live.pending.length} onShow={showNew} />
        <section
          id={PANEL_ID}
          role="tabpanel"
          data-live={live.connected ? 'on' : 'off'}
          aria-label={t(`square.tab${filters.kind === 'need' ? 'Need' : 'Offer'}`)}
          aria-busy={feed.isFetching || undefined}
        >
          {body}
        </section>
      </div>
      {wide ? (
        <Suspense fallback={<div className="square-map-pane" />}>
          <SquareMapPane posts={posts} me={position} focus={mapFocus} />
        </Suspense>
      ) : null}
    </div>
  );
}
