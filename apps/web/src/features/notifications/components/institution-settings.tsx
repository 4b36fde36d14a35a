import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, Spinner } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useInstitutionPrefs, useMarketingConsent, useOptOut } from '../api/institution-messages.ts';

/** 机构消息 in the notification settings: the separate marketing consent and the institutions I stopped. */
export function InstitutionSettings() {
  const { t } = useTranslation();
  const prefs = useInstitutionPrefs();
  const marketing = useMarketingConsent();
  const optOut = useOptOut();
  return (
    <section className="card" aria-labelledby="institutions-title">
      <h2 id="institutions-title" className="section-title">
        {t('notifications.institutions.title')}
      </h2>
      {prefs.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : prefs.isError ? (
        <LoadFailed query={prefs} />
      ) : (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={prefs.data.marketing}
              disabled={marketing.isPending}
              onChange={(e) => marketing.mutate(e.target.checked)}
            />
            <span>{t('notifications.institutions.marketing')}</span>
          </label>
          <p className="field-hint">{t('notifications.institutions.marketingHint')}</p>
          <h3 className="field-label">{t('notifications.institutions.stopped')}</h3>
          {prefs.data.optedOut.length === 0 ? (
            <p className="card-meta">{t('notifications.institutions.none')}</p>
          ) : (
            <ul className="institution-optouts">
              {prefs.data.optedOut.map((o) => (
                <li key={o.partnerId}>
                  <span>{o.name}</span>{' '}
                  <Button
                    size="sm"
                    variant="ghost"
                    busy={optOut.isPending}
                    onClick={() => optOut.mutate({ partnerId: o.partnerId, out: false })}
                  >
                    {t('notifications.institutions.resume')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {marketing.error || optOut.error ? (
        <FieldError>{errorMessage(marketing.error ?? optOut.error, t)}</FieldError>
      ) : null}
    </section>
  );
}
