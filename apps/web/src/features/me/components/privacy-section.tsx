import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { EXPORT_URL, useEraseAccount } from '../api/privacy.ts';

/** The person's rights over their data (PIPL): a copy of it, and erasure. */
export function PrivacySection() {
  const { t } = useTranslation();
  const headingId = useId();
  const [confirm, setConfirm] = useState(false);
  const erase = useEraseAccount();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {t('privacy.title')}
      </h2>
      <p className="muted">{t('privacy.intro')}</p>
      <div className="actions">
        <a className="btn btn-secondary btn-md" href={EXPORT_URL} download="medrelay-my-data.json">
          {t('privacy.export')}
        </a>
        {confirm ? null : (
          <Button variant="ghost" onClick={() => setConfirm(true)}>
            {t('privacy.erase')}
          </Button>
        )}
      </div>
      {confirm ? (
        <div className="notice notice-error">
          <p>{t('privacy.eraseConfirm')}</p>
          <div className="actions">
            <Button variant="danger" busy={erase.isPending} onClick={() => erase.mutate()}>
              {t('privacy.eraseYes')}
            </Button>
            <Button variant="ghost" onClick={() => setConfirm(false)}>
              {t('actions.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
      {erase.isError ? <FieldError>{errorMessage(erase.error, t)}</FieldError> : null}
    </section>
  );
}
