import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/index.ts';
import type { PersonalData } from '../../../platform/personal-data.ts';
import type { DadaClient } from '../../../platform/vendors/dada.ts';
import type { Catalog } from '../../catalog/index.ts';
import type { Notice } from '../../notifications/index.ts';
import { createPartnerAccess } from '../../partners/index.ts';
import type { PaymentsService } from '../../payments/index.ts';
import { createPharmacyAccess } from '../pharmacy-access.ts';
import type { PharmacyServices } from '../pharmacy-services.ts';
import { dadaProvider, ownRider } from './delivery-provider.ts';
import { createOrdersService } from './orders.service.ts';

/** Delivery orders and online payment for pharmacies, wired once by the app. */
export function createOrderServices(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  personal: PersonalData;
  pharmacies: PharmacyServices;
  payments: PaymentsService;
  dada?: DadaClient;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
  onError?: (err: unknown, what: string) => void;
}) {
  const { db } = deps;
  return createOrdersService({
    ...deps,
    access: createPharmacyAccess({ db, access: createPartnerAccess({ db }) }),
    reservations: deps.pharmacies.reservations,
    providers: { own_rider: ownRider, dada: deps.dada ? dadaProvider(deps.dada) : undefined },
  });
}
