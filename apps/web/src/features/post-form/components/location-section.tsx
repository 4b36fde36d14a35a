import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { Spinner } from '../../../components/ui/state-view.tsx';
import { locate, positionOf, useMyLocation } from '../../../lib/geolocation.ts';
import { RegionPicker, useRegionLabel } from '../../regions/index.ts';
import type { Place } from '../form-state.ts';

const MapPicker = lazy(() => import('./map-picker.tsx'));

export function LocationSection({
  place,
  setPlace,
  error,
}: {
  place: Place | undefined;
  setPlace: (p: Place | undefined) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const location = useMyLocation();
  const [mode, setMode] = useState<Place['mode'] | undefined>(place?.mode);
  const regionLabel = useRegionLabel(place?.mode === 'region' ? place.regionCode : undefined);

  const locateMe = async () => {
    setMode('gps');
    const s = await locate();
    if (s.status === 'ok') setPlace({ mode: 'gps', point: s.position, accuracyM: s.accuracyM });
  };

  let status: string | undefined;
  if (place?.mode === 'gps') status = t('form.placeGps', { m: Math.round(place.accuracyM) });
  else if (place?.mode === 'map') status = t('form.placeMap');
  else if (place?.mode === 'region')
    status = t('form.placeRegion', { region: regionLabel ?? place.regionCode });

  return (
    <section className="form-section" aria-labelledby={headingId} data-field="location">
      <h2 id={headingId} className="section-title">
        {t('form.locationTitle')}
      </h2>
      <p className="field-hint">{t('form.locationPrivacy')}</p>
      <div className="choice-row">
        <Button
          variant={mode === 'gps' ? 'primary' : 'secondary'}
          aria-pressed={mode === 'gps'}
          busy={location.status === 'locating'}
          onClick={() => void locateMe()}
        >
          {t('form.useMyLocation')}
        </Button>
        <Button
          variant={mode === 'map' ? 'primary' : 'secondary'}
          aria-pressed={mode === 'map'}
          onClick={() => setMode('map')}
        >
          {t('form.pickOnMap')}
        </Button>
        <Button
          variant={mode === 'region' ? 'primary' : 'secondary'}
          aria-pressed={mode === 'region'}
          onClick={() => setMode('region')}
        >
          {t('form.pickRegion')}
        </Button>
      </div>
      {mode === 'gps' && location.status === 'error' ? (
        <p className="notice notice-warn" role="status">
          {t(`location.${location.reason}`)} {t('form.gpsFallback')}
        </p>
      ) : null}
      {mode === 'map' ? (
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          <MapPicker
            value={place?.mode === 'map' ? place.point : undefined}
            start={place?.point ?? positionOf(location)}
            onChange={(point) => setPlace({ mode: 'map', point })}
          />
        </Suspense>
      ) : null}
      {mode === 'region' ? (
        <RegionPicker
          legend={t('form.regionLegend')}
          value={place?.mode === 'region' ? place.regionCode : undefined}
          onChange={(code, region) =>
            setPlace(code && region ? { mode: 'region', regionCode: code, point: region.center } : undefined)
          }
        />
      ) : null}
      {status ? (
        <p className="notice notice-ok" role="status">
          {status}
        </p>
      ) : null}
      {error ? <FieldError>{error}</FieldError> : null}
    </section>
  );
}
