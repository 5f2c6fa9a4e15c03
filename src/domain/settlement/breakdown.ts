import type { Fen } from '../money/fen.js';

/** One step of the explanation: what was computed, by which rule, with the arithmetic. */
export interface Step {
  /** e.g. line.firstSelfPay, pooledFund.deductible, tier.criticalIllness */
  readonly rule: string;
  /** where in the policy document the rule comes from */
  readonly clause: string;
  readonly amount: Fen;
  /** the arithmetic in yuan, e.g. "(50000.00 − 300.00) × 70% = 34790.00" */
  readonly formula: string;
  readonly zh: string;
  readonly en: string;
  readonly lineNo?: number;
}

export interface LineResult {
  readonly lineNo: number;
  readonly code: string;
  readonly amount: Fen;
  readonly fullSelfPay: Fen;
  readonly overLimitSelfPay: Fen;
  readonly firstSelfPay: Fen;
  readonly inScope: Fen;
  /** why the line is (partly) self-paid */
  readonly reason?: string;
}

export interface Payment {
  readonly payer: string;
  readonly amount: Fen;
}

export interface Breakdown {
  readonly total: Fen;
  readonly fullSelfPay: Fen;
  readonly overLimitSelfPay: Fen;
  readonly firstSelfPay: Fen;
  readonly inScope: Fen;
  readonly deductible: Fen;
  /** pooled fund first, then each tier in policy order */
  readonly payers: readonly Payment[];
  readonly fundTotal: Fen;
  readonly personTotal: Fen;
  readonly personalAccount: Fen;
  /** drawn per account owner */
  readonly accountPayments: readonly { readonly owner: string; readonly amount: Fen }[];
  readonly cash: Fen;
  readonly lines: readonly LineResult[];
  readonly steps: readonly Step[];
  /** accumulator key → change made by this settlement (reversal subtracts it) */
  readonly accumulators: Readonly<Record<string, number>>;
}

export type SettleResult =
  | { readonly ok: true; readonly breakdown: Breakdown }
  | {
      readonly ok: false;
      readonly code: 'YB_ERR_BENEFIT_NOT_COVERED' | 'YB_ERR_NO_RATIO_RULE' | 'YB_ERR_BAD_CLAIM';
      readonly reason: string;
    };
