import './reminder-strings.ts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import { useCatalogue } from '../catalog/index.ts';
import { useReminder } from './reminder-api.ts';
import { DoseButtons } from './reminder-dose-buttons.tsx';
import './reminder-styles.css';

/** /care/doses/:reminderId/:dueAt — what a dose notification opens: taken, skip or snooze in one tap. */
export function ReminderDoseRoute() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const { reminderId = '', dueAt = '' } = useParams();
  const reminder = useReminder(reminderId);
  const { byId } = useCatalogue();
  const due = new Date(dueAt).toISOString();
  const dose = reminder.data?.recentDoses.find((d) => d.dueAt === due);
  const medicine = reminder.data?.medicineId ? byId.get(reminder.data.medicineId) : undefined;
  return (
    <div className="page care reminders">
      <Link to="/care/reminders">← {t('careReminders.title')}</Link>
      <h1 className="page-title">{t('careReminders.dose.title')}</h1>
      {reminder.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : reminder.isError ? (
        <LoadFailed query={reminder} />
      ) : (
        <section className="card dose-card">
          <h2 className="card-title">
            {reminder.data.medicineName ?? (medicine ? pick(medicine.name, lang) : reminder.data.medicineId)}
          </h2>
          <p>
            {t('careReminders.dueAt', { time: formatDateTime(due, i18n.language) })} ·{' '}
            {t(`careReminders.meals.${reminder.data.meal}`)} · ×{reminder.data.doseUnits}
          </p>
          {dose ? (
            <>
              <p>
                <Badge tone={dose.status === 'taken' ? 'ok' : 'muted'}>
                  {t(`careReminders.status.${dose.status}`)}
                </Badge>
                {dose.late ? <span className="card-meta"> {t('careReminders.late')}</span> : null}
              </p>
              <DoseButtons dose={dose} />
            </>
          ) : (
            <StateView tone="empty" title={t('careReminders.dose.notFound')} />
          )}
        </section>
      )}
    </div>
  );
}
