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

/**
 * The map's tile provider, chosen by whoever runs the server (MAP_TILE_URL …): OpenStreetMap loads
 * poorly in mainland China, where providers draw in GCJ-02.
 */
export const TileProvider = z.object({
  /** A Leaflet URL template: {z}/{x}/{y}, and {s} when `subdomains` is set. */
  url: z.string(),
  /** gcj02 for Chinese providers (AutoNavi, Tencent): points are shifted for display. */
  coordSystem: z.enum(['wgs84', 'gcj02']),
  /** Attribution HTML the provider's terms require. */
  attribution: z.string(),
  subdomains: z.string().optional(),
});
export type TileProvider = z.infer<typeof TileProvider>;

export const MapConfigReply = z.object({
  /** Absent: the web app's built-in default; null: no tiles (markers on a plain background). */
  tiles: TileProvider.nullable().optional(),
});
export type MapConfigReply = z.infer<typeof MapConfigReply>;
