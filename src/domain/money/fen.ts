/**
 * Money is an integer number of fen (分), branded so that a plain number — and above all a
 * fractional one — cannot be used where an amount is expected.
 *
 * @example
 * fen(1250) // 12.50 yuan
 * parseYuan('12.5') // { ok: true, value: 1250 }
 */
declare const fenBrand: unique symbol;
export type Fen = number & { readonly [fenBrand]: 'Fen' };

/** Wraps a safe integer as fen; anything else is a programming error. */
export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new RangeError(`fen() needs a safe integer, got ${n}`);
  return n as Fen;
}

export type ParseYuanResult =
  | { readonly ok: true; readonly value: Fen }
  | { readonly ok: false; readonly reason: string };

const YUAN_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount written with at most two decimals ("12", "12.5", "12.50") into fen
 * exactly, by string arithmetic: no binary floating point is involved. More than two decimals is
 * refused rather than rounded, because a catalogue price with fractions of a fen is a data error.
 */
export function parseYuan(text: string): ParseYuanResult {
  const m = YUAN_PATTERN.exec(text.trim());
  if (!m) return { ok: false, reason: 'not a yuan amount with at most two decimals' };
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const value = whole * 100 + frac;
  return { ok: true, value: fen(m[1] ? -value : value) };
}

/** Formats fen as yuan with two decimals, e.g. 1250 → "12.50". */
export function formatYuan(amount: Fen): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A ratio in basis points: 10000 = 100 %. */
declare const bpBrand: unique symbol;
export type BasisPoints = number & { readonly [bpBrand]: 'BasisPoints' };

export function basisPoints(n: number): BasisPoints {
  if (!Number.isInteger(n) || n < 0 || n > 10000)
    throw new RangeError(`basis points must be 0..10000, got ${n}`);
  return n as BasisPoints;
}

const RATIO_PATTERN = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/**
 * Parses a ratio written as a fraction ("0.1", "0.05") or a percentage ("10%", "5.5%") into basis
 * points, exactly. Finer than one basis point is refused.
 */
export function parseRatio(
  text: string,
): { readonly ok: true; readonly value: BasisPoints } | { readonly ok: false; readonly reason: string } {
  const t = text.trim();
  const percent = t.endsWith('%');
  const m = RATIO_PATTERN.exec(percent ? t.slice(0, -1).trim() : t);
  if (!m) return { ok: false, reason: 'not a ratio such as 0.1 or 10%' };
  const whole = Number(m[1]);
  const frac = m[2] ?? '';
  // basis points = value × 10000 (fraction) or value × 100 (percent)
  const scale = percent ? 2 : 4;
  if (frac.length > scale) return { ok: false, reason: 'finer than one basis point' };
  const bp = whole * 10 ** scale + Number(frac.padEnd(scale, '0') || '0');
  if (bp > 10000) return { ok: false, reason: 'above 100 %' };
  return { ok: true, value: bp as BasisPoints };
}

/** Formats basis points as a fraction string with up to four decimals, e.g. 1000 → "0.1". */
export function formatRatio(bp: BasisPoints): string {
  const s = (bp / 10000).toFixed(4);
  return s.replace(/\.?0+$/, '') || '0';
}
