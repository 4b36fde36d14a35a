import '../strings.ts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { LatLng } from '../../../lib/coordinates.ts';
import { fromDisplay, L, toDisplay } from '../../../lib/leaflet-map.ts';
import { useNearbyPharmacies } from '../api/pharmacies.ts';
import '../pharmacies.css';
import { useShownMap } from './shown-map.ts';

// Below this zoom the map shows a city or more: too wide a circle for "pharmacies near here".
const MIN_ZOOM = 11;

/**
 * Pharmacy markers on whatever map the screen shows: a layer of their own beside the posts, around
 * my position or, without one, around the middle of the map once it is zoomed in to a district.
 */
export function PharmacyMapLayer({ near }: { near: LatLng | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const map = useShownMap();
  const [centre, setCentre] = useState<LatLng>();
  const pharmacies = useNearbyPharmacies(near ?? centre, { radiusKm: 10 });
  const items = pharmacies.data?.items;

  useEffect(() => {
    if (!map || near) return;
    const follow = () => setCentre(map.getZoom() >= MIN_ZOOM ? fromDisplay(map.getCenter()) : undefined);
    follow();
    map.on('moveend', follow);
    return () => {
      map.off('moveend', follow);
    };
  }, [map, near]);

  useEffect(() => {
    if (!map || !items) return;
    const layer = L.layerGroup(
      items.map((p) =>
        L.marker(toDisplay(p.location), {
          title: `${t('pharmacies.marker')}：${p.name}`,
          alt: p.name,
          keyboard: true,
          icon: L.divIcon({
            className: 'map-marker marker-pharmacy',
            html: '<span>药</span>',
            iconSize: [28, 28],
            iconAnchor: [14, 28],
          }),
        }).on('click', () => navigate(`/pharmacies/${p.id}`)),
      ),
    ).addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, items, t, navigate]);

  return (
    <Link to="/pharmacies" className="pharmacy-link">
      {t('pharmacies.onMap', { count: items?.length ?? 0 })}
    </Link>
  );
}
