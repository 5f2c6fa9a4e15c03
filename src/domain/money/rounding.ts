import { type BasisPoints, type Fen, fen } from './fen.js';

/**
 * Rounding modes for the one place amounts are divided. Policies name theirs; the default is
 * half-up to the fen (四舍五入到分), which every published example uses.
 */
export type RoundingMode = 'halfUp' | 'down' | 'up' | 'halfEven';

/** Divides a non-negative integer numerator by a positive integer denominator with a named mode, exactly (BigInt). */
export function divide(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = n / denominator;
  const r = n % denominator;
  let result = q;
  switch (mode) {
    case 'down':
      break;
    case 'up':
      if (r > 0n) result = q + 1n;
      break;
    case 'halfUp':
      if (r * 2n >= denominator) result = q + 1n;
      break;
    case 'halfEven':
      if (r * 2n > denominator || (r * 2n === denominator && q % 2n === 1n)) result = q + 1n;
      break;
    default: {
      const never: never = mode;
      throw new Error(`unknown rounding mode ${String(never)}`);
    }
  }
  return negative ? -result : result;
}

/** amount × ratio, rounded to the fen: the only multiplication of money by a ratio. */
export function applyRatio(amount: Fen, ratio: BasisPoints, mode: RoundingMode): Fen {
  return fen(Number(divide(BigInt(amount) * BigInt(ratio), 10000n, mode)));
}

/** price × quantity where quantity is in ten-thousandths (0.5 box = 5000), rounded to the fen. */
export function priceTimesQuantity(price: Fen, quantity10k: number, mode: RoundingMode): Fen {
  return fen(Number(divide(BigInt(price) * BigInt(quantity10k), 10000n, mode)));
}

export function minFen(...values: Fen[]): Fen {
  return fen(Math.min(...values));
}

export function maxFen(...values: Fen[]): Fen {
  return fen(Math.max(...values));
}

export function sumFen(values: readonly Fen[]): Fen {
  let s = 0;
  for (const v of values) s += v;
  return fen(s);
}
