import type { CrossRegionStatus } from '../policy/policy.js';

/**
 * 异地就医备案: the kinds of cross-region filing. 转诊转院 (referral) is a filed temporary stay
 * for the policy (国家医保局 2022 通知: 临时外出就医人员 include 异地转诊人员).
 */
export type FilingKind = 'longTermResidence' | 'temporary' | 'referral';

export const FILING_KINDS: readonly FilingKind[] = ['longTermResidence', 'temporary', 'referral'];

export const FILING_KIND_NAMES: Readonly<Record<FilingKind, string>> = {
  longTermResidence: '异地长期居住',
  temporary: '临时外出就医',
  referral: '转诊转院',
};

/** The policy's cross-region status a visit gets from an active filing of this kind. */
export function crossRegionStatusOf(kind: FilingKind): CrossRegionStatus {
  switch (kind) {
    case 'longTermResidence':
      return 'filedLongTerm';
    case 'temporary':
    case 'referral':
      return 'filedTemporary';
  }
}

/**
 * The end of a filing when none is given: long-term residence stays until revoked (null);
 * temporary care and referrals last six months (the national rule: 临时外出就医备案有效期原则上
 * 不少于 6 个月), i.e. to the day before the same day six months on (clamped to the month's end).
 */
export function defaultEndDate(kind: FilingKind, beginDate: string): string | null {
  if (kind === 'longTermResidence') return null;
  const [y, m, d] = beginDate.split('-').map(Number) as [number, number, number];
  const month = m - 1 + 6;
  const year = y + Math.floor(month / 12);
  const mon = month % 12;
  const lastDay = new Date(Date.UTC(year, mon + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(year, mon, Math.min(d, lastDay)) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/** Whether two periods (end null = open) share a day. */
export function periodsOverlap(
  a: { readonly begin: string; readonly end: string | null },
  b: { readonly begin: string; readonly end: string | null },
): boolean {
  return (a.end === null || a.end >= b.begin) && (b.end === null || b.end >= a.begin);
}
