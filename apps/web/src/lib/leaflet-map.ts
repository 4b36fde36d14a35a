import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import './leaflet-map.css';
import { L } from './leaflet-global.ts';
import 'leaflet.markercluster';
import type { MapConfigReply } from '@medrelay/contracts';
import { useSyncExternalStore } from 'react';
import { api } from './api-client.ts';
import { gcj02ToWgs84, type LatLng, wgs84ToGcj02 } from './coordinates.ts';

/**
 * Map tiles are run-time configuration: the server names the provider (GET /api/v1/map-config, set with
 * MAP_TILE_URL …), and the build-time VITE_TILE_* variables are the default when it names none.
 * OpenStreetMap draws in WGS-84 like our data; Chinese providers (AutoNavi, Tencent) draw in GCJ-02,
 * so points are shifted for display and shifted back when picked. No URL means no tiles: markers on
 * a plain background, as in tests.
 */
interface Tiles {
  url: string;
  gcj02: boolean;
  attribution: string;
  subdomains?: string;
}
const rawUrl = import.meta.env.VITE_TILE_URL;
const BUILT_IN: Tiles = {
  url:
    rawUrl === undefined ? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' : rawUrl === 'off' ? '' : rawUrl,
  gcj02: import.meta.env.VITE_TILE_COORD === 'gcj02',
  attribution:
    import.meta.env.VITE_TILE_ATTRIBUTION ??
    (rawUrl === undefined
      ? '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
      : ''),
};
let tiles = BUILT_IN;
let tilesKnown = false;
const tileListeners = new Set<() => void>();

// Asked once per page load, when the first map screen loads this module.
void api<MapConfigReply>('/map-config')
  .then((config) => {
    if (config.tiles === null) tiles = { ...BUILT_IN, url: '' };
    else if (config.tiles)
      tiles = {
        url: config.tiles.url,
        gcj02: config.tiles.coordSystem === 'gcj02',
        attribution: config.tiles.attribution,
        subdomains: config.tiles.subdomains,
      };
  })
  .catch(() => undefined)
  .finally(() => {
    tilesKnown = true;
    for (const l of tileListeners) l();
  });

/**
 * False until the server has named the tile provider (or failed to): a map is created only then, so
 * that its tiles and its markers agree on GCJ-02.
 */
export const useTilesKnown = (): boolean =>
  useSyncExternalStore(
    (l) => {
      tileListeners.add(l);
      return () => tileListeners.delete(l);
    },
    () => tilesKnown,
  );

export const toDisplay = (p: LatLng): L.LatLngExpression => {
  const q = tiles.gcj02 ? wgs84ToGcj02(p) : p;
  return [q.lat, q.lng];
};
export const fromDisplay = (p: L.LatLng): LatLng =>
  tiles.gcj02 ? gcj02ToWgs84(p) : { lat: p.lat, lng: p.lng };

export const CHINA_CENTRE: LatLng = { lat: 34.5, lng: 108.9 };

export interface BaseMap {
  map: L.Map;
  /** Called when tiles are off or keep failing, so the screen can say why the map is plain. */
  onTilesUnavailable(cb: () => void): void;
  destroy(): void;
}

export function createBaseMap(
  el: HTMLElement,
  opts: { center: LatLng; zoom: number; zoomInTitle: string; zoomOutTitle: string },
): BaseMap {
  const map = L.map(el, {
    center: toDisplay(opts.center),
    zoom: opts.zoom,
    zoomControl: false,
    attributionControl: Boolean(tiles.url),
    // Chinese place names and the stats are about the mainland; keep panning sensible.
    maxBounds: [
      [-10, 60],
      [65, 150],
    ],
    minZoom: 3,
    maxZoom: 18,
  });
  L.control.zoom({ zoomInTitle: opts.zoomInTitle, zoomOutTitle: opts.zoomOutTitle }).addTo(map);
  map.attributionControl?.setPrefix(false);

  let unavailable: (() => void) | undefined;
  let failed = !tiles.url;
  if (tiles.url) {
    let errors = 0;
    const layer = L.tileLayer(tiles.url, {
      maxZoom: 18,
      attribution: tiles.attribution,
      crossOrigin: true,
      ...(tiles.subdomains ? { subdomains: tiles.subdomains } : {}),
    });
    layer.on('tileerror', () => {
      errors += 1;
      if (errors >= 4 && !failed) {
        failed = true;
        el.classList.add('tiles-failed');
        unavailable?.();
      }
    });
    layer.addTo(map);
  } else {
    el.classList.add('tiles-off');
  }

  return {
    map,
    onTilesUnavailable(cb) {
      unavailable = cb;
      if (failed) cb();
    },
    destroy: () => map.remove(),
  };
}

export { L };
