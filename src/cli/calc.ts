import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { formatYuan } from '../domain/money/fen.js';
import { compilePolicy } from '../domain/policy/policy-document.js';
import type { Breakdown } from '../domain/settlement/breakdown.js';
import type { SettlementState } from '../domain/settlement/claim.js';
import {
  applyAccumulators,
  parseClaimDocument,
  parseStateDocument,
} from '../domain/settlement/claim-document.js';
import { payerName } from '../domain/settlement/payers.js';
import { settle } from '../domain/settlement/settle.js';

/** Reads a YAML or JSON file (YAML is a superset of JSON). */
export function readDocument(file: string): unknown {
  return parseYaml(fs.readFileSync(file, 'utf8'));
}

export class CalcInputError extends Error {
  override readonly name = 'CalcInputError';
}

/** Runs the engine on documents: the same code path as the settlement service, without a database. */
export function calculate(
  policyDoc: unknown,
  claimDoc: unknown,
  stateDoc?: unknown,
): { breakdown: Breakdown; stateAfter: SettlementState } {
  const policy = compilePolicy(policyDoc);
  if (!policy.ok)
    throw new CalcInputError(`policy: ${policy.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const claim = parseClaimDocument(claimDoc);
  if (!claim.ok)
    throw new CalcInputError(`claim: ${claim.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const state = parseStateDocument(stateDoc ?? {});
  if (!state.ok)
    throw new CalcInputError(`state: ${state.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const result = settle(policy.policy, claim.claim, state.state);
  if (!result.ok) throw new CalcInputError(`${result.code}: ${result.reason}`);
  return {
    breakdown: result.breakdown,
    stateAfter: applyAccumulators(state.state, result.breakdown.accumulators),
  };
}

/** The JSON answer of `yibao calc`: amounts in fen. */
export function calcJson(b: Breakdown, stateAfter: SettlementState) {
  return {
    total: b.total,
    fullSelfPay: b.fullSelfPay,
    overLimitSelfPay: b.overLimitSelfPay,
    firstSelfPay: b.firstSelfPay,
    inScope: b.inScope,
    deductible: b.deductible,
    payers: b.payers,
    fundTotal: b.fundTotal,
    personalAccount: b.personalAccount,
    accountPayments: b.accountPayments,
    cash: b.cash,
    personTotal: b.personTotal,
    lines: b.lines,
    steps: b.steps,
    accumulators: b.accumulators,
    stateAfter,
  };
}

/** A readable explanation in yuan for a clerk or a patient. */
export function formatExplanation(b: Breakdown): string {
  const out: string[] = [];
  const row = (label: string, amount: number) =>
    out.push(`${label.padEnd(36)}${formatYuan(amount as Breakdown['total']).padStart(14)}`);
  out.push('费用明细 lines');
  for (const l of b.lines) {
    out.push(
      `  #${l.lineNo} ${l.code}  ${formatYuan(l.amount)}  全自费 ${formatYuan(l.fullSelfPay)}  超限价 ${formatYuan(l.overLimitSelfPay)}  先行自付 ${formatYuan(l.firstSelfPay)}  范围内 ${formatYuan(l.inScope)}`,
    );
  }
  out.push('');
  row('医疗费总额 total', b.total);
  row('  全自费 full self-pay', b.fullSelfPay);
  row('  超限价自付 over-limit self-pay', b.overLimitSelfPay);
  row('  先行自付 first self-pay', b.firstSelfPay);
  row('  政策范围内 in scope', b.inScope);
  row('  起付标准 deductible', b.deductible);
  out.push('');
  for (const p of b.payers) row(`${payerName(p.payer).zh} ${payerName(p.payer).en}`, p.amount);
  row('基金支付合计 fund total', b.fundTotal);
  row('个人负担 person total', b.personTotal);
  row('  个人账户 personal account', b.personalAccount);
  row('  现金 cash', b.cash);
  out.push('');
  out.push('计算过程 steps');
  for (const s of b.steps)
    out.push(
      `  ${s.lineNo ? `#${s.lineNo} ` : ''}${s.zh} | ${s.en}\n      ${s.formula}    [${s.rule} ← ${s.clause}]`,
    );
  return `${out.join('\n')}\n`;
}
