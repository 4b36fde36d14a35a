import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { type LocationState, locate } from '../../../lib/geolocation.ts';

/** Says why nearest-first is not in effect, and offers to try again. */
export function LocationNotice({ state }: { state: LocationState }) {
  const { t } = useTranslation();
  if (state.status === 'locating')
    return (
      <p className="notice" role="status">
        {t('location.locating')}
      </p>
    );
  if (state.status !== 'error') return null;
  return (
    <div className="notice notice-warn" role="status">
      <p>{t(`location.${state.reason}`)}</p>
      <p>{t('location.fallback')}</p>
      {state.reason !== 'unsupported' ? (
        <Button size="sm" onClick={() => void locate()}>
          {t('location.retry')}
        </Button>
      ) : null}
    </div>
  );
}
