/**
 * Enrolment rules (参保登记). Basic medical insurance is either employee (310) or resident (390);
 * a person holds at most one active basic enrolment. Joining employee insurance ends an active
 * resident enrolment the day before (职工医保优先, 不得重复参保); joining resident insurance while
 * employee insurance is active is refused. Supplementary types need the matching basic type.
 */
export type InsuranceType = '310' | '390' | '320' | '330' | '392';
export type PersonCategory =
  | 'employee_active'
  | 'employee_retired'
  | 'flexible'
  | 'student'
  | 'child'
  | 'adult_resident'
  | 'elderly_resident';

export const INSURANCE_TYPE_NAMES: Readonly<
  Record<InsuranceType, { readonly zh: string; readonly en: string }>
> = {
  '310': { zh: '职工基本医疗保险', en: 'Employee basic medical insurance' },
  '390': { zh: '城乡居民基本医疗保险', en: 'Resident basic medical insurance' },
  '320': { zh: '公务员医疗补助', en: 'Civil-servant medical subsidy' },
  '330': { zh: '大额医疗费用补助', en: 'Large-amount medical subsidy' },
  '392': { zh: '城乡居民大病保险', en: 'Resident critical-illness insurance' },
};

export const CATEGORY_NAMES: Readonly<Record<PersonCategory, { readonly zh: string; readonly en: string }>> =
  {
    employee_active: { zh: '在职职工', en: 'Active employee' },
    employee_retired: { zh: '退休人员', en: 'Retired employee' },
    flexible: { zh: '灵活就业人员', en: 'Flexible worker' },
    student: { zh: '学生', en: 'Student' },
    child: { zh: '儿童', en: 'Child' },
    adult_resident: { zh: '成年居民', en: 'Adult resident' },
    elderly_resident: { zh: '老年居民', en: 'Elderly resident' },
  };

const EMPLOYEE_CATEGORIES: readonly PersonCategory[] = ['employee_active', 'employee_retired', 'flexible'];
const RESIDENT_CATEGORIES: readonly PersonCategory[] = [
  'student',
  'child',
  'adult_resident',
  'elderly_resident',
];

/** The basic type a supplementary type rides on. */
const REQUIRES_BASIC: Readonly<Partial<Record<InsuranceType, '310' | '390'>>> = {
  '320': '310',
  '330': '310',
  '392': '390',
};

export function isBasic(t: InsuranceType): t is '310' | '390' {
  return t === '310' || t === '390';
}

export interface ActiveEnrolment {
  readonly id: number;
  readonly insuranceType: InsuranceType;
  readonly startDate: string;
}

export interface EnrolmentRequest {
  readonly insuranceType: InsuranceType;
  readonly category: PersonCategory;
  readonly startDate: string;
  readonly hasEmployer: boolean;
}

/** What enrolling means for the person's other active enrolments. */
export type EnrolmentPlan =
  | {
      readonly kind: 'enrol';
      /** enrolments to end, with the end date and reason */
      readonly end: readonly { readonly id: number; readonly endDate: string; readonly reason: string }[];
    }
  | {
      readonly kind: 'refuse';
      readonly code: 'YB_ERR_ALREADY_ENROLLED' | 'YB_ERR_BASIC_ENROLMENT_CONFLICT' | 'YB_ERR_VALIDATION';
      readonly field?: string;
      readonly reasonZh: string;
      readonly reasonEn: string;
    };

/** ISO date minus one day, computed on the calendar without a clock. */
export function dayBefore(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function planEnrolment(request: EnrolmentRequest, active: readonly ActiveEnrolment[]): EnrolmentPlan {
  const { insuranceType, category } = request;
  const basicOk =
    insuranceType === '310'
      ? EMPLOYEE_CATEGORIES.includes(category)
      : insuranceType === '390'
        ? RESIDENT_CATEGORIES.includes(category)
        : true;
  if (!basicOk) {
    return {
      kind: 'refuse',
      code: 'YB_ERR_VALIDATION',
      field: 'category',
      reasonZh: '人员类别与险种不符',
      reasonEn: 'The person category does not fit the insurance type',
    };
  }
  if (insuranceType === '310' && category === 'employee_active' && !request.hasEmployer) {
    return {
      kind: 'refuse',
      code: 'YB_ERR_VALIDATION',
      field: 'employerId',
      reasonZh: '在职职工参保须指定参保单位',
      reasonEn: 'An active employee must be enrolled through an employer',
    };
  }
  if (active.some((e) => e.insuranceType === insuranceType)) {
    return {
      kind: 'refuse',
      code: 'YB_ERR_ALREADY_ENROLLED',
      reasonZh: '已有有效的同险种参保登记',
      reasonEn: 'Already enrolled in this insurance type',
    };
  }
  const required = REQUIRES_BASIC[insuranceType];
  if (required && !active.some((e) => e.insuranceType === required)) {
    return {
      kind: 'refuse',
      code: 'YB_ERR_VALIDATION',
      field: 'insuranceType',
      reasonZh: `须先参加${INSURANCE_TYPE_NAMES[required].zh}`,
      reasonEn: `Requires active ${INSURANCE_TYPE_NAMES[required].en}`,
    };
  }
  if (insuranceType === '390' && active.some((e) => e.insuranceType === '310')) {
    return {
      kind: 'refuse',
      code: 'YB_ERR_BASIC_ENROLMENT_CONFLICT',
      reasonZh: '已有有效的职工医保登记',
      reasonEn: 'Employee insurance is active',
    };
  }
  if (insuranceType === '310') {
    // Joining employee insurance ends resident insurance (and its critical-illness cover) the day before.
    const endDate = dayBefore(request.startDate);
    const toEnd = active.filter((e) => e.insuranceType === '390' || e.insuranceType === '392');
    if (toEnd.some((e) => e.startDate > endDate)) {
      return {
        kind: 'refuse',
        code: 'YB_ERR_VALIDATION',
        field: 'startDate',
        reasonZh: '职工医保开始日期早于居民医保开始日期',
        reasonEn: 'Employee insurance would start before the resident enrolment it replaces',
      };
    }
    return {
      kind: 'enrol',
      end: toEnd.map((e) => ({ id: e.id, endDate, reason: 'joined_employee_insurance' })),
    };
  }
  return { kind: 'enrol', end: [] };
}

/** Ending a basic enrolment ends the supplementary types that ride on it. */
export function dependentsToEnd(
  ended: InsuranceType,
  active: readonly ActiveEnrolment[],
): readonly ActiveEnrolment[] {
  if (!isBasic(ended)) return [];
  return active.filter((e) => REQUIRES_BASIC[e.insuranceType] === ended);
}
