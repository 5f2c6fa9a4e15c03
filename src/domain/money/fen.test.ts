import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basisPoints, type Fen, fen, formatRatio, formatYuan, parseRatio, parseYuan } from './fen.js';

describe('fen', () => {
  it('refuses fractional amounts', () => {
    expect(() => fen(1.5)).toThrow(RangeError);
    // @ts-expect-error a plain number is not Fen
    const notFen: Fen = 1.5;
    expect(notFen).toBe(1.5);
  });

  it('parses yuan exactly', () => {
    expect(parseYuan('12.5')).toEqual({ ok: true, value: 1250 });
    expect(parseYuan('0.07')).toEqual({ ok: true, value: 7 });
    expect(parseYuan('1000')).toEqual({ ok: true, value: 100000 });
    expect(parseYuan('-3.10')).toEqual({ ok: true, value: -310 });
    expect(parseYuan('1.005').ok).toBe(false);
    expect(parseYuan('abc').ok).toBe(false);
    expect(parseYuan('').ok).toBe(false);
  });

  it('round-trips every amount through yuan text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        const r = parseYuan(formatYuan(fen(n)));
        expect(r).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe('ratios', () => {
  it('parses fractions and percentages into basis points', () => {
    expect(parseRatio('0.1')).toEqual({ ok: true, value: 1000 });
    expect(parseRatio('10%')).toEqual({ ok: true, value: 1000 });
    expect(parseRatio('5.5%')).toEqual({ ok: true, value: 550 });
    expect(parseRatio('1')).toEqual({ ok: true, value: 10000 });
    expect(parseRatio('1.5').ok).toBe(false);
    expect(parseRatio('0.12345').ok).toBe(false);
  });

  it('round-trips basis points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (n) => {
        expect(parseRatio(formatRatio(basisPoints(n)))).toEqual({ ok: true, value: n });
      }),
    );
  });
});
