/**
 * Resident identity numbers (公民身份号码, GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type Sex = 'M' | 'F';

export interface CertnoFacts {
  readonly regionCode: string;
  /** ISO date, yyyy-mm-dd */
  readonly birthDate: string;
  readonly sex: Sex;
}

export type CertnoResult =
  | { readonly ok: true; readonly value: CertnoFacts & { readonly certno: string } }
  | { readonly ok: false; readonly reason: 'format' | 'birthDate' | 'checkDigit' };

/** The check character for the first 17 digits. */
export function certnoCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= (days[m - 1] ?? 0);
}

/**
 * Validates an 18-character ID number and derives birth date and sex from it.
 * A lowercase x is accepted and normalised to X.
 */
export function parseCertno(input: string): CertnoResult {
  const certno = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(certno)) return { ok: false, reason: 'format' };
  const y = Number(certno.slice(6, 10));
  const m = Number(certno.slice(10, 12));
  const d = Number(certno.slice(12, 14));
  if (y < 1880 || !isValidDate(y, m, d)) return { ok: false, reason: 'birthDate' };
  if (certnoCheckChar(certno.slice(0, 17)) !== certno[17]) return { ok: false, reason: 'checkDigit' };
  return {
    ok: true,
    value: {
      certno,
      regionCode: certno.slice(0, 6),
      birthDate: `${certno.slice(6, 10)}-${certno.slice(10, 12)}-${certno.slice(12, 14)}`,
      sex: Number(certno[16]) % 2 === 1 ? 'M' : 'F',
    },
  };
}

/** Builds a valid ID number from its parts; used by demo data and tests. */
export function makeCertno(regionCode: string, birthDate: string, sequence: number, sex: Sex): string {
  const seq = sequence * 10 + (sex === 'M' ? 1 : 0);
  const adjusted = seq % 1000; // 3 digits, last one carries the sex
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(adjusted).padStart(3, '0')}`;
  return first17 + certnoCheckChar(first17);
}
