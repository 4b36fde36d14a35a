import '../alerts.css';
import type { AlertView } from '@medrelay/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDate } from '../../../lib/format.ts';
import { daysLeft } from '../alert-rules.ts';
import { useDeleteAlert } from '../api/delete-alert.ts';
import { useAlerts } from '../api/get-alerts.ts';
import { useRenewAlert } from '../api/renew-alert.ts';
import { AlertSentence } from './alert-sentence.tsx';

/** On the Me page: my saved alerts, each renewable (they lapse after 14 days) and deletable. */
export function MyAlerts() {
  const { t } = useTranslation();
  const alerts = useAlerts();
  const heading = useId();
  const items = alerts.data?.items ?? [];
  return (
    <section aria-labelledby={heading} id="alerts">
      <div className="section-head">
        <h2 id={heading} className="section-title">
          {t('alerts.mine')}
        </h2>
        {alerts.data ? (
          <span className="card-meta">
            {t('alerts.count', { count: items.length, max: alerts.data.max })}
          </span>
        ) : null}
      </div>
      {alerts.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : alerts.isError ? (
        <LoadFailed query={alerts} />
      ) : items.length === 0 ? (
        <StateView tone="empty" title={t('alerts.none')}>
          {t('alerts.noneHint')}
        </StateView>
      ) : (
        <ul className="card-list">
          {items.map((a) => (
            <AlertItem key={a.id} alert={a} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert }: { alert: AlertView }) {
  const { t, i18n } = useTranslation();
  const renew = useRenewAlert();
  const remove = useDeleteAlert();
  const left = daysLeft(alert.expiresAt);
  const error = renew.error ?? remove.error;
  const titleId = `alert-${alert.id}`;
  return (
    <li className="card alert-item" aria-labelledby={titleId}>
      <div className="card-head">
        <Badge tone={alert.kind}>{t(`kind.${alert.kind}`)}</Badge>
        <Badge tone={left < 0 ? 'muted' : 'ok'}>{t(left < 0 ? 'alerts.lapsed' : 'alerts.active')}</Badge>
      </div>
      <p id={titleId} className="alert-item-text">
        <AlertSentence {...alert} />
      </p>
      <p className="card-meta">
        {left < 0
          ? t('alerts.lapsedOn', { date: formatDate(alert.expiresAt, i18n.language) })
          : t('alerts.until', { date: formatDate(alert.expiresAt, i18n.language) })}
      </p>
      <div className="actions">
        <Button size="sm" busy={renew.isPending} onClick={() => renew.mutate(alert.id)}>
          {t('alerts.renew')}
        </Button>
        <Button size="sm" variant="ghost" busy={remove.isPending} onClick={() => remove.mutate(alert.id)}>
          {t('alerts.delete')}
        </Button>
      </div>
      {renew.isSuccess ? (
        <p className="notice notice-ok" role="status">
          {t('alerts.renewed')}
        </p>
      ) : null}
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
    </li>
  );
}
