import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basisPoints, fen } from './fen.js';
import { applyRatio, divide, priceTimesQuantity } from './rounding.js';

describe('rounding', () => {
  it('rounds half up, down, up and half even as named', () => {
    expect(divide(25n, 10n, 'halfUp')).toBe(3n);
    expect(divide(24n, 10n, 'halfUp')).toBe(2n);
    expect(divide(25n, 10n, 'down')).toBe(2n);
    expect(divide(21n, 10n, 'up')).toBe(3n);
    expect(divide(25n, 10n, 'halfEven')).toBe(2n);
    expect(divide(35n, 10n, 'halfEven')).toBe(4n);
  });

  it('applies a ratio to the fen: 29595.80 × 83 % = 24564.51 (成都 2012)', () => {
    expect(applyRatio(fen(2959580), basisPoints(8300), 'halfUp')).toBe(2456451);
  });

  it('never pays more than the amount and is monotone in the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 10000 }),
        (a, extra, bp) => {
          const r = basisPoints(bp);
          const x = applyRatio(fen(a), r, 'halfUp');
          expect(x).toBeLessThanOrEqual(a);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(applyRatio(fen(a + extra), r, 'halfUp')).toBeGreaterThanOrEqual(x);
        },
      ),
    );
  });

  it('prices fractional quantities exactly', () => {
    expect(priceTimesQuantity(fen(1999), 5000, 'halfUp')).toBe(1000); // 19.99 × 0.5 = 9.995 → 10.00
    expect(priceTimesQuantity(fen(1250), 30000, 'halfUp')).toBe(3750);
  });
});
