import './strings.ts';
import type { OrderView, PayReply } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import { useCatalogue } from '../catalog/index.ts';
import {
  useCancelOrder,
  useCheckPayment,
  useMyOrder,
  useMyOrders,
  useOrdering,
  usePayOrder,
  yuan,
} from './orders/api.ts';
import './pharmacies.css';

const STEPS = ['requested', 'accepted', 'preparing', 'out_for_delivery', 'delivered'] as const;
const CANCELLABLE = new Set(['requested', 'accepted']);

type Bridge = { invoke(name: string, params: unknown, done: (r: { err_msg: string }) => void): void };

/** Inside WeChat, opens the payment sheet with the server-signed parameters (JSAPI). */
function wechatPay(params: PayReply['wechat']): Promise<boolean> {
  const bridge = (window as unknown as { WeixinJSBridge?: Bridge }).WeixinJSBridge;
  if (!bridge) return Promise.resolve(false);
  return new Promise((resolve) =>
    bridge.invoke('getBrandWCPayRequest', params, (r) => resolve(r.err_msg === 'get_brand_wcpay_request:ok')),
  );
}

function Items({ order }: { order: OrderView }) {
  const lang = useLang();
  const { byId } = useCatalogue();
  return (
    <ul className="order-items">
      {order.items.map((i) => {
        const m = byId.get(i.medicineId);
        return (
          <li key={i.medicineId}>
            <span>
              {m ? pick(m.name, lang) : i.medicineId} × {i.quantity}
            </span>
            {i.priceFen !== null ? <span className="tabular">{yuan(i.priceFen * i.quantity)}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** /pharmacies/orders/:id — a delivery's status step by step, its payment, cancel (and the refund). */
export function OrderRoute() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const order = useMyOrder(id);
  const cancel = useCancelOrder(id);
  const pay = usePayOrder(id);
  const check = useCheckPayment(id);
  const ordering = useOrdering(order.data?.pharmacyId ?? '', Boolean(order.data));

  if (order.isPending) return <Spinner label={t('common.loading')} />;
  if (order.isError)
    return (
      <div className="page pharmacies">
        <LoadFailed query={order} />
      </div>
    );
  const o = order.data;
  const d = o.delivery;
  const status = d?.status ?? 'requested';
  // A pickup reservation has its own states (and its page, 我的预约); here it can be paid online.
  const reached = d ? STEPS.indexOf(status as (typeof STEPS)[number]) : -1;
  const statusText = d
    ? t(`pharmacies.orders.status.${status}`)
    : t(`pharmacies.reservation.${o.reservationStatus}`);
  const unpaid =
    (o.paymentChoice === 'online' || Boolean(ordering.data?.onlinePayment)) &&
    (!o.payment || o.payment.status === 'pending');
  const open = d
    ? !['delivered', 'failed', 'declined', 'cancelled'].includes(d.status)
    : ['requested', 'confirmed', 'ready'].includes(o.reservationStatus);

  const startPay = () =>
    pay.mutate(undefined, {
      onSuccess: async (reply) => {
        if (await wechatPay(reply.wechat)) check.mutate();
      },
    });

  return (
    <div className="page pharmacies">
      <Link to="/pharmacies/orders" className="pharmacy-link">
        ← {t('pharmacies.orders.mine')}
      </Link>
      <h1 className="page-title">{t('pharmacies.orders.title')}</h1>
      <section className="card" aria-labelledby="order-status">
        <h2 id="order-status" className="section-title">
          {o.pharmacyName}
        </h2>
        <p className="order-now" role="status" aria-live="polite">
          <Badge tone={open || status === 'delivered' ? 'ok' : 'muted'}>{statusText}</Badge>
        </p>
        {reached >= 0 ? (
          <ol className="order-steps" aria-label={t('pharmacies.orders.steps')}>
            {STEPS.map((s, i) => (
              <li
                key={s}
                className={i <= reached ? 'done' : undefined}
                aria-current={i === reached ? 'step' : undefined}
              >
                {t(`pharmacies.orders.status.${s}`)}
              </li>
            ))}
          </ol>
        ) : null}
        <Items order={o} />
        {o.totalFen !== null ? (
          <p className="order-total">
            {t('pharmacies.orders.total', { amount: yuan(o.totalFen) })}
            {d && d.feeFen > 0 ? t('pharmacies.orders.feeIncluded', { amount: yuan(d.feeFen) }) : ''}
          </p>
        ) : null}
        {d ? (
          <p className="card-meta">
            {d.addressLine} · {d.phone} · {t('pharmacies.distance', { km: d.distanceKm })}
          </p>
        ) : null}
        <p className="card-meta">{formatDateTime(o.createdAt, i18n.language)}</p>
      </section>

      <section className="card" aria-labelledby="order-payment">
        <h2 id="order-payment" className="section-title">
          {t('pharmacies.orders.payment')}
        </h2>
        <p>{t(`pharmacies.orders.pay.${o.paymentChoice}`)}</p>
        {o.payment ? (
          <p role="status">
            {t(`pharmacies.orders.paymentStatus.${o.payment.status}`, {
              paid: yuan(o.payment.paidFen),
              refunded: yuan(o.payment.refundedFen),
            })}
          </p>
        ) : null}
        {unpaid && open ? (
          <>
            <Button variant="primary" busy={pay.isPending} onClick={startPay}>
              {t('pharmacies.orders.payOnline')}
            </Button>
            {pay.isSuccess ? <p className="fine-print">{t('pharmacies.orders.payInWechat')}</p> : null}
          </>
        ) : null}
        {pay.isError ? <FieldError>{errorMessage(pay.error, t)}</FieldError> : null}
      </section>

      {d && CANCELLABLE.has(d.status) ? (
        <Button variant="danger" block busy={cancel.isPending} onClick={() => cancel.mutate()}>
          {t('pharmacies.orders.cancel')}
        </Button>
      ) : null}
      {cancel.isError ? <FieldError>{errorMessage(cancel.error, t)}</FieldError> : null}
    </div>
  );
}

/** /pharmacies/orders — my delivery orders. */
export function OrdersRoute() {
  const { t } = useTranslation();
  const list = useMyOrders();
  return (
    <div className="page pharmacies">
      <Link to="/pharmacies" className="pharmacy-link">
        ← {t('pharmacies.title')}
      </Link>
      <h1 className="page-title">{t('pharmacies.orders.mine')}</h1>
      {list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('pharmacies.orders.none')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((o) => (
            <li key={o.id} className="card">
              <Link to={`/pharmacies/orders/${o.id}`} className="card-title">
                {o.pharmacyName}
              </Link>
              <p className="pharmacy-tags">
                <Badge>{t(`pharmacies.orders.status.${o.delivery?.status ?? 'requested'}`)}</Badge>
                {o.totalFen !== null ? <span className="tabular">{yuan(o.totalFen)}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
