import type { DoseView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { useDoseAction } from './reminder-api.ts';

/** Taken / skip / snooze for one dose: the same three taps on the list and on the notification's page. */
export function DoseButtons({ dose }: { dose: DoseView }) {
  const { t } = useTranslation();
  const act = useDoseAction();
  const open = dose.status === 'sent' || dose.status === 'snoozed' || dose.status === 'missed';
  if (!open) return null;
  const run = (action: 'taken' | 'skipped' | 'snooze') =>
    act.mutate({ reminderId: dose.reminderId, dueAt: dose.dueAt, action });
  return (
    <span className="dose-buttons">
      <Button size="sm" variant="primary" busy={act.isPending} onClick={() => run('taken')}>
        {t('careReminders.taken')}
      </Button>
      <Button size="sm" variant="ghost" disabled={act.isPending} onClick={() => run('skipped')}>
        {t('careReminders.skipped')}
      </Button>
      {dose.status !== 'missed' ? (
        <Button size="sm" variant="ghost" disabled={act.isPending} onClick={() => run('snooze')}>
          {t('careReminders.snooze')}
        </Button>
      ) : null}
    </span>
  );
}
