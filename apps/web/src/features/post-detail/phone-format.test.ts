import { expect, test } from 'vitest';
import { formatPhone } from './phone-format.ts';

test('a mainland mobile reads in groups of 3-4-4; other numbers stay as they came', () => {
  expect(formatPhone('13800138000')).toBe('138 0013 8000');
  expect(formatPhone('+8613800138000')).toBe('138 0013 8000');
  expect(formatPhone('0755-12345678')).toBe('0755-12345678');
  expect(formatPhone('17012345678,123')).toBe('17012345678,123');
});
