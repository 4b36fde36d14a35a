import './strings.ts';
import { HEALTH_PARTS, type HealthPart } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field, FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { locate, positionOf, useMyLocation } from '../../lib/geolocation.ts';
import {
  useHealthRecord,
  useNearbyPharmacies,
  usePharmacyName,
  useReads,
  useRevokeShare,
  useShare,
  useShares,
} from './api.ts';
import { CareTabs } from './components/care-tabs.tsx';
import { ConsentScreen } from './components/consent-screen.tsx';
import './care.css';

const DAY_OPTIONS = [7, 30, 90, 180, 365];

/** /care/shares?pharmacy=<id> — share parts with a pharmacy, my shares, revoke, and every read. */
export function SharesRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const pharmacyId = params.get('pharmacy') ?? '';
  const record = useHealthRecord();
  const consented = Boolean(record.data?.consentedAt);

  return (
    <div className="page care">
      <h1 className="page-title">{t('care.shares.title')}</h1>
      <CareTabs />
      {record.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : record.isError ? (
        <LoadFailed query={record} />
      ) : !consented ? (
        <ConsentScreen />
      ) : (
        <div className="care-section">
          <p>{t('care.shares.intro')}</p>
          {pharmacyId ? (
            <ShareForm pharmacyId={pharmacyId} onDone={() => setParams({})} />
          ) : (
            <PharmacyPicker onPick={(id) => setParams({ pharmacy: id })} />
          )}
          <MyShares />
          <Reads />
        </div>
      )}
    </div>
  );
}

function ShareForm({ pharmacyId, onDone }: { pharmacyId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const pharmacy = usePharmacyName(pharmacyId);
  const share = useShare();
  const [parts, setParts] = useState<HealthPart[]>(['conditions', 'medicines', 'measurements']);
  const [days, setDays] = useState(30);
  const toggle = (p: HealthPart) =>
    setParts((cur) => (cur.includes(p) ? cur.filter((x) => x !== p) : [...cur, p]));
  return (
    <form
      className="card care-section"
      aria-labelledby="care-share-title"
      onSubmit={(e) => {
        e.preventDefault();
        share.mutate({ pharmacyId, parts, days }, { onSuccess: onDone });
      }}
    >
      <h2 id="care-share-title" className="section-title">
        {t('care.shares.pharmacy')}: {pharmacy.data?.name ?? '…'}
      </h2>
      <fieldset className="care-checks">
        <legend>{t('care.shares.parts')}</legend>
        {HEALTH_PARTS.map((p) => (
          <label key={p}>
            <input type="checkbox" checked={parts.includes(p)} onChange={() => toggle(p)} />
            {t(`care.parts.${p}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('care.shares.days')}>
        {({ id }) => (
          <select className="select" id={id} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {DAY_OPTIONS.map((d) => (
              <option key={d} value={d}>
                {t('care.shares.daysOption', { count: d })}
              </option>
            ))}
          </select>
        )}
      </Field>
      {share.isError ? <FieldError>{errorMessage(share.error, t)}</FieldError> : null}
      <Button type="submit" variant="primary" disabled={parts.length === 0} busy={share.isPending}>
        {t('care.shares.share')}
      </Button>
    </form>
  );
}

/** Nearby approved pharmacies (the position is asked for this search only and never stored). */
function PharmacyPicker({ onPick }: { onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const location = useMyLocation();
  const near = positionOf(location);
  const nearby = useNearbyPharmacies(near);
  return (
    <section className="card care-section" aria-labelledby="care-pick-pharmacy">
      <h2 id="care-pick-pharmacy" className="section-title">
        {t('care.shares.pickPharmacy')}
      </h2>
      {!near ? (
        <>
          <p className="muted">{t('care.shares.noPharmacy')}</p>
          {location.status === 'error' ? <FieldError>{t('care.shares.noLocation')}</FieldError> : null}
          <Button busy={location.status === 'locating'} onClick={() => void locate()}>
            {t('care.shares.findNearby')}
          </Button>
        </>
      ) : nearby.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : nearby.isError ? (
        <LoadFailed query={nearby} />
      ) : nearby.data.items.length === 0 ? (
        <StateView tone="empty" title={t('care.shares.noneNearby')} />
      ) : (
        <ul className="care-list">
          {nearby.data.items.map((p) => (
            <li key={p.id}>
              <span>
                {p.name}
                {typeof p.distanceKm === 'number' ? (
                  <span className="card-meta"> · {p.distanceKm.toFixed(1)} km</span>
                ) : null}
              </span>
              <Button
                size="sm"
                onClick={() => onPick(p.id)}
                aria-label={`${t('care.shares.choose')} ${p.name}`}
              >
                {t('care.shares.choose')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MyShares() {
  const { t, i18n } = useTranslation();
  const shares = useShares();
  const revoke = useRevokeShare();
  return (
    <section className="card care-section" aria-labelledby="care-my-shares">
      <h2 id="care-my-shares" className="section-title">
        {t('care.shares.mine')}
      </h2>
      {shares.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : shares.isError ? (
        <LoadFailed query={shares} />
      ) : shares.data.items.length === 0 ? (
        <StateView tone="empty" title={t('care.shares.none')} />
      ) : (
        <ul className="care-list">
          {shares.data.items.map((g) => (
            <li key={g.id}>
              <span>
                <strong>{g.pharmacyName}</strong>{' '}
                <Badge tone={g.active ? 'ok' : 'muted'}>
                  {t(g.active ? 'care.shares.active' : 'care.shares.ended')}
                </Badge>
                <br />
                <span className="card-meta">
                  {g.parts.map((p) => t(`care.parts.${p}`)).join('、')} ·{' '}
                  {t('care.shares.until', {
                    time: formatDateTime(g.revokedAt ?? g.expiresAt, i18n.language),
                  })}
                </span>
              </span>
              {g.active ? (
                <Button size="sm" variant="ghost" busy={revoke.isPending} onClick={() => revoke.mutate(g.id)}>
                  {t('care.shares.revoke')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Reads() {
  const { t, i18n } = useTranslation();
  const reads = useReads();
  return (
    <section className="card care-section" aria-labelledby="care-reads">
      <h2 id="care-reads" className="section-title">
        {t('care.shares.reads')}
      </h2>
      {reads.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : reads.isError ? (
        <LoadFailed query={reads} />
      ) : reads.data.items.length === 0 ? (
        <p className="muted">{t('care.shares.noReads')}</p>
      ) : (
        <ul className="care-list">
          {reads.data.items.map((r, i) => (
            <li key={`${r.at}-${r.part}-${i}`}>
              <span>
                {t('care.shares.readBy', {
                  pharmacy: r.pharmacyName ?? '—',
                  reader: r.reader ?? '—',
                  part: t(`care.parts.${r.part}`),
                })}
                <br />
                <span className="card-meta">
                  {formatDateTime(r.at, i18n.language)} · {t(`care.shares.purposes.${r.purpose}`)}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
