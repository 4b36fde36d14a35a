import { randomInt, randomUUID } from 'node:crypto';
import type { ReservationView, ReserveBody } from '@medrelay/contracts';
import type { z } from 'zod';
import { type Clock, chinaDate, HOUR } from '../../platform/clock.ts';
import { type Db, isUniqueViolation } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Notice } from '../notifications/index.ts';
import { pharmaciesRepo } from './pharmacies.repo.ts';
import type { ReservationRow } from './pharmacies.tables.ts';
import type { PharmacyAccess } from './pharmacy-access.ts';
import { limitOf, seenStatus } from './pharmacy-views.ts';
import { OPEN_STATUSES, reservationsRepo as repo } from './reservations.repo.ts';

type Status = ReservationRow['status'];
export interface HoldOptions {
  fulfilment?: ReservationRow['fulfilment'];
  payment?: ReservationRow['payment'];
  within?: (tx: Db, row: ReservationRow) => Promise<void>;
}
type StaffAction = 'confirm' | 'decline' | 'ready' | 'no-show';

// Each step a pharmacy takes, the states it starts from, and what the resident is told.
const STEPS: Record<
  StaffAction,
  { from: readonly Status[]; to: Status; notice?: Notice['type']; releases: boolean }
> = {
  confirm: { from: ['requested'], to: 'confirmed', notice: 'reservation_confirmed', releases: false },
  decline: {
    from: ['requested', 'confirmed'],
    to: 'declined',
    notice: 'reservation_declined',
    releases: true,
  },
  ready: { from: ['requested', 'confirmed'], to: 'ready', notice: 'reservation_ready', releases: false },
  // The units held for someone who never came go back on the shelf.
  'no-show': { from: ['confirmed', 'ready'], to: 'no_show', releases: true },
};

/**
 * Reservations for pickup (到店自提). Units are taken from the stock row under its row lock with a
 * conditional update, so no count of parallel requests can take more than the shelf holds; the
 * per-person daily limit is checked under the same lock.
 */
