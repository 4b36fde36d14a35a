import { describe, expect, test } from 'vitest';
import { creditCheckCharacter, creditCodeProblem, licenceProblem } from './licences.ts';

// Codes published on business licences (national enterprise credit system), check character last.
const KNOWN_VALID = [
  '91350100M000100Y43',
  '91110108551385082Q',
  '91440300708461136T',
  '914403001922038216',
  '91310000775785552L',
];

describe('GB 32100-2015 unified social credit code', () => {
  test.each(KNOWN_VALID)('%s is well formed', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(creditCheckCharacter(code.slice(0, 17))).toBe(code.charAt(17));
  });

  test('a generated code verifies, and each changed character is caught', () => {
    const first17 = '9144030576639586X';
    const code = first17 + creditCheckCharacter(first17);
    expect(creditCodeProblem(code)).toBeNull();
    for (let i = 8; i < 17; i++) {
      const c = code.charAt(i) === '1' ? '2' : '1';
      expect(creditCodeProblem(code.slice(0, i) + c + code.slice(i + 1))).toBe('check');
    }
  });

  test('a check value of 0 is written as the character 0, never as 31', () => {
    const first17 = Array.from({ length: 1000 }, (_, n) => `91440300${String(n).padStart(9, '0')}`).find(
      (f) => creditCheckCharacter(f) === '0',
    );
    expect(first17).toBeDefined();
  });

  test.each([
    ['91350100M000100Y4', 'length'],
    ['91350100M000100Y433', 'length'],
    ['91350100M00010OY43', 'characters'],
    ['91350100m000100Y43', 'characters'],
    ['Z1350100M000100Y43', 'characters'],
    ['P1350100M000100Y43', 'authority'],
    ['9135A100M000100Y43', 'region'],
    ['91350100M000100Y44', 'check'],
    ['91110108551385082R', 'check'],
  ])('%s is refused (%s)', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });
});

describe('drug-trade licence number', () => {
  test.each(['粤DA020101234', '京CB110101001', '沪BA310100123'])('%s is a pharmacy licence', (n) => {
    expect(licenceProblem(n)).toBeNull();
  });
  test.each([
    ['粤AA020101234', 'wholesale'],
    ['粤EA020101234', 'format'],
    ['XDA020101234', 'format'],
    ['粤DA02010123', 'format'],
    ['粤da020101234', 'format'],
    ['港DA020101234', 'format'],
  ])('%s is refused (%s)', (n, problem) => {
    expect(licenceProblem(n)).toBe(problem);
  });
});
