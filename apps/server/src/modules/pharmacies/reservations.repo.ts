import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';
import {
  pharmacyStock,
  type ReservationRow,
  reservationItems,
  reservations,
  type StockRow,
} from './pharmacies.tables.ts';

export const OPEN_STATUSES = ['requested', 'confirmed', 'ready'] as const;
type Status = ReservationRow['status'];

/** SQL only: reservations, their items, and the units they hold on the stock rows. */
export const reservationsRepo = {
  /** Locks the stock row for the rest of the transaction: reservations of one item queue here. */
  async lockStock(tx: Db, partnerId: string, medicineId: string): Promise<StockRow | undefined> {
    const [row] = await tx
      .select()
      .from(pharmacyStock)
      .where(and(eq(pharmacyStock.partnerId, partnerId), eq(pharmacyStock.medicineId, medicineId)))
      .for('update');
    return row;
  },
  /** What a person holds of one item at one pharmacy on one China day (cancelled and declined free it). */
  async heldToday(tx: Db, userId: string, partnerId: string, medicineId: string, day: string) {
    const [row] = await selectRows<{ held: number }>(
      tx,
      sql`SELECT coalesce(sum(i.quantity), 0)::int AS held
        FROM pharmacy_reservations r JOIN pharmacy_reservation_items i ON i.reservation_id = r.id
        WHERE r.user_id = ${userId} AND r.partner_id = ${partnerId} AND r.day = ${day}
          AND r.status NOT IN ('cancelled', 'declined') AND i.medicine_id = ${medicineId}`,
    );
    return row?.held ?? 0;
  },
  /** Takes units only if they are there; false when another reservation took them first. */
  async take(tx: Db, partnerId: string, medicineId: string, quantity: number) {
    const rows = await tx
      .update(pharmacyStock)
      .set({ reservable: sql`${pharmacyStock.reservable} - ${quantity}` })
      .where(
        and(
          eq(pharmacyStock.partnerId, partnerId),
          eq(pharmacyStock.medicineId, medicineId),
          sql`${pharmacyStock.reservable} >= ${quantity}`,
        ),
      )
      .returning({ reservable: pharmacyStock.reservable });
    return rows.length === 1;
  },
  async release(tx: Db, reservationId: string, partnerId: string) {
    await tx.execute(sql`UPDATE pharmacy_stock s SET reservable = s.reservable + i.quantity
      FROM pharmacy_reservation_items i
      WHERE i.reservation_id = ${reservationId} AND s.partner_id = ${partnerId} AND s.medicine_id = i.medicine_id`);
  },
  async codeInUse(tx: Db, code: string) {
    const [row] = await tx
      .select({ id: reservations.id })
      .from(reservations)
      .where(and(eq(reservations.pickupCode, code), inArray(reservations.status, [...OPEN_STATUSES])));
    return Boolean(row);
  },
  async insert(tx: Db, row: ReservationRow, items: { medicineId: string; quantity: number }[]) {
    await tx.insert(reservations).values(row);
    await tx.insert(reservationItems).values(items.map((i) => ({ reservationId: row.id, ...i })));
  },
  /** Moves a reservation on only from the states given; undefined when it is not there or not in one. */
  async transition(
    tx: Db,
    where: { id: string; partnerId?: string; userId?: string; fulfilment?: 'pickup' | 'delivery' },
    from: readonly Status[],
    to: Status,
    now: Date,
  ) {
    const [row] = await tx
      .update(reservations)
      .set({ status: to, updatedAt: now })
      .where(
        and(
          eq(reservations.id, where.id),
          where.partnerId ? eq(reservations.partnerId, where.partnerId) : undefined,
          where.userId ? eq(reservations.userId, where.userId) : undefined,
          where.fulfilment ? eq(reservations.fulfilment, where.fulfilment) : undefined,
          inArray(reservations.status, [...from]),
        ),
      )
      .returning();
    return row;
  },
  async find(
    db: Db,
    where: { id: string; partnerId?: string; userId?: string; fulfilment?: 'pickup' | 'delivery' },
  ) {
    const [row] = await db
      .select()
      .from(reservations)
      .where(
        and(
          eq(reservations.id, where.id),
          where.partnerId ? eq(reservations.partnerId, where.partnerId) : undefined,
          where.userId ? eq(reservations.userId, where.userId) : undefined,
          where.fulfilment ? eq(reservations.fulfilment, where.fulfilment) : undefined,
        ),
      );
    return row;
  },
  async findOpenByCode(db: Db, code: string) {
    const [row] = await db
      .select()
      .from(reservations)
      .where(
        and(
          eq(reservations.pickupCode, code),
          inArray(reservations.status, [...OPEN_STATUSES]),
          eq(reservations.fulfilment, 'pickup'),
        ),
      );
    return row;
  },
  /** Pickup reservations only: delivery orders have their own queue (delivery/). */
  async list(db: Db, where: { partnerId?: string; userId?: string; status?: Status }) {
    return db
      .select({ reservation: reservations, pharmacyName: schema.partners.name })
      .from(reservations)
      .innerJoin(schema.partners, eq(schema.partners.id, reservations.partnerId))
      .where(
        and(
          where.partnerId ? eq(reservations.partnerId, where.partnerId) : undefined,
          where.userId ? eq(reservations.userId, where.userId) : undefined,
          where.status ? eq(reservations.status, where.status) : undefined,
          eq(reservations.fulfilment, 'pickup'),
        ),
      )
      .orderBy(desc(reservations.createdAt))
      .limit(200);
  },
  async items(db: Db, ids: string[]) {
    if (ids.length === 0) return [];
    return db.select().from(reservationItems).where(inArray(reservationItems.reservationId, ids));
  },
};
