import { describe, expect, it } from 'vitest';
import { makeCertno } from '../identity/certno.js';
import { ageOn, checkPersonInput } from './person-input.js';

describe('person input', () => {
  const certno = makeCertno('370303', '1980-05-17', 12, 'F');

  it('derives sex and birth date from the ID number', () => {
    expect(checkPersonInput({ certno, name: '王秀英' })).toEqual({
      ok: true,
      certno,
      sex: 'F',
      birthDate: '1980-05-17',
    });
  });

  it('names every bad field at once', () => {
    const r = checkPersonInput({ certno, name: '', sex: 'M', birthDate: '1980-05-18', phone: '123' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(['name', 'phone', 'sex', 'birthDate']);
  });

  it('counts age in whole years', () => {
    expect(ageOn('1980-05-17', '2026-05-16')).toBe(45);
    expect(ageOn('1980-05-17', '2026-05-17')).toBe(46);
  });
});
