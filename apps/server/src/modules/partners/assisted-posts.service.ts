import type { AssistedPostBody, PostView } from '@medrelay/contracts';
import type { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { toWgs84 } from '../../platform/geo.ts';
import type { AccountsService } from '../accounts/index.ts';
import type { PostsService } from '../posts/index.ts';
import type { Regions } from '../regions/index.ts';
import { serves } from './partner-access.ts';
import type { PartnerRow } from './partners.repo.ts';

/**
 * A community worker publishes for a resident without a smartphone: the resident's account (found or
 * made by phone), their consent recorded with who took it, then an ordinary post that counts against
 * the resident's own quotas and names the assisting institution.
 */
export function createAssistedPostsService(deps: {
  regions: Regions;
  accounts: AccountsService;
  posts: PostsService;
}) {
  const { regions, accounts, posts } = deps;

  return {
    async create(
      partner: PartnerRow,
      body: z.output<typeof AssistedPostBody>,
      idempotencyKey: string | undefined,
    ): Promise<PostView> {
      const { resident, consent, post } = body;
      // Converted first: a GCJ-02 point from a Chinese map read as WGS-84 lies hundreds of metres off, enough
      // to pass the region check on one side of a district border and be stored on the other.
      const point = toWgs84(post.location.lat, post.location.lng, post.location.coordSystem);
      const place = regions.place(point, post.regionCode);
      if (!serves(partner, place.districtCode)) {
        throw new AppError('region_not_allowed', 403, {
          field: 'post.location',
          regions: partner.regionCodes,
        });
      }
      const user = await accounts.findOrCreate(resident.phone);
      await accounts.recordConsent(user.id, {
        method: `assisted:${consent.method}`,
        recordedBy: consent.recordedBy,
        partnerId: partner.id,
      });
      const created = await posts.create(
        user,
        {
          ...post,
          // The point checked above is the point stored: posts must not convert it a second time.
          location: { ...post.location, ...point, coordSystem: 'wgs84' },
          contactMode: 'phone',
          contactPhone: resident.phone,
          consent: true,
        },
        // Keys are kept per resident account; the partner prefix keeps two institutions' keys apart.
        idempotencyKey ? `p:${partner.id.slice(0, 8)}:${idempotencyKey}` : undefined,
        { assistedBy: { id: partner.id, name: partner.name }, consentRecorded: true },
      );
      return created.post;
    },
  };
}

export type AssistedPostsService = ReturnType<typeof createAssistedPostsService>;
