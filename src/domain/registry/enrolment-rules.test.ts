import { describe, expect, it } from 'vitest';
import { dayBefore, dependentsToEnd, planEnrolment } from './enrolment-rules.js';

describe('enrolment rules', () => {
  it('ends resident insurance the day before employee insurance starts', () => {
    const plan = planEnrolment(
      { insuranceType: '310', category: 'employee_active', startDate: '2026-03-01', hasEmployer: true },
      [
        { id: 7, insuranceType: '390', startDate: '2020-01-01' },
        { id: 8, insuranceType: '392', startDate: '2020-01-01' },
      ],
    );
    expect(plan).toEqual({
      kind: 'enrol',
      end: [
        { id: 7, endDate: '2026-02-28', reason: 'joined_employee_insurance' },
        { id: 8, endDate: '2026-02-28', reason: 'joined_employee_insurance' },
      ],
    });
  });

  it('refuses resident insurance while employee insurance is active', () => {
    const plan = planEnrolment(
      { insuranceType: '390', category: 'adult_resident', startDate: '2026-01-01', hasEmployer: false },
      [{ id: 1, insuranceType: '310', startDate: '2020-01-01' }],
    );
    expect(plan.kind === 'refuse' && plan.code).toBe('YB_ERR_BASIC_ENROLMENT_CONFLICT');
  });

  it('refuses a second active enrolment of one type and a category that does not fit', () => {
    const again = planEnrolment(
      { insuranceType: '390', category: 'student', startDate: '2026-01-01', hasEmployer: false },
      [{ id: 1, insuranceType: '390', startDate: '2020-01-01' }],
    );
    expect(again.kind === 'refuse' && again.code).toBe('YB_ERR_ALREADY_ENROLLED');
    const misfit = planEnrolment(
      { insuranceType: '390', category: 'employee_active', startDate: '2026-01-01', hasEmployer: false },
      [],
    );
    expect(misfit.kind === 'refuse' && misfit.field).toBe('category');
  });

  it('requires the basic type under a supplementary one and an employer for active employees', () => {
    const large = planEnrolment(
      { insuranceType: '330', category: 'employee_active', startDate: '2026-01-01', hasEmployer: true },
      [],
    );
    expect(large.kind === 'refuse' && large.field).toBe('insuranceType');
    const noEmployer = planEnrolment(
      { insuranceType: '310', category: 'employee_active', startDate: '2026-01-01', hasEmployer: false },
      [],
    );
    expect(noEmployer.kind === 'refuse' && noEmployer.field).toBe('employerId');
  });

  it('ends the supplementary types riding on an ended basic type', () => {
    const active = [
      { id: 1, insuranceType: '310', startDate: '2020-01-01' },
      { id: 2, insuranceType: '330', startDate: '2020-01-01' },
      { id: 3, insuranceType: '320', startDate: '2020-01-01' },
    ] as const;
    expect(dependentsToEnd('310', active).map((e) => e.id)).toEqual([2, 3]);
    expect(dependentsToEnd('330', active)).toEqual([]);
  });

  it('computes the day before across month and leap-year ends', () => {
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
  });
});
