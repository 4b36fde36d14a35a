import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { Segmented } from '../../../components/ui/segmented.tsx';
import { Spinner } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { locate, positionOf, useMyLocation } from '../../../lib/geolocation.ts';
import { MedicineSearch } from '../../catalog/index.ts';
import { LoginForm, useMe } from '../../me/index.ts';
import { useRegion, useRegionLabel } from '../../regions/index.ts';
import { ALERT_RADII, type AlertFilters, alertBody, draftFromFilters, hasSubject } from '../alert-rules.ts';
import { useCreateAlert } from '../api/create-alert.ts';
import { AlertSentence, useSubjectName } from './alert-sentence.tsx';

/**
 * The alert the square's filters describe, with a radius to choose and a point: my position, or the
 * chosen region's centre when the browser will not tell.
 */
export function AlertPanel({
  id,
  filters,
  onClose,
}: {
  id: string;
  filters: AlertFilters;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [draft, setDraft] = useState(() => draftFromFilters(filters));
  const subject = useSubjectName(draft);
  const location = useMyLocation();
  const position = positionOf(location);
  const region = useRegion(filters.region);
  const regionLabel = useRegionLabel(filters.region);
  const create = useCreateAlert();
  const heading = useRef<HTMLHeadingElement>(null);
  const at = position ?? region?.center;
  const titleId = `${id}-title`;

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    // Asking for the position is what the user came for; the browser's own prompt explains it.
    if (me.data && location.status === 'idle') void locate();
  }, [me.data, location.status]);

  let body: ReactNode;
  if (me.isPending) body = <Spinner label={t('common.loading')} />;
  else if (!me.data) body = <LoginForm intro={t('alerts.loginIntro')} />;
  else if (create.isSuccess)
    body = (
      <div className="notice notice-ok" role="status">
        <p>{t('alerts.saved')}</p>
        <p>
          <Link to="/me#alerts">{t('alerts.manage')}</Link>
        </p>
        <Button size="sm" onClick={onClose}>
          {t('actions.close')}
        </Button>
      </div>
    );
  else
    body = (
      <>
        {hasSubject(draft) ? (
          <p className="chosen-item">
            <span>{subject}</span>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setDraft((d) => ({ ...d, medicineId: undefined, category: undefined }))}
            >
              {t('alerts.changeItem')}
            </Button>
          </p>
        ) : (
          <MedicineSearch
            label={t('alerts.pickItem')}
            onSelect={(m) => setDraft((d) => ({ ...d, medicineId: m.id, category: undefined }))}
          />
        )}
        <div className="field">
          <p className="field-label" aria-hidden="true">
            {t('alerts.radius')}
          </p>
          <Segmented
            className="alert-radius"
            label={t('alerts.radius')}
            value={String(draft.radiusKm)}
            onChange={(km) => setDraft((d) => ({ ...d, radiusKm: Number(km) }))}
            options={ALERT_RADII.map((km) => ({ value: String(km), label: t('alerts.km', { km }) }))}
          />
        </div>
        <div className="field">
          <p className="field-label">{t('alerts.where')}</p>
          {position ? (
            <p className="card-meta">{t('alerts.atMyPosition')}</p>
          ) : location.status === 'locating' ? (
            <p className="card-meta" role="status">
              {t('location.locating')}
            </p>
          ) : (
            <>
              {location.status === 'error' ? (
                <p className="card-meta">{t(`location.${location.reason}`)}</p>
              ) : null}
              {region && regionLabel ? (
                <p className="card-meta">{t('alerts.atRegion', { region: regionLabel })}</p>
              ) : (
                <p className="card-meta">{t('alerts.needPosition')}</p>
              )}
              {location.status !== 'error' || location.reason !== 'unsupported' ? (
                <Button size="sm" onClick={() => void locate()}>
                  {t('alerts.useMyPosition')}
                </Button>
              ) : null}
            </>
          )}
        </div>
        {hasSubject(draft) ? (
          <p className="alert-preview" aria-live="polite">
            <AlertSentence {...draft} />
          </p>
        ) : null}
        {create.isError ? <FieldError>{errorMessage(create.error, t)}</FieldError> : null}
        <div className="actions">
          <Button variant="ghost" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button
            variant="primary"
            busy={create.isPending}
            disabled={!hasSubject(draft) || !at}
            onClick={() => at && create.mutate(alertBody(draft, at))}
          >
            {t('alerts.save')}
          </Button>
        </div>
      </>
    );

  return (
    <section id={id} className="alert-panel card" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title" tabIndex={-1} ref={heading}>
        {t('alerts.title')}
      </h2>
      <p className="card-meta">{t('alerts.intro')}</p>
      {body}
    </section>
  );
}
