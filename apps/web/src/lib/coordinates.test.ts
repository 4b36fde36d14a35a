import { describe, expect, test } from 'vitest';
import { distanceKm, gcj02ToWgs84, wgs84ToGcj02 } from './coordinates.ts';

describe('coordinates', () => {
  test('GCJ-02 shifts a point in Shenzhen by a few hundred metres and back', () => {
    const wgs = { lat: 22.5329, lng: 113.9305 };
    const gcj = wgs84ToGcj02(wgs);
    const shift = distanceKm(wgs, gcj);
    expect(shift).toBeGreaterThan(0.2);
    expect(shift).toBeLessThan(0.8);
    const back = gcj02ToWgs84(gcj);
    expect(distanceKm(back, wgs)).toBeLessThan(0.0001);
  });

  test('outside China the systems coincide', () => {
    expect(wgs84ToGcj02({ lat: 48.85, lng: 2.35 })).toEqual({ lat: 48.85, lng: 2.35 });
  });

  test('great-circle distance', () => {
    // Shenzhen Nanshan to Futian centre: about 13 km.
    expect(distanceKm({ lat: 22.5329, lng: 113.9305 }, { lat: 22.5431, lng: 114.0579 })).toBeCloseTo(13.1, 0);
  });
});
