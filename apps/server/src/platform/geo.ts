import type { CoordSystem } from '@medrelay/contracts';
import gcoord from 'gcoord';

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (haversine); the SQL feed uses the same formula. */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const a =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

const SYSTEMS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Browsers give WGS-84; Chinese maps and WeChat give GCJ-02 or BD-09. We store WGS-84. */
export function toWgs84(lat: number, lng: number, from: CoordSystem): { lat: number; lng: number } {
  if (from === 'wgs84') return { lat, lng };
  const [outLng, outLat] = gcoord.transform([lng, lat], SYSTEMS[from], gcoord.WGS84) as [number, number];
  return { lat: outLat, lng: outLng };
}

/** Public views show a location rounded to 0.001° (about 100 m): the exact point is personal data. */
export const roundForPublic = (v: number): number => Math.round(v * 1000) / 1000;

// A fixed 0.05° grid (about 5.5 km north-south). Each post stores its cell; a nearest-first query
// lists the cells that cover its circle and lets the btree fetch just those, then rechecks the exact
// distance. Unlike a ring of hexagons, a bounding box of cells never misses a point inside the circle.
export const CELL_DEG = 0.05;
const LNG_CELLS = Math.round(360 / CELL_DEG);

export function cellOf(lat: number, lng: number): number {
  const row = Math.floor((lat + 90) / CELL_DEG);
  const col = Math.floor((lng + 180) / CELL_DEG);
  return row * LNG_CELLS + col;
}

/**
 * The latitude and longitude box around a circle that `cellsCovering` covers with cells. Every point
 * within radiusKm (on the haversine's sphere) lies inside it; `lngExact` is false when the circle
 * comes within a degree of a pole, where the longitude span is capped and does not bound.
 */
export function boxCovering(lat: number, lng: number, radiusKm: number) {
  // 111.0 km is a little less than a degree on the sphere the distance check uses (111.195 km), so
  // the box errs on the large side.
  const dLat = radiusKm / 111.0;
  // Longitude degrees shrink with latitude: take the widest span at the circle's pole-ward edge.
  const edgeLat = Math.min(89, Math.abs(lat) + dLat);
  const dLng = radiusKm / (111.0 * Math.cos(rad(edgeLat)));
  return {
    lat0: lat - dLat,
    lat1: lat + dLat,
    lng0: lng - dLng,
    lng1: lng + dLng,
    lngExact: Math.abs(lat) + dLat < 89,
  };
}

export function cellsCovering(lat: number, lng: number, radiusKm: number): number[] {
  const { lat0, lat1, lng0, lng1 } = boxCovering(lat, lng, radiusKm);
  const [r0, r1] = [Math.floor((lat0 + 90) / CELL_DEG), Math.floor((lat1 + 90) / CELL_DEG)];
  const [c0, c1] = [Math.floor((lng0 + 180) / CELL_DEG), Math.floor((lng1 + 180) / CELL_DEG)];
  const cells: number[] = [];
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cells.push(r * LNG_CELLS + c);
  return cells;
}
