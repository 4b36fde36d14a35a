import './reminder-strings.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { useAcceptCaring, useCaredAdherence, useCaring } from './reminder-api.ts';
import { AdherenceChart } from './reminder-chart.tsx';
import './reminder-styles.css';

/** /care/caring — family members who added me: accept, then see their adherence (nothing else). */
export function ReminderCaringRoute() {
  const { t } = useTranslation();
  const list = useCaring();
  const accept = useAcceptCaring();
  return (
    <div className="page care reminders">
      <Link to="/care/reminders">← {t('careReminders.title')}</Link>
      <h1 className="page-title">{t('careReminders.caring.title')}</h1>
      {list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('careReminders.caring.empty')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((c) => (
            <li key={c.id} className="card">
              <h2 className="card-title">
                {c.phoneMasked}{' '}
                <Badge tone={c.status === 'accepted' ? 'ok' : 'muted'}>
                  {t(`careReminders.caregivers.${c.status}`)}
                </Badge>
              </h2>
              {c.status === 'invited' ? (
                <Button variant="primary" busy={accept.isPending} onClick={() => accept.mutate(c.id)}>
                  {t('careReminders.caring.accept')}
                </Button>
              ) : (
                <CaredChart id={c.id} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CaredChart({ id }: { id: string }) {
  const chart = useCaredAdherence(id, 14, true);
  return chart.data ? <AdherenceChart data={chart.data} /> : null;
}
