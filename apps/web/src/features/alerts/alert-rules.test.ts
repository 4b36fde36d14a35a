import { ALERT_RADIUS_CHOICES_KM } from '@medrelay/contracts';
import { describe, expect, test } from 'vitest';
import {
  ALERT_RADII,
  alertBody,
  alertRadius,
  daysLeft,
  draftFromFilters,
  hasSubject,
} from './alert-rules.ts';

describe('an alert from the square', () => {
  test('offers the same radii as the contracts', () => {
    expect([...ALERT_RADII]).toEqual([...ALERT_RADIUS_CHOICES_KM]);
  });

  test('takes kind, item and radius from the filters', () => {
    expect(draftFromFilters({ kind: 'offer', medicineId: 'ibuprofen-tablet', radiusKm: 3 })).toEqual({
      kind: 'offer',
      medicineId: 'ibuprofen-tablet',
      category: undefined,
      radiusKm: 3,
    });
  });

  test('an item beats a category (the server takes one or the other)', () => {
    const d = draftFromFilters({ kind: 'need', medicineId: 'ibuprofen-tablet', category: 'fever' });
    expect(d.category).toBeUndefined();
    expect(hasSubject(d)).toBe(true);
    expect(hasSubject(draftFromFilters({ kind: 'need' }))).toBe(false);
    expect(draftFromFilters({ kind: 'need', category: 'fever' }).category).toBe('fever');
  });

  test("brings the square's radius within the alert's choices", () => {
    expect(alertRadius(undefined)).toBe(3);
    expect(alertRadius(50)).toBe(20);
    expect(alertRadius(10)).toBe(10);
    expect(alertRadius(0.5)).toBe(1);
  });

  test('sends one subject and a rounded WGS-84 point', () => {
    const body = alertBody(
      { kind: 'offer', medicineId: 'ibuprofen-tablet', radiusKm: 5 },
      { lat: 22.532912345, lng: 113.930498765 },
    );
    expect(body).toEqual({
      kind: 'offer',
      medicineId: 'ibuprofen-tablet',
      location: { lat: 22.53291, lng: 113.9305, coordSystem: 'wgs84' },
      radiusKm: 5,
    });
    expect('category' in body).toBe(false);
    const byCategory = alertBody({ kind: 'need', category: 'fever', radiusKm: 1 }, { lat: 1, lng: 2 });
    expect(byCategory).toMatchObject({ category: 'fever' });
    expect('medicineId' in byCategory).toBe(false);
  });

  test('counts whole days left, -1 once lapsed', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(daysLeft('2026-12-15T00:00:00Z', now)).toBe(14);
    expect(daysLeft('2026-12-01T10:00:00Z', now)).toBe(0);
    expect(daysLeft('2026-11-30T23:00:00Z', now)).toBe(-1);
  });
});
