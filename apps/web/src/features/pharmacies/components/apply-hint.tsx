import '../strings.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../pharmacies.css';

/** On the partner page: a pharmacy joins through its own form, which asks for its licences. */
export function PharmacyApplyHint() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/pharmacies/apply" className="pharmacy-link">
        {t('pharmacies.apply.hint')}
      </Link>
    </p>
  );
}
