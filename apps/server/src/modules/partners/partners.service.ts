import { randomUUID } from 'node:crypto';
import type { PartnerApplyBody, PartnerView } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { maskName } from '../../platform/id-number.ts';
import { maskPhone, type PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Regions } from '../regions/index.ts';
import type { PartnerAccess, PartnerRole } from './partner-access.ts';
import { type PartnerRow, partnersRepo as repo } from './partners.repo.ts';

/** Applications and their approval: an institution applies, a platform admin decides. */
export function createPartnersService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  regions: Regions;
  access: PartnerAccess;
}) {
  const { db, clock, personal, regions, access } = deps;

  return {
    /**
     * `alongside` writes what a kind of partner adds (a pharmacy's licences and store) in the same
     * transaction, so an application is stored whole or not at all.
     */
    async apply(
      user: User,
      body: z.output<typeof PartnerApplyBody>,
      alongside?: (tx: Db, partner: PartnerRow) => Promise<void>,
    ) {
      for (const [i, code] of body.regionCodes.entries()) {
        if (!regions.get(code)) throw new AppError('unknown_region', 400, { field: `regionCodes[${i}]` });
      }
      const row: PartnerRow = {
        id: randomUUID(),
        name: body.name,
        type: body.type,
        contactNameMasked: maskName(body.contactName),
        contactPhoneEnc: personal.encrypt(body.contactPhone),
        contactPhoneMasked: maskPhone(body.contactPhone),
        regionCodes: body.regionCodes,
        allowedOrigins: body.allowedOrigins,
        status: 'pending',
        createdAt: clock.now(),
        decidedAt: null,
        decidedBy: null,
      };
      await db.transaction(async (tx) => {
        await repo.insertPartner(tx, row, user.id);
        await alongside?.(tx, row);
      });
      return partnerView(row, 'owner');
    },
    async mine(user: User) {
      return (await repo.partnersOf(db, user.id)).map((r) => partnerView(r.partner, r.role));
    },
    async get(user: User, id: string) {
      const { partner, role } = await access.asMember(user, id, 'viewer');
      return partnerView(partner, role);
    },
    async list(status?: PartnerRow['status']) {
      return (await repo.listPartners(db, status)).map((p) => partnerView(p, null));
    },
    async decide(admin: User, id: string, decision: 'approved' | 'rejected' | 'suspended') {
      const row = await repo.updatePartner(db, id, {
        status: decision,
        decidedAt: clock.now(),
        decidedBy: admin.id,
      });
      if (!row) throw new AppError('not_found', 404);
      return partnerView(row, null);
    },
    async setOrigins(user: User, id: string, allowedOrigins: string[]) {
      await access.asMember(user, id, 'owner');
      const row = await repo.updatePartner(db, id, { allowedOrigins });
      return partnerView(row as PartnerRow, 'owner');
    },
  };
}

const partnerView = (p: PartnerRow, myRole: PartnerRole | null): PartnerView => ({
  id: p.id,
  name: p.name,
  type: p.type,
  contactNameMasked: p.contactNameMasked,
  contactPhoneMasked: p.contactPhoneMasked,
  regionCodes: p.regionCodes,
  allowedOrigins: p.allowedOrigins,
  status: p.status,
  createdAt: p.createdAt.toISOString(),
  myRole,
});

export type PartnersService = ReturnType<typeof createPartnersService>;
