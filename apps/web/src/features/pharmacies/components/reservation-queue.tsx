import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useCatalogue } from '../../catalog/index.ts';
import { type QueueAction, useHandover, useQueue, useQueueAction } from '../api/workspace.ts';

// What the counter may do from each state (the server checks the same).
const ACTIONS: Record<string, QueueAction[]> = {
  requested: ['confirm', 'ready', 'decline'],
  confirmed: ['ready', 'no-show', 'decline'],
  ready: ['no-show'],
};

/** 预约队列: confirm, decline, mark ready, record a no-show; hand over by the resident's code. */
export function ReservationQueue({ partnerId }: { partnerId: string }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const queue = useQueue(partnerId);
  const act = useQueueAction(partnerId);
  const handover = useHandover(partnerId);
  const { byId } = useCatalogue();
  const [code, setCode] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    handover.mutate(code, { onSuccess: () => setCode('') });
  };

  return (
    <section aria-labelledby="queue-title" className="partner-sections">
      <h2 id="queue-title" className="section-title">
        {t('pharmacies.workspace.queue')}
      </h2>
      <form className="card" onSubmit={submit} noValidate>
        <Field
          label={t('pharmacies.workspace.code')}
          error={handover.isError ? errorMessage(handover.error, t) : undefined}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              className="input pickup-input"
              inputMode="numeric"
              autoComplete="off"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          )}
        </Field>
        {handover.isSuccess ? (
          <p className="notice" role="status">
            {t('pharmacies.workspace.handedOver')}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={code.length !== 6} busy={handover.isPending}>
          {t('pharmacies.workspace.handOver')}
        </Button>
      </form>
      {act.isError ? <FieldError>{errorMessage(act.error, t)}</FieldError> : null}
      {queue.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : queue.isError ? (
        <LoadFailed query={queue} />
      ) : queue.data.items.length === 0 ? (
        <StateView tone="empty" title={t('pharmacies.workspace.empty')} />
      ) : (
        <ul className="card-list" aria-label={t('pharmacies.workspace.queue')}>
          {queue.data.items.map((r) => (
            <li key={r.id} className="card">
              <p>
                {r.items
                  .map((i) => {
                    const m = byId.get(i.medicineId);
                    return `${m ? pick(m.name, lang) : i.medicineId} × ${i.quantity}`;
                  })
                  .join('，')}
              </p>
              <p className="pharmacy-tags">
                <Badge>{t(`pharmacies.reservation.${r.status}`)}</Badge>
                <span className="card-meta">
                  {t('pharmacies.pickupBy', { time: formatDateTime(r.pickupBy, i18n.language) })}
                </span>
              </p>
              <div className="stock-actions">
                {(ACTIONS[r.status] ?? []).map((action) => (
                  <Button
                    key={action}
                    size="sm"
                    variant={action === 'decline' ? 'danger' : 'secondary'}
                    busy={
                      act.isPending &&
                      act.variables?.reservationId === r.id &&
                      act.variables.action === action
                    }
                    onClick={() => act.mutate({ reservationId: r.id, action })}
                  >
                    {t(`pharmacies.actions.${action}`)}
                  </Button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
