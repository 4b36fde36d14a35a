import type { DeliveryAction, OrderView } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useCatalogue } from '../../catalog/index.ts';
import {
  useDeliveryAction,
  useDeliveryDetail,
  useDeliveryQueue,
  usePayments,
  useRefund,
  yuan,
} from './api.ts';

// What the pharmacy may do from each state (the server checks the same).
const ACTIONS: Record<string, DeliveryAction[]> = {
  requested: ['accept', 'decline'],
  accepted: ['prepare', 'dispatch', 'decline'],
  preparing: ['dispatch', 'fail'],
  out_for_delivery: ['deliver', 'fail'],
};

/** The rider's phone, shown only when staff ask for it (the list keeps it masked). */
function PhoneReveal({ partnerId, orderId }: { partnerId: string; orderId: string }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  const detail = useDeliveryDetail(partnerId, asked ? orderId : undefined);
  if (detail.data?.delivery)
    return (
      <a className="pharmacy-link" href={`tel:${detail.data.delivery.phone}`}>
        {detail.data.delivery.phone}
      </a>
    );
  return (
    <Button size="sm" variant="ghost" busy={detail.isFetching} onClick={() => setAsked(true)}>
      {t('pharmacies.orders.showPhone')}
    </Button>
  );
}

function RefundButton({ partnerId, order }: { partnerId: string; order: Pick<OrderView, 'id' | 'payment'> }) {
  const { t } = useTranslation();
  const refund = useRefund(partnerId);
  // One key per screen and order: a double tap sends the same key and refunds once.
  const [key] = useState(() => `ws-${order.id.slice(0, 8)}-${Date.now().toString(36)}`);
  const p = order.payment;
  if (!p || p.paidFen - p.refundedFen <= 0) return null;
  return (
    <>
      <Button
        size="sm"
        variant="danger"
        busy={refund.isPending}
        onClick={() => refund.mutate({ orderId: order.id, amountFen: p.paidFen - p.refundedFen, key })}
      >
        {t('pharmacies.orders.refund', { amount: yuan(p.paidFen - p.refundedFen) })}
      </Button>
      {refund.isError ? <FieldError>{errorMessage(refund.error, t)}</FieldError> : null}
    </>
  );
}

/** 送药队列: accept, prepare, dispatch, delivered or failed; the phone on request; refunds. */
export function DeliveryQueue({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { byId } = useCatalogue();
  const queue = useDeliveryQueue(partnerId);
  const act = useDeliveryAction(partnerId);
  const payments = usePayments(partnerId);
  const deliveryIds = new Set(queue.data?.items.map((o) => o.id));
  const pickupPayments = payments.data?.items.filter((p) => !deliveryIds.has(p.orderId)) ?? [];

  return (
    <section aria-labelledby="deliveries-title" className="partner-sections">
      <h2 id="deliveries-title" className="section-title">
        {t('pharmacies.orders.queue')}
      </h2>
      {act.isError ? <FieldError>{errorMessage(act.error, t)}</FieldError> : null}
      {queue.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : queue.isError ? (
        <LoadFailed query={queue} />
      ) : queue.data.items.length === 0 ? (
        <StateView tone="empty" title={t('pharmacies.orders.queueEmpty')} />
      ) : (
        <ul className="card-list" aria-label={t('pharmacies.orders.queue')}>
          {queue.data.items.map((o) => {
            const d = o.delivery;
            if (!d) return null;
            return (
              <li key={o.id} className="card delivery-card">
                <p>
                  {o.items
                    .map(
                      (i) =>
                        `${byId.get(i.medicineId) ? pick(byId.get(i.medicineId)!.name, lang) : i.medicineId} × ${i.quantity}`,
                    )
                    .join('，')}
                </p>
                <p className="pharmacy-tags">
                  <Badge tone="ok">{t(`pharmacies.orders.status.${d.status}`)}</Badge>
                  <Badge>
                    {o.payment
                      ? t(`pharmacies.orders.paymentShort.${o.payment.status}`)
                      : t(`pharmacies.orders.pay.${o.paymentChoice}`)}
                  </Badge>
                  {o.totalFen !== null ? <span className="tabular">{yuan(o.totalFen)}</span> : null}
                </p>
                <p className="card-meta">
                  {d.addressLine} · {t('pharmacies.distance', { km: d.distanceKm })}
                  {d.provider === 'dada' ? ` · ${t('pharmacies.orders.byDada')}` : ''}
                </p>
                <div className="stock-actions">
                  <PhoneReveal partnerId={partnerId} orderId={o.id} />
                  {(ACTIONS[d.status] ?? []).map((action) => (
                    <Button
                      key={action}
                      size="sm"
                      variant={action === 'decline' || action === 'fail' ? 'danger' : 'secondary'}
                      busy={
                        act.isPending && act.variables?.orderId === o.id && act.variables.action === action
                      }
                      onClick={() => act.mutate({ orderId: o.id, action })}
                    >
                      {t(`pharmacies.orders.actions.${action}`)}
                    </Button>
                  ))}
                  <RefundButton partnerId={partnerId} order={o} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {pickupPayments.length > 0 ? (
        <>
          <h3 className="section-title">{t('pharmacies.orders.pickupPayments')}</h3>
          <ul className="card-list" aria-label={t('pharmacies.orders.pickupPayments')}>
            {pickupPayments.map((p) => (
              <li key={p.orderId} className="card stock-row">
                <span className="tabular">
                  {p.orderId.slice(0, 8)} · {yuan(p.amountFen)}
                </span>
                <Badge>{t(`pharmacies.orders.paymentShort.${p.status}`)}</Badge>
                <RefundButton partnerId={partnerId} order={{ id: p.orderId, payment: p }} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
