import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, schema } from '../../../platform/db/index.ts';
import { reservationItems, reservations } from '../pharmacies.tables.ts';
import { type DeliveryRow, deliveries, orderSettings, prices } from './orders.tables.ts';

type DeliveryStatus = DeliveryRow['status'];

/** SQL only: a pharmacy's ordering settings and prices, and delivery orders beside their reservations. */
export const ordersRepo = {
  async settings(db: Db, partnerId: string) {
    const [row] = await db.select().from(orderSettings).where(eq(orderSettings.partnerId, partnerId));
    return row;
  },
  async saveSettings(db: Db, row: typeof orderSettings.$inferInsert) {
    await db
      .insert(orderSettings)
      .values(row)
      .onConflictDoUpdate({ target: orderSettings.partnerId, set: { ...row } });
  },
  async prices(db: Db, partnerId: string) {
    return db
      .select({ medicineId: prices.medicineId, priceFen: prices.priceFen })
      .from(prices)
      .where(eq(prices.partnerId, partnerId))
      .orderBy(prices.medicineId);
  },
  async setPrice(db: Db, partnerId: string, medicineId: string, priceFen: number | null, now: Date) {
    if (priceFen === null) {
      await db.delete(prices).where(and(eq(prices.partnerId, partnerId), eq(prices.medicineId, medicineId)));
      return;
    }
    await db
      .insert(prices)
      .values({ partnerId, medicineId, priceFen, updatedAt: now })
      .onConflictDoUpdate({
        target: [prices.partnerId, prices.medicineId],
        set: { priceFen, updatedAt: now },
      });
  },
  /** Fixes each item's price at the pharmacy's current one, where it has none yet. */
  async fixPrices(tx: Db, reservationId: string, partnerId: string) {
    await tx.execute(sql`UPDATE pharmacy_reservation_items i SET price_fen = p.price_fen
      FROM pharmacy_prices p
      WHERE i.reservation_id = ${reservationId} AND i.price_fen IS NULL
        AND p.partner_id = ${partnerId} AND p.medicine_id = i.medicine_id`);
  },
  async insertDelivery(tx: Db, row: DeliveryRow) {
    await tx.insert(deliveries).values(row);
  },
  /** Orders with their pharmacy's name and, for deliveries, the delivery row. */
  async orders(
    db: Db,
    where: {
      id?: string;
      userId?: string;
      partnerId?: string;
      status?: DeliveryStatus;
      deliveryOnly?: boolean;
    },
  ) {
    return db
      .select({ reservation: reservations, delivery: deliveries, pharmacyName: schema.partners.name })
      .from(reservations)
      .innerJoin(schema.partners, eq(schema.partners.id, reservations.partnerId))
      .leftJoin(deliveries, eq(deliveries.reservationId, reservations.id))
      .where(
        and(
          where.id ? eq(reservations.id, where.id) : undefined,
          where.userId ? eq(reservations.userId, where.userId) : undefined,
          where.partnerId ? eq(reservations.partnerId, where.partnerId) : undefined,
          where.status ? eq(deliveries.status, where.status) : undefined,
          where.deliveryOnly ? eq(reservations.fulfilment, 'delivery') : undefined,
        ),
      )
      .orderBy(desc(reservations.createdAt))
      .limit(200);
  },
  async items(db: Db, ids: string[]) {
    if (ids.length === 0) return [];
    return db.select().from(reservationItems).where(inArray(reservationItems.reservationId, ids));
  },
  /**
   * Moves a delivery on only from the states given, and its reservation to the matching state;
   * undefined when it is not there (for this pharmacy or person) or not in one of them.
   */
  async move(
    tx: Db,
    where: { id: string; partnerId?: string; userId?: string },
    from: readonly DeliveryStatus[],
    to: DeliveryStatus,
    reservationStatus: (typeof reservations.$inferSelect)['status'] | undefined,
    now: Date,
    set: Partial<Pick<DeliveryRow, 'providerOrderId'>> = {},
  ) {
    const [owner] = await tx
      .select({ userId: reservations.userId, partnerId: reservations.partnerId })
      .from(reservations)
      .where(
        and(
          eq(reservations.id, where.id),
          where.partnerId ? eq(reservations.partnerId, where.partnerId) : undefined,
          where.userId ? eq(reservations.userId, where.userId) : undefined,
        ),
      );
    if (!owner) return undefined;
    const [row] = await tx
      .update(deliveries)
      .set({ status: to, updatedAt: now, ...set })
      .where(and(eq(deliveries.reservationId, where.id), inArray(deliveries.status, [...from])))
      .returning();
    if (!row) return undefined;
    if (reservationStatus) {
      await tx
        .update(reservations)
        .set({ status: reservationStatus, updatedAt: now })
        .where(eq(reservations.id, where.id));
    }
    return { ...row, userId: owner.userId };
  },
  async setPayment(tx: Db, id: string, payment: 'online' | 'pay_at_pickup') {
    await tx.update(reservations).set({ payment }).where(eq(reservations.id, id));
  },
};
