import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ageOn, checkCharacter, checkIdNumber, maskIdNumber, maskName } from './id-number.ts';

const known = (code: string) => ['440305', '110105', '310101'].includes(code);
const TODAY = '2026-11-25';

/** A valid number from parts: the way the tests' factories make residents' IDs. */
const make = (region: string, birth: string, seq: string) => {
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkCharacter(first17);
};

describe('GB 11643 resident ID numbers', () => {
  test('the published example 11010519491231002X is valid', () => {
    expect(checkIdNumber('11010519491231002X', known, TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
    });
    expect(checkIdNumber('11010519491231002x', known, TODAY).ok).toBe(true);
  });

  const parts = fc.record({
    region: fc.constantFrom('440305', '110105', '310101'),
    birth: fc
      .date({ min: new Date('1930-01-01'), max: new Date('2012-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    seq: fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
  });

  test('property: every number built with the right check character is accepted', () => {
    fc.assert(
      fc.property(parts, ({ region, birth, seq }) => {
        const res = checkIdNumber(make(region, birth, seq), known, TODAY);
        expect(res).toMatchObject({ ok: true, birthDate: birth, regionCode: region });
      }),
    );
  });

  test('property: changing any one digit or the check character is caught by the checksum', () => {
    fc.assert(
      fc.property(
        parts,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (p, pos, delta) => {
          const id = make(p.region, p.birth, p.seq);
          const alphabet = pos === 17 ? '0123456789X' : '0123456789';
          const at = alphabet.indexOf(id[pos] as string);
          const changed = alphabet[(at + delta) % alphabet.length] as string;
          fc.pre(changed !== id[pos]);
          const broken = id.slice(0, pos) + changed + id.slice(pos + 1);
          const res = checkIdNumber(broken, known, TODAY);
          expect(res.ok).toBe(false);
        },
      ),
    );
  });

  test('property: swapping two different adjacent digits is caught', () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 0, max: 15 }), (p, pos) => {
        const id = make(p.region, p.birth, p.seq);
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(checkIdNumber(swapped, known, TODAY).ok).toBe(false);
      }),
    );
  });

  test.each([
    ['too short', '11010519491231002', 'format'],
    ['letters', '1101051949123100AX', 'format'],
    ['bad check character', '110105194912310021', 'checksum'],
    ['unknown region', make('990101', '1990-01-01', '123'), 'region'],
    ['31 February', make('440305', '1990-02-31', '123'), 'birth_date'],
    ['born in the future', make('440305', '2030-01-01', '123'), 'birth_date'],
    ['month 13', make('440305', '1990-13-01', '123'), 'birth_date'],
  ])('%s is refused (%s)', (_name, id, reason) => {
    expect(checkIdNumber(id, known, TODAY)).toEqual({ ok: false, reason });
  });

  test('age in whole years', () => {
    expect(ageOn('2012-11-26', TODAY)).toBe(13);
    expect(ageOn('2012-11-25', TODAY)).toBe(14);
  });

  test('masks keep only what a person needs to recognise their own record', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });
});
