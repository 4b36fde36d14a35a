import './strings.ts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { locate, positionOf, useMyLocation } from '../../lib/geolocation.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import { useCatalogue } from '../catalog/index.ts';
import { useNearbyPharmacies } from './api/pharmacies.ts';
import { PharmacyCard } from './components/pharmacy-card.tsx';
import './pharmacies.css';

const RADII = [2, 5, 10, 20];

/** /pharmacies — 附近药店: approved pharmacies near me, nearest first, optionally those with an item. */
export function PharmaciesRoute() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const location = useMyLocation();
  const position = positionOf(location);
  const medicineId = params.get('medicineId') ?? '';
  const radiusKm = Number(params.get('radiusKm')) || 5;
  const catalogue = useCatalogue();
  const list = useNearbyPharmacies(position, { radiusKm, medicineId: medicineId || undefined });

  useEffect(() => {
    void locate();
  }, []);

  const set = (name: string, value: string) =>
    setParams((prev) => {
      const out = new URLSearchParams(prev);
      if (value) out.set(name, value);
      else out.delete(name);
      return out;
    });

  return (
    <div className="page pharmacies">
      <h1 className="page-title">{t('pharmacies.title')}</h1>
      <p className="fine-print">{t('pharmacies.intro')}</p>
      <div className="pharmacies-filters">
        <Field label={t('pharmacies.medicine')}>
          {({ id }) => (
            <select
              id={id}
              className="select"
              value={medicineId}
              onChange={(e) => set('medicineId', e.target.value)}
            >
              <option value="">{t('pharmacies.anyMedicine')}</option>
              {(catalogue.data?.items ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {pick(m.name, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('pharmacies.radius')}>
          {({ id }) => (
            <select
              id={id}
              className="select"
              value={radiusKm}
              onChange={(e) => set('radiusKm', e.target.value)}
            >
              {RADII.map((km) => (
                <option key={km} value={km}>
                  {t('pharmacies.withinKm', { km })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <p>
        <Link to="/pharmacies/reservations" className="pharmacy-link">
          {t('pharmacies.myReservations')}
        </Link>
      </p>
      {!position ? (
        <StateView
          tone="empty"
          title={location.status === 'locating' ? t('common.loading') : t('pharmacies.needLocation')}
          action={
            <Button busy={location.status === 'locating'} onClick={() => void locate()}>
              {t('pharmacies.useMyLocation')}
            </Button>
          }
        />
      ) : list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={medicineId ? t('pharmacies.noneWithItem') : t('pharmacies.none')} />
      ) : (
        <ul className="card-list" aria-label={t('pharmacies.title')}>
          {list.data.items.map((p) => (
            <PharmacyCard key={p.id} pharmacy={p} />
          ))}
        </ul>
      )}
    </div>
  );
}