export function createReservationsService(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  access: PharmacyAccess;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
  /** After a reservation closed without a handover (cancel, decline, no-show): refunds an online payment. */
  onReleased?: (row: ReservationRow, why: string) => Promise<unknown>;
}) {
  const { db, clock, catalog, access, notify } = deps;

  async function views(rows: { reservation: ReservationRow; pharmacyName: string }[], withCode: boolean) {
    const items = await repo.items(
      db,
      rows.map((r) => r.reservation.id),
    );
    return rows.map(
      ({ reservation: r, pharmacyName }): ReservationView => ({
        id: r.id,
        pharmacyId: r.partnerId,
        pharmacyName,
        status: r.status,
        items: items
          .filter((i) => i.reservationId === r.id)
          .map((i) => ({ medicineId: i.medicineId, quantity: i.quantity })),
        pickupCode: withCode ? r.pickupCode : null,
        pickupBy: r.pickupBy.toISOString(),
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      }),
    );
  }

  async function newCode(tx: Db) {
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!(await repo.codeInUse(tx, code))) return code;
    }
  }

  async function reserveOnce(
    user: User,
    partnerId: string,
    items: { medicineId: string; quantity: number }[],
    pickupBy: Date,
    opts: HoldOptions = {},
  ) {
    const now = clock.now();
    const day = chinaDate(now);
    return db.transaction(async (tx) => {
      // Stock rows are locked in one order (by medicine id), so two reservations never deadlock.
      for (const item of items) {
        const stock = await repo.lockStock(tx, partnerId, item.medicineId);
        const status = stock ? seenStatus(stock.status, stock.updatedAt, now) : 'unknown';
        if (!stock || (status !== 'in_stock' && status !== 'low') || stock.reservable < item.quantity) {
          throw new AppError('out_of_stock', 409, {
            medicineId: item.medicineId,
            reservable: stock && status !== 'unknown' ? stock.reservable : 0,
          });
        }
        const limit = limitOf(catalog, stock);
        const held = await repo.heldToday(tx, user.id, partnerId, item.medicineId, day);
        if (held + item.quantity > limit) {
          throw new AppError('reservation_above_limit', 409, { medicineId: item.medicineId, limit, held });
        }
        if (!(await repo.take(tx, partnerId, item.medicineId, item.quantity)))
          throw new AppError('out_of_stock', 409, { medicineId: item.medicineId });
      }
      const row: ReservationRow = {
        id: randomUUID(),
        partnerId,
        userId: user.id,
        status: 'requested',
        pickupCode: await newCode(tx),
        fulfilment: opts.fulfilment ?? 'pickup',
        payment: opts.payment ?? 'pay_at_pickup',
        pickupBy,
        day,
        createdAt: now,
        updatedAt: now,
      };
      await repo.insert(tx, row, items);
      await opts.within?.(tx, row);
      return row;
    });
  }

  async function step(tx: Db, r: ReservationRow, action: StaffAction) {
    const s = STEPS[action];
    const items = await repo.items(tx, [r.id]);
    if (s.releases) await repo.release(tx, r.id, r.partnerId);
    if (s.notice) {
      await notify(tx, {
        userId: r.userId,
        type: s.notice,
        dedupKey: `reservation:${r.id}:${r.status}`,
        data: { reservationId: r.id, pharmacyId: r.partnerId, medicineIds: items.map((i) => i.medicineId) },
      });
    }
  }

  async function notOpen(where: {
    id: string;
    partnerId?: string;
    userId?: string;
    fulfilment?: 'pickup';
  }): Promise<never> {
    const found = await repo.find(db, where);
    if (!found) throw new AppError('not_found', 404);
    throw new AppError('reservation_not_open', 409, { status: found.status });
  }

  return {
    /**
     * Takes units for an order of another kind (a delivery) under the same lock, stock check and
     * per-person daily limit as a pickup; `within` writes the order's own rows in the same transaction.
     */
    async hold(
      user: User,
      partnerId: string,
      items: { medicineId: string; quantity: number }[],
      pickupBy: Date,
      opts: HoldOptions,
    ) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await reserveOnce(user, partnerId, items, pickupBy, opts);
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
    },
    async reserve(user: User, partnerId: string, body: z.output<typeof ReserveBody>) {
      const pharmacy = await pharmaciesRepo.findPharmacy(db, partnerId);
      if (!pharmacy || pharmacy.status !== 'approved') throw new AppError('pharmacy_not_found', 404);
      const merged = new Map<string, number>();
      for (const [i, item] of body.items.entries()) {
        if (!catalog.get(item.medicineId))
          throw new AppError('unknown_medicine', 400, { field: `items[${i}].medicineId` });
        merged.set(item.medicineId, (merged.get(item.medicineId) ?? 0) + item.quantity);
      }
      const items = [...merged]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([medicineId, quantity]) => ({ medicineId, quantity }));
      const now = clock.now();
      const latest = now.getTime() + pharmacy.pharmacy.pickupWindowHours * HOUR;
      const pickupBy = body.pickupBy ? new Date(body.pickupBy) : new Date(latest);
      if (pickupBy.getTime() <= now.getTime() || pickupBy.getTime() > latest) {
        throw new AppError('pickup_outside_window', 400, {
          field: 'pickupBy',
          hours: pharmacy.pharmacy.pickupWindowHours,
        });
      }
      for (let attempt = 0; ; attempt++) {
        try {
          const row = await reserveOnce(user, partnerId, items, pickupBy);
          const [view] = await views([{ reservation: row, pharmacyName: pharmacy.name }], true);
          return view as ReservationView;
        } catch (err) {
          // Two reservations drew the same free code at once: the unique index refused one; draw again.
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
    },
    async mine(user: User) {
      return views(await repo.list(db, { userId: user.id }), true);
    },
    async cancel(user: User, id: string) {
      // Pickups only: a delivery is cancelled through its own steps (delivery/), which keep both rows true.
      const where = { id, userId: user.id, fulfilment: 'pickup' as const };
      const row = await db.transaction(async (tx) => {
        const r = await repo.transition(tx, where, OPEN_STATUSES, 'cancelled', clock.now());
        if (r) await repo.release(tx, r.id, r.partnerId);
        return r;
      });
      if (!row) return notOpen(where);
      await deps.onReleased?.(row, 'cancelled');
    },
    async queue(user: User, partnerId: string, status?: Status) {
      await access.asStaff(user, partnerId);
      return views(await repo.list(db, { partnerId, status }), false);
    },
    async act(user: User, partnerId: string, id: string, action: StaffAction) {
      await access.asStaff(user, partnerId);
      const where = { id, partnerId, fulfilment: 'pickup' as const };
      const row = await db.transaction(async (tx) => {
        const r = await repo.transition(tx, where, STEPS[action].from, STEPS[action].to, clock.now());
        if (r) await step(tx, r, action);
        return r;
      });
      if (!row) return notOpen(where);
      if (STEPS[action].releases) await deps.onReleased?.(row, row.status);
    },
    /** The counter: the resident says or shows the code; it must be this pharmacy's open reservation. */
    async handOver(user: User, partnerId: string, code: string) {
      await access.asStaff(user, partnerId);
      const found = await repo.findOpenByCode(db, code);
      if (!found) throw new AppError('pickup_code_unknown', 404);
      if (found.partnerId !== partnerId) throw new AppError('pickup_code_other_pharmacy', 409);
      const row = await repo.transition(
        db,
        { id: found.id, partnerId },
        ['confirmed', 'ready'],
        'picked_up',
        clock.now(),
      );
      if (!row) throw new AppError('reservation_not_open', 409, { status: found.status });
      return { id: row.id, status: row.status };
    },
  };
}

export type ReservationsService = ReturnType<typeof createReservationsService>;
