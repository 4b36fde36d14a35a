import type { PostView } from '@medrelay/contracts';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LatLng } from '../../../lib/coordinates.ts';
import { useLang } from '../../../lib/i18n.ts';
import {
  type BaseMap,
  CHINA_CENTRE,
  createBaseMap,
  L,
  toDisplay,
  useTilesKnown,
} from '../../../lib/leaflet-map.ts';
import { itemLabel } from '../../../lib/posts.ts';
import { clusterHtml, clusterPlace, DISTRICT_ZOOM, pinLabelHtml } from '../map-labels.ts';

interface PostsMapProps {
  posts: PostView[];
  /** Where to look first: my position, the chosen region's centre, or the whole country. */
  focus: { center: LatLng; zoom: number } | undefined;
  me: LatLng | undefined;
  onSelect: (post: PostView) => void;
  label: string;
  /** Drawn over the map (the tapped post's sheet), anchored to the map's own box. */
  children?: ReactNode;
}

export function PostsMap({ posts, focus, me, onSelect, label, children }: PostsMapProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const el = useRef<HTMLDivElement>(null);
  const base = useRef<BaseMap>(undefined);
  const cluster = useRef<L.MarkerClusterGroup>(undefined);
  const meMarker = useRef<L.CircleMarker>(undefined);
  const tilesKnown = useTilesKnown();
  const [plain, setPlain] = useState(false);
  // Without a base map, each cluster and marker carries its place's name so the reader stays oriented.
  const plainRef = useRef(false);
  plainRef.current = plain;
  const postOf = useRef(new WeakMap<L.Marker, PostView>());
  const fitted = useRef(false);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    // Wait for the server to name the tile provider: markers are placed in its coordinate system.
    if (!el.current || !tilesKnown) return;
    const mapEl = el.current;
    const created = createBaseMap(mapEl, {
      center: focus?.center ?? CHINA_CENTRE,
      zoom: focus?.zoom ?? 4,
      zoomInTitle: t('map.zoomIn'),
      zoomOutTitle: t('map.zoomOut'),
    });
    created.onTilesUnavailable(() => setPlain(true));
    const group = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: (c) => {
        const place = plainRef.current
          ? clusterPlace(c.getAllChildMarkers().map((m) => postOf.current.get(m)))
          : '';
        return L.divIcon({
          html: clusterHtml(c.getChildCount(), place),
          className: 'map-cluster',
          iconSize: [40, 40],
        });
      },
    });
    created.map.addLayer(group);
    // Zoomed in, every pin in a city would read "深圳市": CSS shows the district instead.
    const markZoom = () => mapEl.classList.toggle('map-zoomed-in', created.map.getZoom() >= DISTRICT_ZOOM);
    created.map.on('zoomend', markZoom);
    markZoom();
    base.current = created;
    cluster.current = group;
    return () => {
      created.destroy();
      base.current = undefined;
      cluster.current = undefined;
      meMarker.current = undefined;
    };
    // The map is created once; focus and labels are applied by the effects below.
  }, [tilesKnown]);

  useEffect(() => {
    if (focus) base.current?.map.setView(toDisplay(focus.center), focus.zoom);
  }, [focus?.center.lat, focus?.center.lng, focus?.zoom, tilesKnown]);

  useEffect(() => {
    // With nothing better to centre on, show all the posts once they arrive.
    const map = base.current?.map;
    if (!map || focus || fitted.current || posts.length === 0) return;
    fitted.current = true;
    map.fitBounds(L.latLngBounds(posts.map((p) => toDisplay(p.location))), {
      padding: [24, 24],
      maxZoom: 12,
    });
  }, [posts, focus, tilesKnown]);

  useEffect(() => {
    const group = cluster.current;
    if (!group) return;
    group.clearLayers();
    const markers = posts.map((post) => {
      const title = post.items.map((i) => itemLabel(i, lang)).join('，');
      const marker = L.marker(toDisplay(post.location), {
        title: `${t(`kind.${post.kind}`)}：${title} · ${post.region.district || post.region.city}`,
        alt: title,
        keyboard: true,
        icon: L.divIcon({
          className: `map-marker marker-${post.kind}${post.isDemo ? ' marker-demo' : ''}`,
          html: `<span></span>${plain ? pinLabelHtml(post) : ''}`,
          iconSize: [28, 28],
          iconAnchor: [14, 28],
        }),
      });
      postOf.current.set(marker, post);
      marker.on('click', () => select.current(post));
      return marker;
    });
    group.addLayers(markers);
  }, [posts, lang, t, plain, tilesKnown]);

  useEffect(() => {
    const map = base.current?.map;
    if (!map) return;
    meMarker.current?.remove();
    meMarker.current = me
      ? L.circleMarker(toDisplay(me), {
          radius: 8,
          color: '#fff',
          weight: 3,
          fillColor: '#1a73e8',
          fillOpacity: 1,
          interactive: false,
        }).addTo(map)
      : undefined;
  }, [me, tilesKnown]);

  return (
    <div className="map-wrap">
      {plain ? (
        <p className="notice map-plain-note" role="status">
          {t('map.noTiles')}
        </p>
      ) : null}
      <div ref={el} className="map" role="region" aria-label={label} />
      {children}
    </div>
  );
}
