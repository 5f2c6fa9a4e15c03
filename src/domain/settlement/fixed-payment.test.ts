import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../policy/policy-document.js';
import type { Breakdown } from './breakdown.js';
import { parseClaimDocument } from './claim-document.js';
import { settle } from './settle.js';

/** 定额 (fixed-amount) payment: maternity 顺产 / 剖宫产 by a visit flag, at most the eligible cost. */
const compiled = compilePolicy({
  id: 'fixed',
  name: 'maternity 定额',
  region: '370300',
  insuranceType: '310',
  effectiveFrom: '2026-01-01',
  benefits: {
    maternity: {
      ratios: [
        { when: { flags: ['cesarean'] }, fixed: 3000, note: '剖宫产定额' },
        { fixed: 2000, note: '顺产定额' },
      ],
      cap: { fundPerYear: 2500 },
    },
  },
});

function run(cost: number, flags: string[], fundPaid = 0): Breakdown {
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  const claim = parseClaimDocument({
    benefit: 'maternity',
    serviceDate: '2026-05-01',
    institutionLevel: 2,
    person: { category: 'employee_active', age: 30, sex: 'F', flags },
    lines: [
      { name: '分娩', itemClass: 'A', unitPrice: cost },
      { name: '自费药', itemClass: 'C', unitPrice: 100 },
    ],
  });
  if (!claim.ok) throw new Error(JSON.stringify(claim.problems));
  const r = settle(compiled.policy, claim.claim, { accumulators: { 'maternity.fund': fundPaid } });
  if (!r.ok) throw new Error(r.reason);
  expect(r.breakdown.fundTotal + r.breakdown.personTotal).toBe(r.breakdown.total);
  return r.breakdown;
}

const fund = (b: Breakdown) => b.payers.find((p) => p.payer === 'pooledFund')?.amount ?? 0;

describe('fixed-amount ratio rules (定额)', () => {
  it('pays the fixed amount of the first rule that fits, explained as such', () => {
    const b = run(5000, []);
    expect(fund(b)).toBe(2000_00);
    expect(b.cash).toBe(3000_00 + 100_00);
    const s = b.steps.find((x) => x.rule === 'pooledFund.fixed');
    expect(s?.clause).toBe('/benefits/maternity/ratios/1 (顺产定额)');
    expect(s?.formula).toBe('min(2000.00 fixed, 5000.00 eligible) = 2000.00');
  });

  it('never pays more than the eligible cost', () => {
    expect(fund(run(1200, []))).toBe(1200_00);
  });

  it('chooses by the visit flag and still honours the annual cap', () => {
    // 剖宫产 3 000, but the 2 500 cap leaves 2 500 (then 500 after 2 000 paid this year)
    expect(fund(run(8000, ['cesarean']))).toBe(2500_00);
    expect(fund(run(8000, ['cesarean'], 2000_00))).toBe(500_00);
  });

  it('takes exactly one of ratio, segments, ageFormula or fixed', () => {
    const r = compilePolicy({
      id: 'x',
      name: 'x',
      region: '370300',
      insuranceType: '310',
      effectiveFrom: '2026-01-01',
      benefits: { maternity: { ratios: [{ fixed: 2000, ratio: 1 }] } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain('/benefits/maternity/ratios/0');
  });
});
