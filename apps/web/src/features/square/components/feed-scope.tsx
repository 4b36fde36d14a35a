import { RADIUS_CHOICES_KM } from '@medrelay/contracts/rules';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { widerRadiusKm } from '../square-filters.ts';

interface FeedScopeProps {
  /** The radius the list is limited to, in km. */
  km: number;
  sort: 'time' | 'distance';
  onRadius: (km: number) => void;
}

/** Says how far the list reaches ("10 公里内 · 由近到远"), with the radius one tap away. */
export function FeedScope({ km, sort, onRadius }: FeedScopeProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="feed-scope">
      <label htmlFor={id} className="visually-hidden">
        {t('filters.radius')}
      </label>
      <select
        id={id}
        className="select feed-scope-radius"
        value={km}
        onChange={(e) => onRadius(Number(e.target.value))}
      >
        {RADIUS_CHOICES_KM.map((choice) => (
          <option key={choice} value={choice}>
            {t('filters.withinKm', { km: choice })}
          </option>
        ))}
      </select>
      <span className="muted">{t(sort === 'distance' ? 'square.scopeNearest' : 'square.scopeNewest')}</span>
    </div>
  );
}

interface WidenRadiusProps {
  km: number;
  onRadius: (km: number) => void;
  onNationwide: () => void;
}

/** The end of a distance-limited list: it says where it stopped and offers the next radius. */
export function WidenRadius({ km, onRadius, onNationwide }: WidenRadiusProps) {
  const { t } = useTranslation();
  const wider = widerRadiusKm(km);
  return (
    <div className="widen-radius">
      <p className="muted">{t('square.endWithin', { km })}</p>
      {wider ? (
        <Button onClick={() => onRadius(wider)}>{t('square.widen', { km: wider })}</Button>
      ) : (
        <Button onClick={onNationwide}>{t('square.nationwide')}</Button>
      )}
    </div>
  );
}
