import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/policy.js';
import { compilePolicy } from '../policy/policy-document.js';
import type { Claim, FeeLine, SettlementState } from './claim.js';
import { applyAccumulators } from './claim-document.js';
import { capsFor, settle } from './settle.js';

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Ascending, non-overlapping segments from a threshold, with ratios. */
const segmentsArb = fc
  .tuple(
    fc.integer({ min: 0, max: 5_000_00 }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 50_000_00 }), fc.integer({ min: 0, max: 10000 })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([start, parts]) => {
    let from = start;
    return parts.map(([width, bp], i) => {
      const seg = {
        from: yuan(from),
        ...(i < parts.length - 1 ? { to: yuan(from + width) } : {}),
        ratio: `${bp / 100}%`,
      };
      from += width;
      return seg;
    });
  });

const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    per: fc.constantFrom('year', 'admission', 'visit', 'none'),
    deductible: fc.integer({ min: 0, max: 2000_00 }),
    segments: segmentsArb,
    fundCap: fc.option(fc.integer({ min: 0, max: 500_000_00 }), { nil: undefined }),
    eligibleCap: fc.option(fc.integer({ min: 0, max: 500_000_00 }), { nil: undefined }),
    retiredFundCap: fc.option(fc.integer({ min: 0, max: 500_000_00 }), { nil: undefined }),
    fixed: fc.option(fc.integer({ min: 0, max: 50_000_00 }), { nil: undefined, freq: 4 }),
    netting: fc.integer({ min: 0, max: 50_00 }),
    classB: fc.integer({ min: 0, max: 3000 }),
    tiers: fc.array(
      fc.record({
        segments: segmentsArb,
        cap: fc.option(fc.integer({ min: 0, max: 300_000_00 }), { nil: undefined }),
        withFirst: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    cross: fc.integer({ min: 0, max: 2000 }),
  })
  .map((p) => {
    const doc = {
      id: 'prop',
      name: 'property policy',
      region: '370300',
      insuranceType: '310',
      effectiveFrom: '2026-01-01',
      lines: {
        classBFirstSelfPay: `${p.classB / 100}%`,
        specialClasses: { implant: { firstSelfPay: 0.5, coinsurance: false } },
      },
      crossRegion: { unfiledTemporary: { extraFirstSelfPay: `${p.cross / 100}%` } },
      benefits: {
        inpatient: {
          deductible: {
            per: p.per,
            amounts: [{ amount: yuan(p.deductible) }],
            laterAdmissions: { factors: [1, 0.75, 0.5], floor: 150 },
          },
          ratios: [p.fixed === undefined ? { segments: p.segments } : { fixed: yuan(p.fixed) }],
          cap: {
            ...(p.fundCap !== undefined ? { fundPerYear: yuan(p.fundCap) } : {}),
            ...(p.eligibleCap !== undefined ? { eligiblePerYear: yuan(p.eligibleCap) } : {}),
            ...(p.retiredFundCap !== undefined
              ? {
                  rules: [
                    { when: { categories: ['employee_retired'] }, fundPerYear: yuan(p.retiredFundCap) },
                  ],
                }
              : {}),
          },
          afterRatioDeduction: yuan(p.netting),
        },
      },
      tiers: p.tiers.map((t, i) => ({
        id: `t${i}`,
        payer: `payer${i}`,
        parts: [
          {
            base: t.withFirst ? ['inScopeShare', 'firstSelfPay'] : ['inScopeShare'],
            segments: t.segments,
            ...(t.cap !== undefined ? { capPerYear: yuan(t.cap) } : {}),
          },
        ],
      })),
    };
    const r = compilePolicy(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.policy;
  });

const lineArb = (i: number): fc.Arbitrary<FeeLine> =>
  fc.record({
    lineNo: fc.constant(i + 1),
    code: fc.constant(`L${i}`),
    name: fc.constant(`line ${i}`),
    quantity10k: fc.integer({ min: 0, max: 50_0000 }),
    unitPrice: fc.integer({ min: 0, max: 20_000_00 }),
    itemClass: fc.constantFrom('A', 'B', 'C', 'none'),
    paymentStandard: fc.option(fc.integer({ min: 0, max: 20_000_00 }), { nil: undefined }),
    specialClass: fc.option(fc.constant('implant'), { nil: undefined, freq: 5 }),
  }) as fc.Arbitrary<FeeLine>;

const claimArb: fc.Arbitrary<Claim> = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    cross: fc.constantFrom('local', 'unfiledTemporary'),
    useAccount: fc.boolean(),
    retired: fc.boolean(),
  })
  .chain(({ n, cross, useAccount, retired }) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => lineArb(i))).map((lines) => ({
      benefit: 'inpatient' as const,
      serviceDate: '2026-05-01',
      institutionLevel: 3,
      person: {
        category: retired ? 'employee_retired' : 'employee_active',
        age: retired ? 65 : 40,
        sex: 'M' as const,
        crossRegion: cross as 'local' | 'unfiledTemporary',
      },
      lines,
      useAccount,
    })),
  );

