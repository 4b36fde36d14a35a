import { describe, expect, test } from 'vitest';
import { boxCovering, cellOf, cellsCovering, distanceKm, roundForPublic, toWgs84 } from './geo.ts';

describe('geo', () => {
  test('haversine distance: 天安门 to 上海人民广场 is about 1,067 km', () => {
    expect(distanceKm(39.9087, 116.3975, 31.2304, 121.4737)).toBeGreaterThan(1060);
    expect(distanceKm(39.9087, 116.3975, 31.2304, 121.4737)).toBeLessThan(1075);
  });

  test('every point inside the circle lies in one of the covering cells', () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 300; i++) {
      const centre = { lat: 18 + rnd() * 35, lng: 75 + rnd() * 60 };
      const radius = 0.5 + rnd() * 49.5;
      const cover = new Set(cellsCovering(centre.lat, centre.lng, radius));
      for (let j = 0; j < 60; j++) {
        // A random point at a random bearing, right up to the edge of the circle.
        const bearing = rnd() * 2 * Math.PI;
        const d = radius * Math.sqrt(rnd());
        const lat = centre.lat + (d / 111.195) * Math.cos(bearing);
        const lng = centre.lng + (d / (111.195 * Math.cos((lat * Math.PI) / 180))) * Math.sin(bearing);
        if (distanceKm(centre.lat, centre.lng, lat, lng) > radius) continue;
        expect(cover.has(cellOf(lat, lng))).toBe(true);
      }
    }
  });

  test('every point inside the circle lies in its box, right up to the edge at each bearing', () => {
    let seed = 43;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 300; i++) {
      const centre = { lat: -60 + rnd() * 140, lng: 75 + rnd() * 60 };
      const radius = 0.5 + rnd() * 49.5;
      const box = boxCovering(centre.lat, centre.lng, radius);
      expect(box.lngExact).toBe(true);
      for (let j = 0; j < 90; j++) {
        // Walk out along a bearing to the last point the distance check still keeps.
        const bearing = (j / 90) * 2 * Math.PI;
        const at = (d: number) => {
          const lat = centre.lat + (d / 111.195) * Math.cos(bearing);
          return {
            lat,
            lng: centre.lng + (d / (111.195 * Math.cos((lat * Math.PI) / 180))) * Math.sin(bearing),
          };
        };
        let [lo, hi] = [0, radius * 1.1];
        for (let k = 0; k < 60; k++) {
          const mid = (lo + hi) / 2;
          const p = at(mid);
          if (distanceKm(centre.lat, centre.lng, p.lat, p.lng) <= radius) lo = mid;
          else hi = mid;
        }
        const p = at(lo);
        expect(p.lat).toBeGreaterThanOrEqual(box.lat0);
        expect(p.lat).toBeLessThanOrEqual(box.lat1);
        expect(p.lng).toBeGreaterThanOrEqual(box.lng0);
        expect(p.lng).toBeLessThanOrEqual(box.lng1);
      }
      // The box is not much larger than the circle (0.2 % on latitude, for the 111.0 km degree).
      expect(((box.lat1 - box.lat0) / 2) * 111.195).toBeLessThan(radius * 1.002);
    }
    expect(boxCovering(88.9, 0, 20).lngExact).toBe(false);
  });

  test('GCJ-02 and BD-09 convert to WGS-84 within metres of the true point', () => {
    const wgs = { lat: 22.5329, lng: 113.9305 };
    const gcj = toWgs84(22.529871, 113.935394, 'gcj02');
    expect(distanceKm(wgs.lat, wgs.lng, gcj.lat, gcj.lng)).toBeLessThan(0.05);
    expect(toWgs84(1, 2, 'wgs84')).toEqual({ lat: 1, lng: 2 });
  });

  test('public coordinates are rounded to 0.001°', () => {
    expect(roundForPublic(22.532917)).toBe(22.533);
  });
});
