import { z } from 'zod';
import { RegionCode } from './common.ts';

export const RegionLevel = z.enum(['province', 'city', 'district']);
export const RegionView = z.object({
  code: z.string(),
  name: z.string(),
  level: RegionLevel,
  parent: z.string().nullable(),
  // Centre point, WGS-84, for centring a map on the region.
  center: z.object({ lat: z.number(), lng: z.number() }),
});
export type RegionView = z.infer<typeof RegionView>;
export const RegionsQuery = z.object({ parent: RegionCode.optional() });
export const RegionsReply = z.object({ items: z.array(RegionView) });
