import type { TileProvider } from '@medrelay/contracts';
import type { Config } from '../../platform/config.ts';

type TileSettings = Pick<
  Config,
  'MAP_TILE_URL' | 'MAP_TILE_COORD' | 'MAP_TILE_ATTRIBUTION' | 'MAP_TILE_SUBDOMAINS'
>;

/**
 * The tile provider the web app reads at run time (GET /api/v1/map-config), so a deployment in
 * mainland China can switch to a domestic GCJ-02 provider without rebuilding the app.
 * undefined: not configured (the app's default); null: tiles off.
 */
export function tileProviderFrom(c: TileSettings): TileProvider | null | undefined {
  if (!c.MAP_TILE_URL) return undefined;
  if (c.MAP_TILE_URL === 'off') return null;
  return {
    url: c.MAP_TILE_URL,
    coordSystem: c.MAP_TILE_COORD,
    attribution: c.MAP_TILE_ATTRIBUTION,
    ...(c.MAP_TILE_SUBDOMAINS ? { subdomains: c.MAP_TILE_SUBDOMAINS } : {}),
  };
}
