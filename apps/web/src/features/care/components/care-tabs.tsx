import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useMe } from '../../me/index.ts';
import { useMyPharmaciesAsPharmacist } from '../api.ts';
import '../reminder-strings.ts';
import '../strings.ts';

/** The care screens: the record, guidance, shares, reminders and consultations (and the pharmacist's). */
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
      <NavLink to="/care/reminders">{t('careReminders.title')}</NavLink>
      <NavLink to="/care/consultations">{t('careReminders.consult.title')}</NavLink>
      {pharmacist.data?.items.length ? (
        <NavLink to="/care/follow-up">{t('care.tabs.followup')}</NavLink>
      ) : null}
      {pharmacist.data?.items[0] ? (
        <NavLink to={`/partner/${pharmacist.data.items[0].partnerId}/consultations`}>
          {t('careReminders.desk.title')}
        </NavLink>
      ) : null}
    </nav>
  );
}
