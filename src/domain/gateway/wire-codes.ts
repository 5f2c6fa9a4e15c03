/** Our registry and catalogue values as the national code tables (reference §3). */

/** psn_type 人员类别 of an enrolment category (§3.3). */
export function psnTypeOf(category: string | null): string {
  switch (category) {
    case 'employee_active':
      return '1101';
    case 'flexible':
      return '1103';
    case 'employee_retired':
      return '1201';
    case 'child':
      return '1402';
    case 'student':
      return '1403';
    case 'adult_resident':
    case 'elderly_resident':
      return '1501';
    default:
      return '';
  }
}

/** gend: 1 男, 2 女. */
export function gendOf(sex: 'M' | 'F'): '1' | '2' {
  return sex === 'M' ? '1' : '2';
}

/** chrgitm_lv 收费项目等级: 01 甲类, 02 乙类, 03 丙类. */
export function chrgitmLvOf(itemClass: string): string {
  return itemClass === 'A' ? '01' : itemClass === 'B' ? '02' : '03';
}

/** psn_insu_stas: 1 正常参保, 2 暂停参保, 3 终止参保. */
export function insuranceStatusOf(status: string): string {
  return status === 'active' ? '1' : status === 'suspended' ? '2' : '3';
}

/** clr_type 清算类别: 11 门诊, 21 住院. */
export function clearingTypeOf(benefit: string): string {
  return benefit === 'inpatient' ? '21' : '11';
}

/** A ratio in basis points as a decimal with four places, e.g. 1000 → 0.1. */
export function ratioOf(bp: number | null): number {
  return bp === null ? 0 : Number((bp / 10000).toFixed(4));
}
