/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet, the last a MOD 31 check character over weighted positions.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '?';
}

export type UsccResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: 'format' | 'checkDigit' };

export function parseUscc(input: string): UsccResult {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code))
    return { ok: false, reason: 'format' };
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, reason: 'checkDigit' };
  return { ok: true, value: code };
}

/** Builds a valid code: registration authority 9 (市场监管) and kind 1 (企业) by default. */
export function makeUscc(regionCode: string, body9: string, prefix = '91'): string {
  const first17 = `${prefix}${regionCode}${body9}`;
  return first17 + usccCheckChar(first17);
}
