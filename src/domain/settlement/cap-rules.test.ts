import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../policy/policy-document.js';
import type { Breakdown } from './breakdown.js';
import { parseClaimDocument } from './claim-document.js';
import { settle } from './settle.js';

/** cap.rules: annual limits that differ by person category (or any condition), first match wins. */
const doc = {
  id: 'cap-rules',
  name: 'caps by category',
  region: '370300',
  insuranceType: '390',
  effectiveFrom: '2026-01-01',
  benefits: {
    inpatient: {
      deductible: { per: 'admission', amounts: [{ amount: 0 }] },
      ratios: [{ ratio: 0.8 }],
      cap: {
        fundPerYear: 150000,
        eligiblePerYear: 400000,
        rules: [
          { when: { categories: ['child', 'student'] }, fundPerYear: 200000, note: '少儿学生封顶线' },
          { when: { categories: ['elderly_resident'] }, eligiblePerYear: 100000 },
        ],
      },
    },
  },
};

function run(category: string, fundPaidSoFar: number, eligibleSoFar = 0): Breakdown {
  const compiled = compilePolicy(doc);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  const claim = parseClaimDocument({
    benefit: 'inpatient',
    serviceDate: '2026-05-01',
    institutionLevel: 3,
    person: { category, age: category === 'child' ? 8 : 70, sex: 'F' },
    lines: [{ name: '手术', itemClass: 'A', unitPrice: 50000 }],
  });
  if (!claim.ok) throw new Error(JSON.stringify(claim.problems));
  const r = settle(compiled.policy, claim.claim, {
    accumulators: { 'inpatient.fund': fundPaidSoFar, 'inpatient.eligible': eligibleSoFar },
  });
  if (!r.ok) throw new Error(r.reason);
  return r.breakdown;
}

const fund = (b: Breakdown) => b.payers.find((p) => p.payer === 'pooledFund')?.amount ?? 0;
const capStep = (b: Breakdown) => b.steps.find((s) => s.rule === 'pooledFund.cap');

describe('cap rules', () => {
  it('applies the first rule that fits the person, naming it in the explanation', () => {
    // a child: 200 000 cap, 190 000 paid, so 10 000 left of 40 000 (80 % of 50 000)
    const child = run('child', 190000_00);
    expect(fund(child)).toBe(10000_00);
    expect(capStep(child)?.clause).toBe('/benefits/inpatient/cap/rules/0/fundPerYear (少儿学生封顶线)');
  });

  it('keeps the benefit’s limit for everyone no rule fits', () => {
    // an adult: 150 000 cap already reached by 140 000 + this 40 000 → 10 000
    const adult = run('adult_resident', 140000_00);
    expect(fund(adult)).toBe(10000_00);
    expect(capStep(adult)?.clause).toBe('/benefits/inpatient/cap/fundPerYear');
    expect(fund(run('adult_resident', 190000_00))).toBe(0);
  });

  it('replaces only the limits a rule states', () => {
    // elderly: eligible cost limited to 100 000 a year (rule), fund cap still 150 000 (benefit)
    const elderly = run('elderly_resident', 0);
    expect(fund(elderly)).toBe(40000_00);
    const limited = run('elderly_resident', 140000_00);
    expect(fund(limited)).toBe(10000_00);
    expect(capStep(limited)?.clause).toBe('/benefits/inpatient/cap/fundPerYear');
    // 80 000 of the elderly person's 100 000 eligible limit used: 20 000 × 80 % = 16 000
    const nearLimit = run('elderly_resident', 0, 80000_00);
    expect(fund(nearLimit)).toBe(16000_00);
    expect(nearLimit.steps.find((s) => s.rule === 'pooledFund.eligibleCap')?.clause).toBe(
      '/benefits/inpatient/cap/rules/1/eligiblePerYear',
    );
    // an adult has the benefit's 400 000: the same history leaves the whole 40 000
    expect(fund(run('adult_resident', 0, 80000_00))).toBe(40000_00);
  });

  it('refuses a rule that states no limit, naming its path', () => {
    const bad = compilePolicy({
      ...doc,
      benefits: { inpatient: { ...doc.benefits.inpatient, cap: { rules: [{ when: { levels: [3] } }] } } },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.path)).toContain('/benefits/inpatient/cap/rules/0');
  });
});
