import type { DeepLinkQuery, DeepLinkReply, RefView } from '@medrelay/contracts';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { type Clock, chinaDate, DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import { attributionRepo as repo } from './attribution.repo.ts';
import type { PartnersService } from './partners.service.ts';

// A ref is the first 8 hex digits of the partner id; it credits a partner only when exactly one
// approved partner matches.
const refOf = (partnerId: string) => partnerId.slice(0, 8);

/**
 * Deep links into a preset square and their attribution: a square opened with `?ref=` says which
 * institution sent the resident, and the institution sees how many squares its links opened.
 */
export function createPartnerLinksService(deps: {
  db: Db;
  clock: Clock;
  partners: PartnersService;
  /** Base URL of the H5 app the links open. */
  publicUrl: string;
}) {
  const { db, clock, partners, publicUrl } = deps;

  /** The approved partner a ref names; several partners sharing 8 hex digits credit none of them. */
  async function partnerByRef(ref: string) {
    const rows = await repo.approvedByRef(db, ref);
    if (rows.length !== 1) throw new AppError('unknown_ref', 404, { field: 'ref' });
    return rows[0] as (typeof rows)[number];
  }

  return {
    async deepLink(
      user: User,
      partnerId: string,
      query: z.output<typeof DeepLinkQuery>,
    ): Promise<z.infer<typeof DeepLinkReply>> {
      const partner = await partners.get(user, partnerId);
      const url = new URL('/square', publicUrl);
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
      url.searchParams.set('ref', refOf(partner.id));
      const qrSvg = await QRCode.toString(url.toString(), {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      return { url: url.toString(), qrSvg };
    },
    async ref(ref: string): Promise<z.infer<typeof RefView>> {
      const partner = await partnerByRef(ref);
      return { ref, name: partner.name, type: partner.type };
    },
    async countVisit(ref: string) {
      const partner = await partnerByRef(ref);
      await repo.countVisit(db, partner.id, chinaDate(clock.now()));
    },
    /** Squares the partner's links opened today and in the last 7 China days. */
    async visits(partnerId: string, now: Date) {
      const weekStart = chinaDate(new Date(now.getTime() - 6 * DAY));
      return repo.visits(db, partnerId, chinaDate(now), weekStart);
    },
  };
}

export type PartnerLinksService = ReturnType<typeof createPartnerLinksService>;
