import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useHealthConsent } from '../api.ts';

/** The separate, explicit consent for health data (PIPL art. 28–29), before anything is kept. */
export function ConsentScreen() {
  const { t } = useTranslation();
  const consent = useHealthConsent();
  return (
    <section className="card care-section care-consent" aria-labelledby="care-consent-title">
      <h2 id="care-consent-title" className="section-title">
        {t('care.consent.title')}
      </h2>
      <p>{t('care.consent.lead')}</p>
      <ul>
        <li>{t('care.consent.what')}</li>
        <li>{t('care.consent.why')}</li>
        <li>{t('care.consent.how')}</li>
        <li>{t('care.consent.who')}</li>
        <li>{t('care.consent.rights')}</li>
      </ul>
      {consent.isError ? <FieldError>{errorMessage(consent.error, t)}</FieldError> : null}
      <Button variant="primary" block busy={consent.isPending} onClick={() => consent.mutate()}>
        {t('care.consent.agree')}
      </Button>
      <ButtonLink to="/care/guidance" variant="ghost" block>
        {t('care.consent.notNow')}
      </ButtonLink>
    </section>
  );
}
