import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useWithdrawHealthConsent } from '../api.ts';

/** Withdrawing the health-data consent deletes the record, readings and shares (asked twice). */
export function WithdrawConsent() {
  const { t } = useTranslation();
  const withdraw = useWithdrawHealthConsent();
  const [asking, setAsking] = useState(false);
  return (
    <section className="card care-section" aria-labelledby="care-withdraw">
      <h2 id="care-withdraw" className="section-title">
        {t('care.withdraw.title')}
      </h2>
      <p className="muted">{t('care.withdraw.body')}</p>
      {withdraw.isError ? <FieldError>{errorMessage(withdraw.error, t)}</FieldError> : null}
      {asking ? (
        <div className="care-grid-2">
          <Button variant="danger" busy={withdraw.isPending} onClick={() => withdraw.mutate()}>
            {t('care.withdraw.confirm')}
          </Button>
          <Button variant="ghost" onClick={() => setAsking(false)}>
            {t('care.withdraw.cancel')}
          </Button>
        </div>
      ) : (
        <Button variant="ghost" onClick={() => setAsking(true)}>
          {t('care.withdraw.start')}
        </Button>
      )}
    </section>
  );
}
