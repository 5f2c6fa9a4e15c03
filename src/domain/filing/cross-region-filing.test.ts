import { describe, expect, it } from 'vitest';
import { crossRegionStatusOf, defaultEndDate, periodsOverlap } from './cross-region-filing.js';

describe('cross-region filing', () => {
  it('maps long-term residence to filedLongTerm and temporary care and referrals to filedTemporary', () => {
    expect(crossRegionStatusOf('longTermResidence')).toBe('filedLongTerm');
    expect(crossRegionStatusOf('temporary')).toBe('filedTemporary');
    expect(crossRegionStatusOf('referral')).toBe('filedTemporary');
  });

  it('lets a long-term filing run until revoked and a temporary one six months', () => {
    expect(defaultEndDate('longTermResidence', '2026-06-10')).toBeNull();
    expect(defaultEndDate('temporary', '2026-06-10')).toBe('2026-12-09');
    expect(defaultEndDate('referral', '2026-08-31')).toBe('2027-02-27');
    expect(defaultEndDate('temporary', '2026-01-01')).toBe('2026-06-30');
  });

  it('finds overlapping periods, open ends included', () => {
    expect(
      periodsOverlap({ begin: '2026-01-01', end: '2026-01-31' }, { begin: '2026-01-31', end: null }),
    ).toBe(true);
    expect(
      periodsOverlap({ begin: '2026-01-01', end: '2026-01-31' }, { begin: '2026-02-01', end: '2026-03-01' }),
    ).toBe(false);
    expect(
      periodsOverlap({ begin: '2026-05-01', end: null }, { begin: '2026-01-01', end: '2026-04-30' }),
    ).toBe(false);
  });
});
