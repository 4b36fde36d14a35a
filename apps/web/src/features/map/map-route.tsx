import type { PostView } from '@medrelay/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { LoadFailed, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { locate } from '../../lib/geolocation.ts';
import { PharmacyMapLayer } from '../pharmacies/index.ts';
import { useRegion } from '../regions/index.ts';
import { SquareToolbar, useLiveSquare, useSquareFeed, useSquareFilters } from '../square/index.ts';
import { PostSheet } from './components/post-sheet.tsx';
import { PostsMap } from './components/posts-map.tsx';
import './map.css';

const PANEL_ID = 'square-map';
// A map screen shows up to this many posts (four pages of 50); the list has the rest.
const MAX_PAGES = 4;

export function MapRoute() {
  const { t } = useTranslation();
  const [filters, update] = useSquareFilters({ nearestByDefault: false });
  const { feed, query, position, waiting, location } = useSquareFeed(filters, 50);
  // New posts appear as markers at once; closed ones leave the map.
  const live = useLiveSquare({ query, filters, enabled: Boolean(feed.data), mode: 'insert' });
  const region = useRegion(filters.region);
  const [selected, setSelected] = useState<PostView>();

  const pages = feed.data?.pages.length ?? 0;
  useEffect(() => {
    if (feed.hasNextPage && !feed.isFetchingNextPage && pages < MAX_PAGES) void feed.fetchNextPage();
  }, [feed.hasNextPage, feed.isFetchingNextPage, pages, feed.fetchNextPage]);

  const posts = useMemo(() => feed.data?.pages.flatMap((p) => p.items) ?? [], [feed.data]);
  const focus = useMemo(
    () =>
      position
        ? { center: position, zoom: 12 }
        : region
          ? {
              center: region.center,
              zoom: region.level === 'province' ? 7 : region.level === 'city' ? 10 : 12,
            }
          : undefined,
    [position, region],
  );

  return (
    <div className="page map-page">
      <h1 className="visually-hidden">{t('map.title')}</h1>
      <SquareToolbar filters={filters} update={update} panelId={PANEL_ID} />
      <section
        id={PANEL_ID}
        className="map-panel"
        role="tabpanel"
        data-live={live.connected ? 'on' : 'off'}
        aria-label={t(`square.tab${filters.kind === 'need' ? 'Need' : 'Offer'}`)}
      >
        <div className="map-bar">
          <p className="muted map-count" role="status">
            {waiting || feed.isPending ? t('common.loading') : t('map.count', { count: posts.length })}
          </p>
          {position ? null : (
            <Button
              size="sm"
              variant="ghost"
              busy={location.status === 'locating'}
              onClick={() => void locate()}
            >
              {t('map.locateMe')}
            </Button>
          )}
        </div>
        {feed.isError && !feed.data ? <LoadFailed query={feed} /> : null}
        <PostsMap posts={posts} focus={focus} me={position} onSelect={setSelected} label={t('map.label')}>
          {selected ? (
            <PostSheet post={selected} from={position} onClose={() => setSelected(undefined)} />
          ) : null}
        </PostsMap>
        <PharmacyMapLayer near={position ?? focus?.center} />
      </section>
    </div>
  );
}
