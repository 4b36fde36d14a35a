import { describe, expect, test } from 'vitest';
import {
  activeFilterCount,
  appliedRadiusKm,
  feedQuery,
  filtersToParams,
  parseFilters,
  widerRadiusKm,
} from './square-filters.ts';

describe('square filters in the URL', () => {
  test('an official-account deep link presets the square', () => {
    const f = parseFilters(
      new URLSearchParams(
        'kind=need&region=440300&medicineId=ibuprofen-tablet&sort=distance&flags=elderly,infant',
      ),
    );
    expect(f).toEqual({
      kind: 'need',
      sort: 'distance',
      medicineId: 'ibuprofen-tablet',
      category: undefined,
      region: '440300',
      radiusKm: undefined,
      flags: ['elderly', 'infant'],
    });
    expect(activeFilterCount(f)).toBe(4);
  });

  test('junk in a shared link falls back to the defaults instead of breaking the page', () => {
    const f = parseFilters(
      new URLSearchParams('kind=sell&sort=price&region=44&radiusKm=7&flags=vip,elderly,elderly'),
    );
    expect(f).toMatchObject({
      kind: 'need',
      sort: 'time',
      region: undefined,
      radiusKm: undefined,
      flags: ['elderly'],
    });
  });

  test('round-trips through the URL', () => {
    const f = parseFilters(new URLSearchParams('kind=offer&category=antigen&radiusKm=5&sort=distance'));
    expect(parseFilters(filtersToParams(f))).toEqual(f);
  });

  test("a partner's deep link keeps its attribution through the URL but does not filter the feed", () => {
    const f = parseFilters(new URLSearchParams('kind=need&region=440305&radiusKm=5&ref=1a2b3c4d'));
    expect(f.ref).toBe('1a2b3c4d');
    expect(activeFilterCount(f)).toBe(2);
    expect(filtersToParams({ ...f, region: undefined }).get('ref')).toBe('1a2b3c4d');
    expect(parseFilters(filtersToParams(f))).toEqual(f);
    expect(feedQuery(f, undefined)).not.toHaveProperty('ref');
    expect(parseFilters(new URLSearchParams('ref=<script>')).ref).toBeUndefined();
  });

  test('nearest-first uses the position and a radius; without a position it falls back to newest', () => {
    const f = parseFilters(new URLSearchParams('kind=need&sort=distance&region=440305'));
    expect(feedQuery(f, { lat: 22.532912, lng: 113.930487 })).toMatchObject({
      sort: 'distance',
      near: '22.53291,113.93049',
      radiusKm: 10,
      region: '440305',
    });
    expect(feedQuery(f, undefined)).toMatchObject({ sort: 'time', near: undefined, radiusKm: undefined });
  });

  test('newest-first sends no position unless a radius asks for one', () => {
    const here = { lat: 22.5, lng: 113.9 };
    expect(feedQuery(parseFilters(new URLSearchParams('kind=need')), here).near).toBeUndefined();
    expect(feedQuery(parseFilters(new URLSearchParams('kind=need&radiusKm=3')), here)).toMatchObject({
      sort: 'time',
      radiusKm: 3,
      near: '22.50000,113.90000',
    });
  });

  test('without a sort in the link the default applies; a chosen order survives the URL', () => {
    expect(parseFilters(new URLSearchParams('kind=need'), 'distance').sort).toBe('distance');
    expect(parseFilters(new URLSearchParams('kind=need')).sort).toBe('time');
    const newest = parseFilters(new URLSearchParams('kind=need&sort=time'), 'distance');
    expect(newest.sort).toBe('time');
    expect(parseFilters(filtersToParams(newest), 'distance').sort).toBe('time');
  });

  test('the radius a query applies is explicit, and widening steps through the choices', () => {
    const f = parseFilters(new URLSearchParams('kind=need&sort=distance'));
    const here = { lat: 22.5, lng: 113.9 };
    expect(appliedRadiusKm(feedQuery(f, here))).toBe(10);
    expect(appliedRadiusKm(feedQuery(f, undefined))).toBeUndefined();
    expect(widerRadiusKm(1)).toBe(3);
    expect(widerRadiusKm(10)).toBe(20);
    expect(widerRadiusKm(20)).toBe(50);
    expect(widerRadiusKm(50)).toBeUndefined();
  });
});
