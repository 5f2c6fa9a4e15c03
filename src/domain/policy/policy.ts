import type { BasisPoints, Fen } from '../money/fen.js';
import type { RoundingMode } from '../money/rounding.js';

/**
 * A compiled policy: the document after validation, with money in fen and ratios in basis
 * points. The engine reads only this. See docs/policy-reference.md for the document format.
 */
export type BenefitKind =
  | 'outpatientPooling'
  | 'chronicOutpatient'
  | 'inpatient'
  | 'maternity'
  | 'tcmDayCare'
  | 'internet'
  | 'pharmacy';
export const BENEFIT_KINDS: readonly BenefitKind[] = [
  'outpatientPooling',
  'chronicOutpatient',
  'inpatient',
  'maternity',
  'tcmDayCare',
  'internet',
  'pharmacy',
];

export type CrossRegionStatus = 'local' | 'filedLongTerm' | 'filedTemporary' | 'unfiledTemporary';

/** The part of the person's burden a tier may pay from, after the pooled fund. */
export type Bucket =
  | 'inScopeShare'
  | 'firstSelfPay'
  | 'overLimit'
  | 'fullSelfPay'
  | 'specificDrug'
  | 'specialDrug';
export const BUCKETS: readonly Bucket[] = [
  'inScopeShare',
  'firstSelfPay',
  'overLimit',
  'fullSelfPay',
  'specificDrug',
  'specialDrug',
];

/** Conditions a rule applies under; an absent field matches anything. Level 0 = no level (pharmacy). */
export interface Condition {
  readonly levels?: readonly number[];
  readonly categories?: readonly string[];
  readonly ageMin?: number;
  readonly ageMax?: number;
  readonly crossRegion?: readonly CrossRegionStatus[];
  readonly assistanceCategories?: readonly string[];
  readonly benefits?: readonly BenefitKind[];
  /** person flags such as civilServant or huiminbao (enrolled in the city's inclusive commercial insurance); any one matches */
  readonly flags?: readonly string[];
  /** holds when these fields do not all hold, e.g. not: {assistanceCategories: [tekun]} */
  readonly not?: Omit<Condition, 'not'>;
}

export interface Segment {
  readonly from: Fen;
  readonly to: Fen | null;
  readonly ratio: BasisPoints;
}

export type RatioRule =
  | {
      readonly when: Condition;
      readonly kind: 'segments';
      readonly segments: readonly Segment[];
      readonly clause: string;
    }
  | {
      readonly when: Condition;
      readonly kind: 'ageFormula';
      /** ratio = base + perYear × age, at most max */
      readonly base: BasisPoints;
      readonly perYear: number;
      readonly max: BasisPoints;
      readonly clause: string;
    }
  | {
      readonly when: Condition;
      /** 定额: the fund pays this much per visit, at most the eligible cost */
      readonly kind: 'fixed';
      readonly amount: Fen;
      readonly clause: string;
    };

export interface DeductibleRule {
  readonly when: Condition;
  readonly amount: Fen;
  readonly clause: string;
}

/** Annual limits for the claims a condition selects; an absent limit keeps the benefit's. */
export interface CapRule {
  readonly when: Condition;
  readonly fundPerYear: Fen | undefined;
  readonly eligiblePerYear: Fen | undefined;
  /** where the rule is in the document, e.g. /benefits/inpatient/cap/rules/0 */
  readonly path: string;
  readonly note: string | undefined;
}

export interface Benefit {
  readonly kind: BenefitKind;
  /** Accumulators (deductible, admissions, eligible cost, fund paid) are kept under this key; shared keys share them. */
  readonly accumulatorKey: string;
  readonly deductible: {
    readonly per: 'year' | 'admission' | 'visit' | 'none';
    readonly rules: readonly DeductibleRule[];
    /** factor for the 1st, 2nd, … admission in the year; the last repeats */
    readonly laterAdmissionFactors: readonly BasisPoints[];
    readonly floor: Fen | null;
  };
  readonly ratios: readonly RatioRule[];
  readonly cap: {
    readonly fundPerYear: Fen | null;
    readonly eligiblePerYear: Fen | null;
    readonly key: string;
    /** the first rule whose condition fits replaces the limits it states (e.g. by category) */
    readonly rules: readonly CapRule[];
  };
  /** a fixed amount netted from the fund payment after the ratio, per visit (南宁 style) */
  readonly afterRatioDeduction: Fen;
  /** service categories charged at a fraction of the standard fee (淄博 TCM day care: bed and nursing 30 %) */
  readonly chargeFactors: Readonly<Record<string, BasisPoints>>;
}

export interface SpecialClass {
  readonly firstSelfPay: BasisPoints;
  /** false: the fund pays all of the rest, with no deductible or co-payment (published 进口材料 example) */
  readonly coinsurance: boolean;
}

export interface TierPart {
  readonly id: string;
  readonly base: readonly Bucket[];
  readonly segments: readonly Segment[];
  readonly capPerYear: Fen | null;
  readonly clause: string;
}

export interface Tier {
  readonly id: string;
  /** payer name in the breakdown, e.g. criticalIllness, medicalAssistance, tiltAssistance, inclusiveCommercial */
  readonly payer: string;
  readonly when: Condition;
  /** of the tiers in one group, only the first whose condition fits pays (e.g. one assistance category) */
  readonly exclusiveGroup: string | null;
  readonly parts: readonly TierPart[];
  readonly capPerYear: Fen | null;
  readonly clause: string;
}

export interface Policy {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly insuranceType: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly rounding: RoundingMode;
  readonly accumulatorYearStartMonth: number;
  readonly lines: {
    readonly classBFirstSelfPay: BasisPoints;
    readonly negotiatedFirstSelfPay: BasisPoints | null;
    /** an item's own first self-pay ratio in the catalogue wins over the policy default */
    readonly itemRatioOverrides: boolean;
    readonly specialClasses: Readonly<Record<string, SpecialClass>>;
  };
  readonly benefits: Readonly<Partial<Record<BenefitKind, Benefit>>>;
  readonly crossRegion: Readonly<Record<CrossRegionStatus, { readonly extraFirstSelfPay: BasisPoints }>>;
  readonly tiers: readonly Tier[];
  readonly personalAccount: { readonly covers: 'all' | 'inScopeOnly' | 'none' };
  /** 先诊疗后付费: settle now, the person owes the cash share; null when the policy does not offer it. */
  readonly creditPayment: CreditPayment | null;
  readonly notes: readonly string[];
}

/** Credit payment (医保信用支付, 先诊疗后付费) as a policy allows it. */
export interface CreditPayment {
  /** the most a person may owe at once, this settlement's cash share included */
  readonly maxCash: Fen;
  /** days from settlement to the due date */
  readonly dueDays: number;
  /** a reminder is written this many days before the due date */
  readonly remindDaysBefore: number;
  /** person categories allowed; null means every category */
  readonly categories: readonly string[] | null;
}
