import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** The three resident screens of the health record. */
export function CareTabs() {
  const { t } = useTranslation();
  return (
    <nav className="care-tabs" aria-label={t('care.title')}>
      <NavLink to="/care" end>
        {t('care.tabs.record')}
      </NavLink>
      <NavLink to="/care/guidance">{t('care.tabs.guidance')}</NavLink>
      <NavLink to="/care/shares">{t('care.tabs.shares')}</NavLink>
    </nav>
  );
}
