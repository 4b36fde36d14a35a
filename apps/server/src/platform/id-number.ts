// Resident identity card numbers, GB 11643-1999: 6-digit region code (GB/T 2260), 8-digit birth date,
// 3-digit sequence, and an ISO 7064 MOD 11-2 check character.
// In platform, not accounts: pure and shared (verification, partner applications mask names, test
// fixtures build valid numbers), and the local `format` verifier is only honest next to these checks.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

export type IdNumberCheck =
  | { ok: true; idNumber: string; regionCode: string; birthDate: string }
  | { ok: false; reason: 'format' | 'checksum' | 'region' | 'birth_date' };

/**
 * Checks form, region prefix, birth date and check character. `knownRegion` decides the prefix: an
 * ID keeps the code of where it was first issued, which may be a district since merged, so the
 * caller accepts a prefix whose city still exists.
 */
export function checkIdNumber(
  raw: string,
  knownRegion: (code: string) => boolean,
  today: string,
): IdNumberCheck {
  const idNumber = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, reason: 'format' };
  if (checkCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return { ok: false, reason: 'checksum' };
  const regionCode = idNumber.slice(0, 6);
  if (!knownRegion(regionCode)) return { ok: false, reason: 'region' };
  const [y, m, d] = [idNumber.slice(6, 10), idNumber.slice(10, 12), idNumber.slice(12, 14)];
  const birthDate = `${y}-${m}-${d}`;
  const parsed = new Date(`${birthDate}T00:00:00Z`);
  const real = !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === birthDate;
  if (!real || Number(y) < 1900 || birthDate > today) return { ok: false, reason: 'birth_date' };
  return { ok: true, idNumber, regionCode, birthDate };
}

/** Whole years between a birth date and today, both 'YYYY-MM-DD'. */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** 440305199001011234 → 4403**********1234 */
export const maskIdNumber = (id: string): string => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`;

/** 张三 → 张*, 欧阳娜娜 → 欧***, Nuerguli → N******* */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, chars.length - 1))}`;
};
