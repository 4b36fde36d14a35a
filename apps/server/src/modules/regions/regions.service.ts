import { readFileSync } from 'node:fs';
import type { RegionView } from '@medrelay/contracts';
import { AppError } from '../../platform/errors.ts';
import { distanceKm } from '../../platform/geo.ts';

type Level = 'province' | 'city' | 'district';
interface Region {
  code: string;
  name: string;
  parent: string | null;
  level: Level;
  lat: number;
  lng: number;
}

export interface Placement {
  provinceCode: string;
  cityCode: string;
  districtCode: string;
}

export interface Regions {
  version: string;
  get(code: string): RegionView | undefined;
  children(parent: string | undefined): RegionView[];
  /** Province, city and district of a post from the code it gave (any level) and its location. */
  place(location: { lat: number; lng: number }, regionCode?: string): Placement;
  names(p: Placement): { province: string; city: string; district: string };
  /** Which post column a region filter applies to. */
  levelOf(code: string): Level | undefined;
}

export const REGIONS_FILE = new URL('../../../data/regions.v1.json', import.meta.url);

// Mainland China's bounding box, then "near some district centre": a coarse test that keeps out
// points abroad and at sea without a boundary data set. Western counties are large, hence 150 km.
// The box reaches 3.5° N for the islands of 三沙市 (460300).
const CHINA_BOX = { minLat: 3.5, maxLat: 54, minLng: 73, maxLng: 136 };
const MAX_KM_FROM_A_DISTRICT_CENTRE = 150;

// Without boundary polygons "the region contains the point" is judged from centres: the given
// region's nearest district may be farther than the point's nearest district centre (a point near a
// border, a long district), but not by much. 2.5 × the nearest distance + 15 km keeps such honest
// choices and refuses a post labelled with a district in another city, which showed at 0 km in
// that city's square and counted in its statistics (issue 17). Finer cheating, a neighbouring district
// of the same city, needs polygons or a reverse geocoder (DESIGN.md "Regions").
const MISMATCH_RATIO = 2.5;
const MISMATCH_SLACK_KM = 15;
const mayContain = (givenKm: number, nearestKm: number) =>
  givenKm <= nearestKm * MISMATCH_RATIO + MISMATCH_SLACK_KM;

export function createRegions(file: URL = REGIONS_FILE): Regions {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    version: string;
    rows: [string, string, string | null, Level, number, number, number][];
  };
  const byCode = new Map<string, Region>();
  const childrenOf = new Map<string | null, Region[]>();
  for (const [code, name, parent, level, lat, lng] of data.rows) {
    const r = { code, name, parent, level, lat, lng };
    byCode.set(code, r);
    const list = childrenOf.get(parent) ?? [];
    list.push(r);
    childrenOf.set(parent, list);
  }
  // Post locations resolve to the nearest "leaf" region: a district, or a city without districts.
  const leaves = [...byCode.values()].filter(
    (r) => r.level === 'district' || (r.level === 'city' && !childrenOf.get(r.code)?.length),
  );
  const view = (r: Region): RegionView => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parent: r.parent,
    center: { lat: r.lat, lng: r.lng },
  });
  const isWithin = (r: Region, ancestor: string): boolean => {
    for (let cur: Region | undefined = r; cur; cur = cur.parent ? byCode.get(cur.parent) : undefined) {
      if (cur.code === ancestor) return true;
    }
    return false;
  };
  const nearestLeaf = (lat: number, lng: number, within?: string) => {
    let best: Region | undefined;
    let bestKm = Number.POSITIVE_INFINITY;
    for (const r of leaves) {
      if (within && !isWithin(r, within)) continue;
      const km = distanceKm(lat, lng, r.lat, r.lng);
      if (km < bestKm) [best, bestKm] = [r, km];
    }
    return { region: best, km: bestKm };
  };
  const placementOf = (leaf: Region): Placement => {
    const chain: Region[] = [];
    for (let cur: Region | undefined = leaf; cur; cur = cur.parent ? byCode.get(cur.parent) : undefined) {
      chain.push(cur);
    }
    const province = chain.find((r) => r.level === 'province') ?? leaf;
    const city = chain.find((r) => r.level === 'city') ?? leaf;
    return { provinceCode: province.code, cityCode: city.code, districtCode: leaf.code };
  };

  return {
    version: data.version,
    get: (code) => {
      const r = byCode.get(code);
      return r && view(r);
    },
    children: (parent) => (childrenOf.get(parent ?? null) ?? []).map(view),
    levelOf: (code) => byCode.get(code)?.level,
    place({ lat, lng }, regionCode) {
      const box = CHINA_BOX;
      const inBox = lat >= box.minLat && lat <= box.maxLat && lng >= box.minLng && lng <= box.maxLng;
      const nearest = inBox ? nearestLeaf(lat, lng) : undefined;
      if (!nearest?.region || nearest.km > MAX_KM_FROM_A_DISTRICT_CENTRE) {
        throw new AppError('location_outside_china', 400, { field: 'location' });
      }
      if (!regionCode) return placementOf(nearest.region);
      const given = byCode.get(regionCode);
      if (!given) throw new AppError('unknown_region', 400, { field: 'regionCode' });
      const isLeaf = given.level === 'district' || !childrenOf.get(given.code)?.length;
      // A province or city was picked: the district is the nearest one inside it.
      const inside = isLeaf
        ? { region: given, km: distanceKm(lat, lng, given.lat, given.lng) }
        : nearestLeaf(lat, lng, given.code);
      if (!inside.region) throw new AppError('unknown_region', 400, { field: 'regionCode' });
      if (!mayContain(inside.km, nearest.km)) {
        throw new AppError('region_mismatch', 400, {
          field: 'regionCode',
          nearestRegionCode: placementOf(nearest.region).districtCode,
        });
      }
      return placementOf(inside.region);
    },
    names(p) {
      const name = (code: string) => byCode.get(code)?.name ?? code;
      return { province: name(p.provinceCode), city: name(p.cityCode), district: name(p.districtCode) };
    },
  };
}
