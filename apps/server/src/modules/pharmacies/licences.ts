/**
 * The identifiers an admin checks before approving a pharmacy. Both checks prove only that a number
 * is well formed; whether it belongs to this pharmacy is for the admin (国家企业信用信息公示系统 and
 * the provincial drug administration's licence look-up).
 */

// GB 32100-2015 §4: the code's alphabet leaves out I, O, Z, S and V (easily misread).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// §5: position i (1-based) weighs 3^(i-1) mod 31.
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
// Position 1, the registering authority: 1 机构编制, 5 民政, 9 工商 (market regulation), Y others…
const AUTHORITIES = '123456789ABCDEFGHJKLMNY';

/** The check character (position 18) of a code's first 17 characters (GB 32100-2015 §5). */
export function creditCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`not in the GB 32100 alphabet: ${first17.charAt(i)}`);
    sum += value * (WEIGHTS[i] as number);
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Why a unified social credit code is refused, or null when it is well formed. */
export function creditCodeProblem(
  code: string,
): 'length' | 'characters' | 'authority' | 'region' | 'check' | null {
  if (code.length !== 18) return 'length';
  if (![...code].every((c) => ALPHABET.includes(c))) return 'characters';
  if (!AUTHORITIES.includes(code.charAt(0))) return 'authority';
  // Positions 3–8: the registering authority's GB/T 2260 region code.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'region';
  return creditCheckCharacter(code.slice(0, 17)) === code.charAt(17) ? null : 'check';
}

// 药品经营许可证编号 (药品经营许可证管理办法, 2004, art. 12): 省份简称 + two class letters + 4-digit
// area code + 5-digit sequence. First letter A wholesale, B a chain's headquarters, C a chain's
// store, D a single retail pharmacy; second letter A legal person, B not.
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const LICENCE = new RegExp(`^[${PROVINCES}]([A-D])[AB]\\d{9}$`);

/** Why a drug-trade licence number is refused for a pharmacy, or null when it is well formed. */
export function licenceProblem(licence: string): 'format' | 'wholesale' | null {
  const m = LICENCE.exec(licence);
  if (!m) return 'format';
  // A wholesaler does not sell to residents.
  return m[1] === 'A' ? 'wholesale' : null;
}