const stateArb: fc.Arbitrary<SettlementState> = fc.record({
  accumulators: fc.record({
    'inpatient.deductible': fc.integer({ min: 0, max: 2000_00 }),
    'inpatient.admissions': fc.integer({ min: 0, max: 4 }),
    'inpatient.eligible': fc.integer({ min: 0, max: 100_000_00 }),
    'inpatient.fund': fc.integer({ min: 0, max: 100_000_00 }),
  }),
  accounts: fc.array(
    fc.record({ owner: fc.constantFrom('self', 'spouse'), balance: fc.integer({ min: 0, max: 10_000_00 }) }),
    { maxLength: 2 },
  ),
}) as unknown as fc.Arbitrary<SettlementState>;

function run(policy: Policy, claim: Claim, state: SettlementState) {
  const r = settle(policy, claim, state);
  if (!r.ok) throw new Error(r.reason);
  return r.breakdown;
}

describe('settlement engine properties', () => {
  it('fund + person = total, nothing negative, lines add up', () => {
    fc.assert(
      fc.property(policyArb, claimArb, stateArb, (policy, claim, state) => {
        const b = run(policy, claim, state);
        expect(b.fundTotal + b.personTotal).toBe(b.total);
        expect(b.personalAccount + b.cash).toBe(b.personTotal);
        expect(b.fullSelfPay + b.overLimitSelfPay + b.firstSelfPay + b.inScope).toBe(b.total);
        for (const v of [
          b.total,
          b.fundTotal,
          b.personTotal,
          b.cash,
          b.personalAccount,
          b.deductible,
          ...b.payers.map((p) => p.amount),
        ]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(v)).toBe(true);
        }
        for (const l of b.lines)
          expect(l.fullSelfPay + l.overLimitSelfPay + l.firstSelfPay + l.inScope).toBe(l.amount);
      }),
      { numRuns: 400 },
    );
  });

  it('no payer goes above its cap, and the pooled fund pays no more than what is in scope', () => {
    fc.assert(
      fc.property(policyArb, claimArb, stateArb, (policy, claim, state) => {
        const b = run(policy, claim, state);
        const benefit = policy.benefits.inpatient!;
        const fund = b.payers[0]!.amount;
        expect(fund).toBeLessThanOrEqual(b.inScope);
        const cap = capsFor(benefit, claim).fundPerYear;
        if (cap !== null)
          expect(fund).toBeLessThanOrEqual(Math.max(0, cap - (state.accumulators['inpatient.fund'] ?? 0)));
        policy.tiers.forEach((t, i) => {
          const paid = b.payers.find((p) => p.payer === `payer${i}`)?.amount ?? 0;
          const cap = t.parts[0]!.capPerYear;
          if (cap !== null) expect(paid).toBeLessThanOrEqual(cap);
        });
        const balances = (state.accounts ?? []).reduce((s, a) => s + a.balance, 0);
        expect(b.personalAccount).toBeLessThanOrEqual(balances);
      }),
      { numRuns: 400 },
    );
  });

  it("more in-scope cost never lowers the person's share", () => {
    fc.assert(
      fc.property(
        policyArb,
        claimArb,
        stateArb,
        fc.integer({ min: 1, max: 10_000_00 }),
        (policy, claim, state, extra) => {
          const before = run(policy, claim, state);
          const extraLine = {
            lineNo: 99,
            code: 'EXTRA',
            name: 'extra',
            quantity10k: 10000,
            unitPrice: extra,
            itemClass: 'A',
          } as FeeLine;
          const more: Claim = { ...claim, lines: [...claim.lines, extraLine] };
          const after = run(policy, more, state);
          expect(after.personTotal).toBeGreaterThanOrEqual(before.personTotal);
          expect(after.total).toBe(before.total + extra);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('pre-settlement equals settlement for the same state, and reversal restores the state', () => {
    fc.assert(
      fc.property(policyArb, claimArb, stateArb, (policy, claim, state) => {
        const pre = run(policy, claim, state);
        const settled = run(policy, claim, state);
        expect(settled).toEqual(pre);
        const after = applyAccumulators(state, settled.accumulators);
        const restored = applyAccumulators(after, settled.accumulators, -1);
        const clean = (s: SettlementState) =>
          Object.fromEntries(Object.entries(s.accumulators).filter(([, v]) => v !== 0));
        expect(clean(restored)).toEqual(clean(state));
        expect(restored.accounts).toEqual(state.accounts);
      }),
      { numRuns: 300 },
    );
  });

  it('never takes more deductible in a year than the annual amount', () => {
    fc.assert(
      fc.property(policyArb, fc.array(claimArb, { minLength: 1, maxLength: 5 }), (policy, claims) => {
        const benefit = policy.benefits.inpatient!;
        fc.pre(benefit.deductible.per === 'year');
        let state: SettlementState = { accumulators: {} };
        let taken = 0;
        for (const c of claims) {
          const b = run(policy, c, state);
          taken += b.deductible;
          state = applyAccumulators(state, b.accumulators);
        }
        expect(taken).toBeLessThanOrEqual(benefit.deductible.rules[0]!.amount);
      }),
      { numRuns: 200 },
    );
  });
});
