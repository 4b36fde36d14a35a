import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import type { Access } from '../access.ts';
import { useDeliveries, useRedeliver } from '../api/deliveries.ts';
import type { DeliveryView } from '../api/types.ts';
import { partnerErrorMessage } from '../partner-errors.ts';

const TONE = { pending: 'demo', delivered: 'ok', failed: 'need' } as const;

/** Each delivery's last attempt (status, HTTP code, latency, attempt number, time) and 重新投递. */
export function DeliveryLog({ access }: { access: Access }) {
  const { t } = useTranslation();
  const heading = useId();
  const deliveries = useDeliveries(access.partner.id);
  const redeliver = useRedeliver(access.partner.id);
  const items = deliveries.data?.items ?? [];

  return (
    <section aria-labelledby={heading} aria-busy={deliveries.isFetching || undefined}>
      <div className="section-head">
        <h3 id={heading} className="subsection-title">
          {t('partner.deliveries.title')}
        </h3>
        <Button size="sm" variant="ghost" onClick={() => deliveries.refetch()}>
          {t('partner.deliveries.refresh')}
        </Button>
      </div>
      {deliveries.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : deliveries.isError ? (
        <LoadFailed query={deliveries} describe={(e) => partnerErrorMessage(e, t)} />
      ) : items.length === 0 ? (
        <StateView tone="empty" title={t('partner.deliveries.none')}>
          {t('partner.deliveries.noneHint')}
        </StateView>
      ) : (
        <ul className="card-list delivery-log">
          {items.map((d) => (
            <DeliveryItem
              key={d.id}
              delivery={d}
              canRedeliver={access.develop}
              busy={redeliver.isPending && redeliver.variables === d.id}
              onRedeliver={() => redeliver.mutate(d.id)}
            />
          ))}
        </ul>
      )}
      {redeliver.isError ? <FieldError>{partnerErrorMessage(redeliver.error, t)}</FieldError> : null}
    </section>
  );
}

function DeliveryItem({
  delivery: d,
  canRedeliver,
  busy,
  onRedeliver,
}: {
  delivery: DeliveryView;
  canRedeliver: boolean;
  busy: boolean;
  onRedeliver: () => void;
}) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <li className="card delivery" data-delivery-id={d.id}>
      <div className="card-head">
        <Badge tone={TONE[d.status]}>{t(`partner.deliveries.status.${d.status}`)}</Badge>
        <code>{d.topic}</code>
        <span className="card-time">#{d.eventId}</span>
      </div>
      <dl className="delivery-facts">
        <div>
          <dt>{t('partner.deliveries.http')}</dt>
          <dd className="tabular">{d.lastStatus ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('partner.deliveries.latency')}</dt>
          <dd className="tabular">
            {d.lastLatencyMs === null ? '—' : t('partner.deliveries.ms', { ms: d.lastLatencyMs })}
          </dd>
        </div>
        <div>
          <dt>{t('partner.deliveries.attempts')}</dt>
          <dd className="tabular delivery-attempts">{d.attempts}</dd>
        </div>
        <div>
          <dt>{t('partner.deliveries.time')}</dt>
          <dd>{time(d.deliveredAt ?? d.createdAt)}</dd>
        </div>
      </dl>
      {d.lastError ? (
        <p className="card-meta">{t('partner.deliveries.error', { error: d.lastError })}</p>
      ) : null}
      {d.status === 'pending' && d.attempts > 0 ? (
        <p className="card-meta">{t('partner.deliveries.next', { time: time(d.nextAttemptAt) })}</p>
      ) : null}
      {canRedeliver && d.attempts > 0 ? (
        <div className="actions">
          <Button size="sm" busy={busy} onClick={onRedeliver}>
            {t('partner.deliveries.redeliver')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}
