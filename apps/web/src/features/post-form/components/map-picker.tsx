import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LatLng } from '../../../lib/coordinates.ts';
import {
  CHINA_CENTRE,
  createBaseMap,
  fromDisplay,
  L,
  toDisplay,
  useTilesKnown,
} from '../../../lib/leaflet-map.ts';

/** Tap the map to place the post. Loaded only when the user chooses "pick on the map". */
export default function MapPicker({
  value,
  start,
  onChange,
}: {
  value: LatLng | undefined;
  start: LatLng | undefined;
  onChange: (p: LatLng) => void;
}) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const marker = useRef<L.Marker>(undefined);
  const change = useRef(onChange);
  change.current = onChange;
  const map = useRef<L.Map>(undefined);
  // The tile provider's coordinate system decides where a tap lands: wait until the server names it.
  const tilesKnown = useTilesKnown();

  useEffect(() => {
    if (!el.current || !tilesKnown) return;
    const centre = value ?? start;
    const base = createBaseMap(el.current, {
      center: centre ?? CHINA_CENTRE,
      zoom: centre ? 13 : 4,
      zoomInTitle: t('map.zoomIn'),
      zoomOutTitle: t('map.zoomOut'),
    });
    map.current = base.map;
    base.map.on('click', (e: L.LeafletMouseEvent) => change.current(fromDisplay(e.latlng)));
    return () => {
      base.destroy();
      map.current = undefined;
      marker.current = undefined;
    };
    // The map is created once per mount; the marker follows `value` below.
  }, [tilesKnown]);

  useEffect(() => {
    if (!map.current || !value) return;
    const at = toDisplay(value);
    if (marker.current) marker.current.setLatLng(at);
    else
      marker.current = L.marker(at, {
        keyboard: false,
        icon: L.divIcon({
          className: 'map-marker marker-pick',
          html: '<span></span>',
          iconSize: [28, 28],
          iconAnchor: [14, 28],
        }),
      }).addTo(map.current);
  }, [value, tilesKnown]);

  return (
    <div className="map-wrap map-picker">
      <div ref={el} className="map" role="application" aria-label={t('form.mapPickerLabel')} />
      <p className="field-hint">{t('form.mapPickerHint')}</p>
    </div>
  );
}
