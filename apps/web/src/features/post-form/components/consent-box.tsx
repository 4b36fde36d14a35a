import { useTranslation } from 'react-i18next';
import { FieldError } from '../../../components/ui/field.tsx';

/**
 * PIPL asks for explicit, separate consent before processing sensitive personal information (the
 * location and the phone). The server records it with its version at the first post.
 */
export function ConsentBox({
  checked,
  onChange,
  error,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section className="card consent" aria-labelledby="consent-title" data-field="consent">
      <h2 id="consent-title" className="section-title">
        {t('consent.title')}
      </h2>
      <ul className="consent-points">
        <li>{t('consent.location')}</li>
        <li>{t('consent.phone')}</li>
        <li>{t('consent.retention')}</li>
        <li>{t('consent.rights')}</li>
      </ul>
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          aria-invalid={Boolean(error) || undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{t('consent.agree')}</span>
      </label>
      {error ? <FieldError>{error}</FieldError> : null}
    </section>
  );
}
