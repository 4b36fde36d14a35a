import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useMe } from '../../me/index.ts';
import { useMyPharmaciesAsPharmacist } from '../api.ts';

/** The three resident screens of the health record. */
export function CareTabs() {
  const { t } = useTranslation();
  const me = useMe();
  const pharmacist = useMyPharmaciesAsPharmacist(Boolean(me.data));
  return (
    <nav className="care-tabs" aria-label={t('care.title')}>
      <NavLink to="/care" end>
        {t('care.tabs.record')}
      </NavLink>
      <NavLink to="/care/guidance">{t('care.tabs.guidance')}</NavLink>
      <NavLink to="/care/shares">{t('care.tabs.shares')}</NavLink>
      {pharmacist.data?.items.length ? (
        <NavLink to="/care/follow-up">{t('care.tabs.followup')}</NavLink>
      ) : null}
    </nav>
  );
}
