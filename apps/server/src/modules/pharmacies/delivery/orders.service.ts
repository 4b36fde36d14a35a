import type {
  DeliveryAction,
  DeliveryBody,
  DeliveryStatus,
  OrderingBody,
  OrderingView,
  OrderView,
} from '@medrelay/contracts';
import type { z } from 'zod';
import { type Clock, HOUR } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { distanceKm, toWgs84 } from '../../../platform/geo.ts';
import { maskPhone, type PersonalData } from '../../../platform/personal-data.ts';
import { dadaCallbackSignature } from '../../../platform/vendors/dada.ts';
import type { User } from '../../accounts/index.ts';
import type { Catalog } from '../../catalog/index.ts';
import type { Notice } from '../../notifications/index.ts';
import type { PaymentsService } from '../../payments/index.ts';
import { pharmaciesRepo } from '../pharmacies.repo.ts';
import type { ReservationRow } from '../pharmacies.tables.ts';
import type { PharmacyAccess } from '../pharmacy-access.ts';
import { OPEN_STATUSES, reservationsRepo } from '../reservations.repo.ts';
import type { ReservationsService } from '../reservations.service.ts';
import type { DeliveryProvider, PlatformStatus } from './delivery-provider.ts';
import { ordersRepo as repo } from './orders.repo.ts';
import type { DeliveryRow } from './orders.tables.ts';

type Step = {
  from: readonly DeliveryStatus[];
  to: DeliveryStatus;
  reservation: ReservationRow['status'];
  notice: Notice['type'];
  /** The units go back on the shelf and an online payment is refunded. */
  releases: boolean;
};

// Each step of a delivery, the states it starts from, the reservation's matching state (which
// keeps the units held and counts against the person's daily limit), and what the resident is told.
const STEPS: Record<DeliveryAction, Step> = {
  accept: {
    from: ['requested'],
    to: 'accepted',
    reservation: 'confirmed',
    notice: 'delivery_accepted',
    releases: false,
  },
  decline: {
    from: ['requested', 'accepted'],
    to: 'declined',
    reservation: 'declined',
    notice: 'reservation_declined',
    releases: true,
  },
  prepare: {
    from: ['accepted'],
    to: 'preparing',
    reservation: 'confirmed',
    notice: 'delivery_preparing',
    releases: false,
  },
  dispatch: {
    from: ['accepted', 'preparing'],
    to: 'out_for_delivery',
    reservation: 'ready',
    notice: 'delivery_out',
    releases: false,
  },
  deliver: {
    from: ['out_for_delivery'],
    to: 'delivered',
    reservation: 'picked_up',
    notice: 'delivery_delivered',
    releases: false,
  },
  fail: {
    from: ['accepted', 'preparing', 'out_for_delivery'],
    to: 'failed',
    reservation: 'declined',
    notice: 'delivery_failed',
    releases: true,
  },
};

// What a delivery platform's word may move a delivery to, and from where.
const PLATFORM_STEPS: Record<NonNullable<PlatformStatus>, Step> = {
  preparing: { ...STEPS.prepare, from: ['accepted'] },
  out_for_delivery: STEPS.dispatch,
  delivered: { ...STEPS.deliver, from: ['accepted', 'preparing', 'out_for_delivery'] },
  failed: STEPS.fail,
};

const RESIDENT_CANCELS_FROM: readonly DeliveryStatus[] = ['requested', 'accepted'];

/**
 * Delivery orders (送药到家), a pharmacy's own prices, and online payment of its orders. A delivery
 * is a reservation whose fulfilment is `delivery`: the units, the stock lock and the per-person
 * daily limit are the reservations' (`reservations.hold`), and the door lives in its own row.
 */
