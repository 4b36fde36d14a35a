import type {
  PharmaciesQuery,
  PharmacyAdminView,
  PharmacyApplyBody,
  PharmacyProfileBody,
  PharmacySummary,
  PharmacyView,
} from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { type Db, isUniqueViolation } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { cellOf, cellsCovering, distanceKm, toWgs84 } from '../../platform/geo.ts';
import type { User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { PartnerServices } from '../partners/index.ts';
import type { Regions } from '../regions/index.ts';
import { creditCodeProblem, licenceProblem } from './licences.ts';
import { type PharmacyRecord, pharmaciesRepo as repo } from './pharmacies.repo.ts';
import type { PharmacyAccess } from './pharmacy-access.ts';
import { seenStatus, stockItemView, summaryView } from './pharmacy-views.ts';

type Location = z.output<typeof PharmacyApplyBody>['location'];

/** Stores: the application with its licences, the profile, and what residents see. */
export function createPharmaciesService(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  partners: PartnerServices;
  access: PharmacyAccess;
}) {
  const { db, clock, catalog, regions, partners, access } = deps;

  function placed(location: Location, regionCode?: string) {
    const { lat, lng } = toWgs84(location.lat, location.lng, location.coordSystem);
    return { lat, lng, cell: cellOf(lat, lng), ...regions.place({ lat, lng }, regionCode) };
  }

  async function adminView(found: PharmacyRecord): Promise<PharmacyAdminView> {
    const now = clock.now();
    const stock = await repo.stock(db, found.pharmacy.partnerId);
    return {
      ...summaryView(found, now),
      stockItems: stock.map((s) => stockItemView(catalog, s, now)),
      creditCode: found.pharmacy.creditCode,
      licenceNumber: found.pharmacy.licenceNumber,
      status: found.status,
    };
  }

  return {
    async apply(user: User, body: z.output<typeof PharmacyApplyBody>) {
      const creditProblem = creditCodeProblem(body.creditCode);
      if (creditProblem)
        throw new AppError('credit_code_invalid', 400, { field: 'creditCode', problem: creditProblem });
      const licence = licenceProblem(body.licenceNumber);
      if (licence)
        throw new AppError('drug_licence_invalid', 400, { field: 'licenceNumber', problem: licence });
      const place = placed(body.location, body.regionCode);
      const now = clock.now();
      try {
        const partner = await partners.partners.apply(
          user,
          {
            name: body.name,
            type: 'pharmacy',
            contactName: body.contactName,
            contactPhone: body.contactPhone,
            regionCodes: [place.districtCode],
            allowedOrigins: [],
          },
          (tx, row) =>
            repo.insertPharmacy(tx, {
              partnerId: row.id,
              creditCode: body.creditCode,
              licenceNumber: body.licenceNumber,
              address: body.address,
              ...place,
              hours: body.hours,
              services: [...new Set(body.services)],
              pickupWindowHours: body.pickupWindowHours,
              createdAt: now,
              updatedAt: now,
            }),
        );
        return adminView((await repo.findPharmacy(db, partner.id)) as PharmacyRecord);
      } catch (err) {
        // The same credit code or licence number again: one store, one registration.
        if (isUniqueViolation(err)) throw new AppError('pharmacy_already_registered', 409);
        throw err;
      }
    },
    async mine(user: User, partnerId: string) {
      return adminView(await access.asStaff(user, partnerId));
    },
    async updateProfile(user: User, partnerId: string, body: z.output<typeof PharmacyProfileBody>) {
      const found = await access.asStaff(user, partnerId, 'owner');
      const place = body.location ? placed(body.location) : {};
      await repo.updatePharmacy(db, partnerId, {
        ...(body.address === undefined ? {} : { address: body.address }),
        ...(body.hours === undefined ? {} : { hours: body.hours }),
        ...(body.services === undefined ? {} : { services: [...new Set(body.services)] }),
        ...(body.pickupWindowHours === undefined ? {} : { pickupWindowHours: body.pickupWindowHours }),
        ...place,
        updatedAt: clock.now(),
      });
      return adminView((await repo.findPharmacy(db, partnerId)) ?? found);
    },
    /** Nearest first; with a medicine, only pharmacies whose fresh status says it is on the shelf. */
    async nearby(q: z.output<typeof PharmaciesQuery>): Promise<PharmacySummary[]> {
      const [lat, lng] = q.near.split(',').map(Number) as [number, number];
      if (q.medicineId && !catalog.get(q.medicineId))
        throw new AppError('unknown_medicine', 400, { field: 'medicineId' });
      const now = clock.now();
      const rows = await repo.inCells(db, cellsCovering(lat, lng, q.radiusKm), q.medicineId);
      return rows
        .map((r) => ({ r, km: distanceKm(lat, lng, r.pharmacy.lat, r.pharmacy.lng) }))
        .filter(({ km }) => km <= q.radiusKm)
        .map(({ r, km }) => {
          const status = seenStatus(r.stockStatus, r.stockUpdatedAt, now);
          const stock = q.medicineId
            ? {
                medicineId: q.medicineId,
                status,
                updatedAt: status === 'unknown' ? null : (r.stockUpdatedAt?.toISOString() ?? null),
              }
            : null;
          return summaryView(r, now, { distanceKm: Math.round(km * 100) / 100, stock });
        })
        .filter((p) => !p.stock || p.stock.status === 'in_stock' || p.stock.status === 'low')
        .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0))
        .slice(0, 50);
    },
    async get(partnerId: string): Promise<PharmacyView> {
      const found = await repo.findPharmacy(db, partnerId);
      if (!found || found.status !== 'approved') throw new AppError('pharmacy_not_found', 404);
      const now = clock.now();
      const stock = await repo.stock(db, partnerId);
      return { ...summaryView(found, now), stockItems: stock.map((s) => stockItemView(catalog, s, now)) };
    },
    async pharmacists(user: User, partnerId: string) {
      await access.asStaff(user, partnerId);
      return (await repo.pharmacists(db, partnerId)).map((p) => ({
        ...p,
        createdAt: p.createdAt.toISOString(),
      }));
    },
    async addPharmacist(user: User, partnerId: string, phone: string, certificateNumber: string) {
      await access.asStaff(user, partnerId, 'owner');
      const userId = await partners.members.addStaff(user, partnerId, phone);
      await repo.upsertPharmacist(db, { partnerId, userId, certificateNumber, createdAt: clock.now() });
      return this.pharmacists(user, partnerId);
    },
  };
}

export type PharmaciesService = ReturnType<typeof createPharmaciesService>;
