import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Claim } from './claim.js';
import { claimToDocument, parseClaimDocument } from './claim-document.js';

const claimArb: fc.Arbitrary<Claim> = fc.record({
  benefit: fc.constantFrom('outpatientPooling', 'inpatient', 'chronicOutpatient'),
  serviceDate: fc.constant('2026-06-01'),
  institutionLevel: fc.integer({ min: 0, max: 3 }),
  person: fc.record({
    category: fc.constantFrom('employee_active', 'adult_resident'),
    age: fc.integer({ min: 0, max: 110 }),
    sex: fc.constantFrom('M', 'F'),
    crossRegion: fc.constantFrom('local', 'unfiledTemporary'),
  }),
  useAccount: fc.boolean(),
  lines: fc.array(
    fc.record({
      lineNo: fc.integer({ min: 1, max: 999 }),
      code: fc.stringMatching(/^[A-Z][A-Z0-9]{4,20}$/),
      name: fc.constantFrom('布洛芬缓释胶囊', '血常规', '床位费'),
      quantity10k: fc.integer({ min: 0, max: 1_000_0000 }),
      unitPrice: fc.integer({ min: 0, max: 1e9 }),
      itemClass: fc.constantFrom('A', 'B', 'C', 'none'),
      firstSelfPay: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: undefined }),
      paymentStandard: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }),
      negotiated: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  ),
}) as unknown as fc.Arbitrary<Claim>;

const strip = <T extends object>(o: T) => JSON.parse(JSON.stringify(o)) as T;

describe('claim documents', () => {
  it('write back to a document that parses to the same claim', () => {
    fc.assert(
      fc.property(claimArb, (claim) => {
        const parsed = parseClaimDocument(claimToDocument(claim));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(strip(parsed.claim)).toEqual(strip(claim));
      }),
      { numRuns: 300 },
    );
  });
});
