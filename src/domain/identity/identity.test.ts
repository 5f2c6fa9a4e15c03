import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCertno, parseCertno } from './certno.js';
import { maskCertno, maskPhone } from './mask.js';
import { makeUscc, parseUscc } from './uscc.js';

describe('ID numbers (GB 11643)', () => {
  it('accepts a published valid number and derives birth date and sex', () => {
    // The standard's own example number.
    const r = parseCertno('11010519491231002X');
    expect(r).toEqual({
      ok: true,
      value: { certno: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'F' },
    });
  });

  it('refuses a wrong check digit, an impossible date and a bad format', () => {
    expect(parseCertno('110105194912310021')).toEqual({ ok: false, reason: 'checkDigit' });
    expect(parseCertno('110105194902300020')).toEqual({ ok: false, reason: 'birthDate' });
    expect(parseCertno('1101051949123100')).toEqual({ ok: false, reason: 'format' });
  });

  it('accepts every number it makes, with the same facts', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('M' as const, 'F' as const),
        (d, seq, sex) => {
          const birth = d.toISOString().slice(0, 10);
          const r = parseCertno(makeCertno('370303', birth, seq, sex));
          expect(r.ok && r.value.birthDate === birth && r.value.sex === sex).toBe(true);
        },
      ),
    );
  });

  it('masks the birth date out', () => {
    expect(maskCertno('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a valid code and refuses a wrong check character', () => {
    const code = makeUscc('370303', 'MA3C4B5D6');
    expect(parseUscc(code)).toEqual({ ok: true, value: code });
    const last = code[17] === '0' ? '1' : '0';
    expect(parseUscc(code.slice(0, 17) + last)).toEqual({ ok: false, reason: 'checkDigit' });
    expect(parseUscc('not-a-code')).toEqual({ ok: false, reason: 'format' });
  });

  it('accepts a published real code', () => {
    // The example code printed in GB 32100-2015 and a well-known company's code.
    expect(parseUscc('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(parseUscc('9111000071093123XX')).toEqual({ ok: true, value: '9111000071093123XX' });
    expect(parseUscc('91350100M000100Y44')).toEqual({ ok: false, reason: 'checkDigit' });
  });
});
