import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../policy/policy-document.js';
import type { Breakdown } from './breakdown.js';
import { parseClaimDocument } from './claim-document.js';
import { settle } from './settle.js';

/** `not` in conditions, and tiers of one exclusive group (only the first that fits pays). */
function policy(tiers: unknown[], ratios: unknown[] = [{ ratio: 0.5 }]) {
  const r = compilePolicy({
    id: 'conditions',
    name: 'conditions',
    region: '370300',
    insuranceType: '390',
    effectiveFrom: '2026-01-01',
    benefits: { inpatient: { deductible: { per: 'none' }, ratios } },
    tiers,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}

function run(p: ReturnType<typeof policy>, category: string, assistanceCategories: string[] = []): Breakdown {
  const claim = parseClaimDocument({
    benefit: 'inpatient',
    serviceDate: '2026-05-01',
    institutionLevel: 2,
    person: { category, age: 60, sex: 'M', assistanceCategories },
    lines: [{ name: '住院', itemClass: 'A', unitPrice: 10000 }],
  });
  if (!claim.ok) throw new Error(JSON.stringify(claim.problems));
  const r = settle(p, claim.claim, { accumulators: {} });
  if (!r.ok) throw new Error(r.reason);
  return r.breakdown;
}

const paid = (b: Breakdown, payer: string) => b.payers.find((x) => x.payer === payer)?.amount ?? 0;

// 救助: 特困 pays 100 % of what the person still owes, 低保 70 %, each from the same base
const assistance = (exclusiveGroup?: string) =>
  [
    ['extremePoor', 1],
    ['lowIncome', 0.7],
  ].map(([category, ratio]) => ({
    id: `assist-${category}`,
    payer: 'medicalAssistance',
    when: { assistanceCategories: [category] },
    ...(exclusiveGroup ? { exclusiveGroup } : {}),
    parts: [{ base: ['inScopeShare'], segments: [{ ratio }] }],
  }));

describe('conditions with not', () => {
  it('picks the rule whose not-part does not hold', () => {
    const p = policy(
      [],
      [
        { when: { not: { categories: ['employee_retired', 'elderly_resident'] } }, ratio: 0.6 },
        { ratio: 0.8 },
      ],
    );
    expect(paid(run(p, 'adult_resident'), 'pooledFund')).toBe(6000_00);
    expect(paid(run(p, 'elderly_resident'), 'pooledFund')).toBe(8000_00);
  });

  it('refuses an empty not, which would never hold', () => {
    const r = compilePolicy({
      id: 'x',
      name: 'x',
      region: '370300',
      insuranceType: '390',
      effectiveFrom: '2026-01-01',
      benefits: { inpatient: { ratios: [{ when: { not: {} }, ratio: 0.5 }] } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.some((x) => x.path.startsWith('/benefits/inpatient/ratios/0/when/not'))).toBe(true);
  });
});

describe('exclusive tiers', () => {
  it('pays every fitting tier when they are not grouped', () => {
    // 5 000 owed; 特困 pays it all, then 低保 finds nothing left
    const b = run(policy(assistance()), 'adult_resident', ['lowIncome', 'extremePoor']);
    expect(paid(b, 'medicalAssistance')).toBe(5000_00);
  });

  it('pays only the first fitting tier of a group', () => {
    const grouped = policy(assistance('assistance').reverse());
    // 低保 first in the policy's order: 70 % of 5 000, and 特困 is skipped
    const both = run(grouped, 'adult_resident', ['lowIncome', 'extremePoor']);
    expect(paid(both, 'medicalAssistance')).toBe(3500_00);
    expect(both.cash).toBe(1500_00);
    // one category alone still gets its own tier
    expect(paid(run(grouped, 'adult_resident', ['extremePoor']), 'medicalAssistance')).toBe(5000_00);
    // the same tiers without the group: 低保 3 500, then 特困 the remaining 1 500
    expect(
      paid(
        run(policy(assistance().reverse()), 'adult_resident', ['lowIncome', 'extremePoor']),
        'medicalAssistance',
      ),
    ).toBe(5000_00);
  });
});
