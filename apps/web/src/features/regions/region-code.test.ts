import { expect, test } from 'vitest';
import { regionPath } from './region-code.ts';

test('a GB/T 2260 code carries its province and city', () => {
  expect(regionPath('440305')).toEqual({ province: '440000', city: '440300', district: '440305' });
  expect(regionPath('440300')).toEqual({ province: '440000', city: '440300' });
  expect(regionPath('440000')).toEqual({ province: '440000' });
  expect(regionPath('429004')).toEqual({ province: '420000', city: '429000', district: '429004' });
  expect(regionPath('44')).toEqual({});
  expect(regionPath(undefined)).toEqual({});
});
