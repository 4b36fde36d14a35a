import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Notice } from '../notifications/index.ts';
import { createPartnerAccess, type PartnerServices } from '../partners/index.ts';
import type { Regions } from '../regions/index.ts';
import { createPharmaciesService } from './pharmacies.service.ts';
import type { ReservationRow } from './pharmacies.tables.ts';
import { createPharmacyAccess } from './pharmacy-access.ts';
import { createPharmacyStockService } from './pharmacy-stock.service.ts';
import { createReservationsService } from './reservations.service.ts';

/** The pharmacies module's services, wired once by the app. */
export function createPharmacyServices(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  partners: PartnerServices;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
  /** A reservation closed without a handover: refunds what was paid online (payments module). */
  onReservationReleased?: (row: ReservationRow, why: string) => Promise<unknown>;
}) {
  const { db, clock, catalog } = deps;
  const access = createPharmacyAccess({ db, access: createPartnerAccess({ db }) });
  return {
    pharmacies: createPharmaciesService({ ...deps, access }),
    stock: createPharmacyStockService({ db, clock, catalog, access }),
    reservations: createReservationsService({
      db,
      clock,
      catalog,
      access,
      notify: deps.notify,
      onReleased: deps.onReservationReleased,
    }),
    keys: deps.partners.keys,
  };
}

export type PharmacyServices = ReturnType<typeof createPharmacyServices>;
