import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import './leaflet-map.css';
import { L } from './leaflet-global.ts';
import 'leaflet.markercluster';
import { gcj02ToWgs84, type LatLng, wgs84ToGcj02 } from './coordinates.ts';

/**
 * Map tiles are build-time configuration. OpenStreetMap draws in WGS-84 like our data; Chinese providers
 * (AutoNavi, Tencent) draw in GCJ-02, so points are shifted for display and shifted back when picked.
 * An empty VITE_TILE_URL (or "off") means no tiles: markers on a plain background, as in tests.
 */
const rawUrl = import.meta.env.VITE_TILE_URL;
const TILE_URL =
  rawUrl === undefined ? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' : rawUrl === 'off' ? '' : rawUrl;
const TILE_GCJ02 = import.meta.env.VITE_TILE_COORD === 'gcj02';
const ATTRIBUTION =
  import.meta.env.VITE_TILE_ATTRIBUTION ??
  (rawUrl === undefined ? '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' : '');

export const toDisplay = (p: LatLng): L.LatLngExpression => {
  const q = TILE_GCJ02 ? wgs84ToGcj02(p) : p;
  return [q.lat, q.lng];
};
export const fromDisplay = (p: L.LatLng): LatLng =>
  TILE_GCJ02 ? gcj02ToWgs84(p) : { lat: p.lat, lng: p.lng };

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
    attributionControl: Boolean(TILE_URL),
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
  let failed = !TILE_URL;
  if (TILE_URL) {
    let errors = 0;
    const layer = L.tileLayer(TILE_URL, { maxZoom: 18, attribution: ATTRIBUTION, crossOrigin: true });
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
