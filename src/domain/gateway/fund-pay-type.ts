/**
 * Our payers (breakdown.payers) as the national fund_pay_type codes of reference §3.4 and the
 * setlinfo column each one adds to.
 *
 * | payer | fund_pay_type | setlinfo column |
 * |---|---|---|
 * | pooledFund, employee (310) | 310100 职工基本医疗保险统筹基金 | hifp_pay |
 * | pooledFund, resident (390) | 390100 城乡居民基本医疗保险基金 | hifp_pay |
 * | civilServant | 320100 公务员医疗补助基金 | cvlserv_pay |
 * | largeAmount | 330100 大额医疗费用补助基金 | hifob_pay |
 * | criticalIllness | 390200 城乡居民大病医疗保险基金 | hifmi_pay |
 * | medicalAssistance | 610100 医疗救助基金 | maf_pay |
 * | tiltAssistance | 610102 医疗再救助 | maf_pay |
 * | inclusiveCommercial (惠民保) and anything else | 999997 其他基金 | oth_pay |
 * | personal account (employee) | 310200 职工基本医疗保险个人账户基金 | acct_pay (not a fund) |
 */
export type FundColumn =
  | 'hifp_pay'
  | 'cvlserv_pay'
  | 'hifes_pay'
  | 'hifmi_pay'
  | 'hifob_pay'
  | 'maf_pay'
  | 'oth_pay';

export interface FundPayType {
  readonly code: string;
  readonly name: string;
  readonly column: FundColumn;
}

const FIXED: Readonly<Record<string, FundPayType>> = {
  civilServant: { code: '320100', name: '公务员医疗补助基金', column: 'cvlserv_pay' },
  largeAmount: { code: '330100', name: '大额医疗费用补助基金', column: 'hifob_pay' },
  criticalIllness: { code: '390200', name: '城乡居民大病医疗保险基金', column: 'hifmi_pay' },
  medicalAssistance: { code: '610100', name: '医疗救助基金', column: 'maf_pay' },
  tiltAssistance: { code: '610102', name: '医疗再救助基金', column: 'maf_pay' },
};

const OTHER: FundPayType = { code: '999997', name: '其他基金', column: 'oth_pay' };

/** The fund_pay_type of a payer under an insurance type (310 employee, 390 resident). */
export function fundPayTypeOf(payer: string, insuranceType: string): FundPayType {
  if (payer === 'pooledFund')
    return insuranceType === '390'
      ? { code: '390100', name: '城乡居民基本医疗保险基金', column: 'hifp_pay' }
      : { code: '310100', name: '职工基本医疗保险统筹基金', column: 'hifp_pay' };
  return FIXED[payer] ?? OTHER;
}

/** The setldetail row of a personal-account payment (as real 2207 answers list it). */
export const PERSONAL_ACCOUNT_FUND = { code: '310200', name: '职工基本医疗保险个人账户基金' } as const;

export const FUND_COLUMNS: readonly FundColumn[] = [
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
];