export function createOrdersService(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  personal: PersonalData;
  access: PharmacyAccess;
  reservations: ReservationsService;
  payments: PaymentsService;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
  providers: { own_rider: DeliveryProvider; dada?: DeliveryProvider };
  onError?: (err: unknown, what: string) => void;
}) {
  const { db, clock, catalog, personal, access, reservations, payments, notify } = deps;

  async function settingsOf(partnerId: string) {
    const s = await repo.settings(db, partnerId);
    return {
      deliveryRadiusKm: s?.deliveryRadiusKm ?? 0,
      deliveryFeeFen: s?.deliveryFeeFen ?? 0,
      onlinePayment: s?.onlinePayment ?? false,
      deliveryProvider: s?.deliveryProvider ?? ('own_rider' as const),
    };
  }

  async function ordering(partnerId: string): Promise<OrderingView> {
    const s = await settingsOf(partnerId);
    return {
      ...s,
      onlinePayment: s.onlinePayment && payments.available,
      prices: await repo.prices(db, partnerId),
    };
  }

  async function views(
    rows: Awaited<ReturnType<typeof repo.orders>>,
    phone: 'masked' | 'full',
  ): Promise<OrderView[]> {
    const ids = rows.map((r) => r.reservation.id);
    const [items, paid] = await Promise.all([repo.items(db, ids), payments.ofOrders(ids)]);
    return rows.map(({ reservation: r, delivery: d, pharmacyName }) => {
      const mine = items.filter((i) => i.reservationId === r.id);
      const priced = mine.every((i) => i.priceFen !== null);
      const itemsFen = mine.reduce((s, i) => s + (i.priceFen ?? 0) * i.quantity, 0);
      const number = d ? personal.decrypt(d.phoneEnc) : '';
      return {
        id: r.id,
        pharmacyId: r.partnerId,
        pharmacyName,
        fulfilment: r.fulfilment,
        reservationStatus: r.status,
        items: mine.map((i) => ({ medicineId: i.medicineId, quantity: i.quantity, priceFen: i.priceFen })),
        totalFen: priced && mine.length > 0 ? itemsFen + (d?.feeFen ?? 0) : null,
        paymentChoice: r.payment,
        payment: paid.get(r.id) ?? null,
        delivery: d
          ? {
              status: d.status,
              provider: d.provider,
              addressLine: personal.decrypt(d.addressEnc),
              phone: phone === 'full' ? number : maskPhone(number),
              distanceKm: Math.round(d.distanceM / 100) / 10,
              feeFen: d.feeFen,
            }
          : null,
        createdAt: r.createdAt.toISOString(),
        updatedAt: (d && d.updatedAt > r.updatedAt ? d.updatedAt : r.updatedAt).toISOString(),
      };
    });
  }

  async function one(where: { id: string; userId?: string; partnerId?: string }, phone: 'masked' | 'full') {
    const rows = await repo.orders(db, where);
    if (rows.length === 0) throw new AppError('not_found', 404);
    return (await views(rows, phone))[0] as OrderView;
  }

  async function notOpen(where: { id: string; userId?: string; partnerId?: string }): Promise<never> {
    const rows = await repo.orders(db, where);
    const d = rows[0]?.delivery;
    if (!d) throw new AppError('not_found', 404);
    throw new AppError('delivery_not_open', 409, { status: d.status });
  }

  /** After an order closed without being handed over: whatever was paid online goes back. */
  async function refundAfterClose(orderId: string, why: string) {
    try {
      await payments.refundRest(orderId, `close:${orderId}`, why);
    } catch (err) {
      // The order is closed either way; the pharmacy's refund button retries the same refund.
      deps.onError?.(err, 'refund after close');
    }
  }

  /** One step, in its own transaction, with the resident's notice; a release puts the units back. */
  async function apply(
    where: { id: string; partnerId?: string },
    step: Step,
    set: { providerOrderId?: string } = {},
  ) {
    const moved = await db.transaction(async (tx) => {
      const row = await repo.move(tx, where, step.from, step.to, step.reservation, clock.now(), set);
      if (!row) return undefined;
      if (step.releases) await reservationsRepo.release(tx, row.reservationId, row.partnerId);
      const items = await repo.items(tx, [row.reservationId]);
      await notify(tx, {
        userId: row.userId,
        type: step.notice,
        dedupKey: `delivery:${row.reservationId}:${step.to}`,
        data: {
          orderId: row.reservationId,
          reservationId: row.reservationId,
          pharmacyId: row.partnerId,
          medicineIds: items.map((i) => i.medicineId),
        },
      });
      return row;
    });
    if (moved && step.releases) await refundAfterClose(moved.reservationId, step.to);
    return moved;
  }

  async function openOrderOf(user: User, orderId: string) {
    const [row] = await repo.orders(db, { id: orderId, userId: user.id });
    if (!row) throw new AppError('not_found', 404);
    const open = row.delivery
      ? RESIDENT_CANCELS_FROM.includes(row.delivery.status) || row.delivery.status === 'preparing'
      : (OPEN_STATUSES as readonly string[]).includes(row.reservation.status);
    if (!open) throw new AppError(row.delivery ? 'delivery_not_open' : 'reservation_not_open', 409);
    return row;
  }

  return {
    ordering,

    async myOrdering(user: User, partnerId: string) {
      await access.asStaff(user, partnerId);
      return { ...(await settingsOf(partnerId)), prices: await repo.prices(db, partnerId) };
    },

    async updateOrdering(user: User, partnerId: string, body: z.output<typeof OrderingBody>) {
      await access.asStaff(user, partnerId, 'owner');
      if (body.deliveryProvider === 'dada' && !deps.providers.dada)
        throw new AppError('delivery_unavailable', 409, { provider: 'dada', reason: 'not_configured' });
      for (const [i, p] of (body.prices ?? []).entries()) {
        if (!catalog.get(p.medicineId))
          throw new AppError('unknown_medicine', 400, { field: `prices[${i}].medicineId` });
      }
      const now = clock.now();
      const current = await settingsOf(partnerId);
      await db.transaction(async (tx) => {
        await repo.saveSettings(tx, {
          partnerId,
          deliveryRadiusKm: body.deliveryRadiusKm ?? current.deliveryRadiusKm,
          deliveryFeeFen: body.deliveryFeeFen ?? current.deliveryFeeFen,
          onlinePayment: body.onlinePayment ?? current.onlinePayment,
          deliveryProvider: body.deliveryProvider ?? current.deliveryProvider,
          updatedAt: now,
        });
        for (const p of body.prices ?? []) await repo.setPrice(tx, partnerId, p.medicineId, p.priceFen, now);
      });
      return { ...(await settingsOf(partnerId)), prices: await repo.prices(db, partnerId) };
    },

    async requestDelivery(user: User, partnerId: string, body: z.output<typeof DeliveryBody>) {
      const pharmacy = await pharmaciesRepo.findPharmacy(db, partnerId);
      if (!pharmacy || pharmacy.status !== 'approved') throw new AppError('pharmacy_not_found', 404);
      const settings = await settingsOf(partnerId);
      if (settings.deliveryRadiusKm <= 0) throw new AppError('delivery_not_offered', 409);
      const merged = new Map<string, number>();
      for (const [i, item] of body.items.entries()) {
        if (!catalog.get(item.medicineId))
          throw new AppError('unknown_medicine', 400, { field: `items[${i}].medicineId` });
        merged.set(item.medicineId, (merged.get(item.medicineId) ?? 0) + item.quantity);
      }
      const items = [...merged]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([medicineId, quantity]) => ({ medicineId, quantity }));
      const door = toWgs84(body.location.lat, body.location.lng, body.location.coordSystem);
      const km = distanceKm(pharmacy.pharmacy.lat, pharmacy.pharmacy.lng, door.lat, door.lng);
      if (km > settings.deliveryRadiusKm) {
        // The distance is rounded up to a kilometre: the error says no more about the door than that.
        throw new AppError('delivery_outside_radius', 400, {
          field: 'location',
          radiusKm: settings.deliveryRadiusKm,
          distanceKm: Math.ceil(km),
        });
      }
      if (body.payment === 'online') {
        if (!settings.onlinePayment || !payments.available)
          throw new AppError('online_payment_not_offered', 409);
        const priced = new Set((await repo.prices(db, partnerId)).map((p) => p.medicineId));
        const missing = items.find((i) => !priced.has(i.medicineId));
        if (missing) throw new AppError('price_missing', 409, { medicineId: missing.medicineId });
      }
      const now = clock.now();
      const row = await reservations.hold(user, partnerId, items, new Date(now.getTime() + 24 * HOUR), {
        fulfilment: 'delivery',
        payment: body.payment,
        within: async (tx, r) => {
          await repo.fixPrices(tx, r.id, partnerId);
          const delivery: DeliveryRow = {
            reservationId: r.id,
            partnerId,
            status: 'requested',
            lat: door.lat,
            lng: door.lng,
            distanceM: Math.round(km * 1000),
            addressEnc: personal.encrypt(body.addressLine),
            phoneEnc: personal.encrypt(body.phone),
            feeFen: settings.deliveryFeeFen,
            provider: settings.deliveryProvider,
            providerOrderId: null,
            updatedAt: now,
          };
          await repo.insertDelivery(tx, delivery);
        },
      });
      return one({ id: row.id, userId: user.id }, 'masked');
    },

    async myOrders(user: User) {
      return views(await repo.orders(db, { userId: user.id, deliveryOnly: true }), 'masked');
    },
    myOrder: (user: User, id: string) => one({ id, userId: user.id }, 'masked'),

    async cancel(user: User, id: string) {
      const where = { id, userId: user.id };
      const moved = await db.transaction(async (tx) => {
        const row = await repo.move(tx, where, RESIDENT_CANCELS_FROM, 'cancelled', 'cancelled', clock.now());
        if (row) await reservationsRepo.release(tx, row.reservationId, row.partnerId);
        return row;
      });
      if (!moved) return notOpen(where);
      await refundAfterClose(id, 'cancelled');
      return one(where, 'masked');
    },

    /** Opens the online payment of an open order of mine at a pharmacy that takes it. */
    async pay(user: User, id: string) {
      const row = await openOrderOf(user, id);
      const settings = await settingsOf(row.reservation.partnerId);
      if (!settings.onlinePayment || !payments.available)
        throw new AppError('online_payment_not_offered', 409);
      await db.transaction(async (tx) => {
        await repo.fixPrices(tx, id, row.reservation.partnerId);
        await repo.setPayment(tx, id, 'online');
      });
      const items = await repo.items(db, [id]);
      const unpriced = items.find((i) => i.priceFen === null);
      if (unpriced) throw new AppError('price_missing', 409, { medicineId: unpriced.medicineId });
      const amountFen =
        items.reduce((s, i) => s + (i.priceFen ?? 0) * i.quantity, 0) + (row.delivery?.feeFen ?? 0);
      return payments.open({
        orderId: id,
        partnerId: row.reservation.partnerId,
        userId: user.id,
        amountFen,
        // No personal data: the pharmacy's name and the order's kind.
        description: `${row.pharmacyName} ${row.delivery ? '送药到家' : '到店自提'}订单`,
      });
    },

    async checkPayment(user: User, id: string) {
      await one({ id, userId: user.id }, 'masked');
      return payments.check(id);
    },

    async queue(user: User, partnerId: string, status?: DeliveryStatus) {
      await access.asStaff(user, partnerId);
      return views(await repo.orders(db, { partnerId, status, deliveryOnly: true }), 'masked');
    },

    /** One delivery of this pharmacy, with the phone for the rider: the one place it is shown. */
    async detail(user: User, partnerId: string, id: string) {
      await access.asStaff(user, partnerId);
      return one({ id, partnerId }, 'full');
    },

    async act(user: User, partnerId: string, id: string, action: DeliveryAction) {
      await access.asStaff(user, partnerId);
      const where = { id, partnerId };
      const [row] = await repo.orders(db, where);
      if (!row?.delivery) throw new AppError('not_found', 404);
      const provider = deps.providers[row.delivery.provider];
      if (action === 'dispatch' && row.delivery.provider !== 'own_rider') {
        // The platform's rider carries it: the order is placed there and its callbacks move it on.
        if (!provider) throw new AppError('delivery_unavailable', 503, { provider: row.delivery.provider });
        if (!STEPS.dispatch.from.includes(row.delivery.status)) return notOpen(where);
        const items = await repo.items(db, [id]);
        const placed = await provider.dispatch({
          orderId: id,
          addressLine: personal.decrypt(row.delivery.addressEnc),
          phone: personal.decrypt(row.delivery.phoneEnc),
          lat: row.delivery.lat,
          lng: row.delivery.lng,
          cargoFen: items.reduce((s, i) => s + (i.priceFen ?? 0) * i.quantity, 0),
        });
        const step = { ...STEPS.prepare, from: ['accepted', 'preparing'] as const };
        const moved = await db.transaction((tx) =>
          repo.move(tx, where, step.from, 'preparing', 'confirmed', clock.now(), {
            providerOrderId: placed.providerOrderId,
          }),
        );
        if (!moved) return notOpen(where);
        return one(where, 'masked');
      }
      if (!(await apply(where, STEPS[action]))) return notOpen(where);
      return one(where, 'masked');
    },

    async payments(user: User, partnerId: string) {
      await access.asStaff(user, partnerId);
      return payments.ofPartner(partnerId);
    },

    async refund(user: User, partnerId: string, id: string, amountFen: number, key: string, reason?: string) {
      await access.asStaff(user, partnerId);
      const [row] = await repo.orders(db, { id, partnerId });
      if (!row) throw new AppError('not_found', 404);
      return payments.refund({ orderId: id, amountFen, operationId: `staff:${id}:${key}`, reason });
    },

    /**
     * A 达达 status callback. Its signature (MD5 of three values, no secret) is checked first; then,
     * because anyone could compute it, the status is read back from 达达 with a signed query, and only
     * that answer moves the delivery.
     */
    async dadaCallback(body: {
      client_id: string;
      order_id: string;
      order_status: number;
      update_time: number;
      signature: string;
    }) {
      if (body.signature !== dadaCallbackSignature(body))
        throw new AppError('callback_signature_invalid', 401);
      const dada = deps.providers.dada;
      if (!dada?.status) throw new AppError('delivery_unavailable', 503, { provider: 'dada' });
      const [row] = await repo.orders(db, { id: body.order_id });
      if (!row?.delivery || row.delivery.provider !== 'dada') throw new AppError('not_found', 404);
      const status = await dada.status(body.order_id);
      if (!status || status === row.delivery.status) return { applied: false };
      const moved = await apply({ id: body.order_id }, PLATFORM_STEPS[status]);
      return { applied: Boolean(moved) };
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
