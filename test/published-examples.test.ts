import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYuan } from '../src/domain/money/fen.js';
import { compilePolicy } from '../src/domain/policy/policy-document.js';
import type { SettlementState } from '../src/domain/settlement/claim.js';
import {
  applyAccumulators,
  parseClaimDocument,
  parseStateDocument,
} from '../src/domain/settlement/claim-document.js';
import { settle } from '../src/domain/settlement/settle.js';

/**
 * Every published calculation in ../shared/examples, written as a policy document plus claims in
 * test/fixtures/published, reproduced to the fen. Cases of one example run in order, each starting
 * from the state the previous one left.
 */
const dir = path.resolve(import.meta.dirname, 'fixtures/published');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));

const fen = (yuan: number | string) => {
  const r = parseYuan(String(yuan));
  if (!r.ok) throw new Error(`bad expected amount ${yuan}`);
  return r.value;
};

interface Fixture {
  id: string;
  policy: unknown;
  cases: { claim: unknown; state?: unknown; expect: Record<string, number | Record<string, number>> }[];
}

describe('published reimbursement examples', () => {
  it('covers every example in shared/examples', () => {
    const published = path.resolve(import.meta.dirname, '../../shared/examples/published-examples.json');
    if (!fs.existsSync(published)) return; // the examples live beside the repository, not in it
    const ids = (JSON.parse(fs.readFileSync(published, 'utf8')) as { id: string }[]).map((e) => e.id).sort();
    expect(files.map((f) => f.replace('.yaml', '')).sort()).toEqual(ids);
  });

  for (const file of files) {
    const fixture = parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Fixture;
    it(`${fixture.id} reproduces the published figures to the fen`, () => {
      const compiled = compilePolicy(fixture.policy);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
      let state: SettlementState = { accumulators: {} };
      fixture.cases.forEach((c, i) => {
        if (c.state) {
          const s = parseStateDocument(c.state);
          if (!s.ok) throw new Error(JSON.stringify(s.problems));
          state = s.state;
        }
        const claim = parseClaimDocument(c.claim);
        if (!claim.ok) throw new Error(JSON.stringify(claim.problems));
        const result = settle(compiled.policy, claim.claim, state);
        if (!result.ok) throw new Error(result.reason);
        const b = result.breakdown;
        for (const [key, want] of Object.entries(c.expect)) {
          if (key === 'payers') {
            for (const [payer, amount] of Object.entries(want as Record<string, number>)) {
              expect(b.payers.find((p) => p.payer === payer)?.amount ?? 0, `case ${i + 1} ${payer}`).toBe(
                fen(amount),
              );
            }
          } else {
            expect(b[key as 'total'], `case ${i + 1} ${key}`).toBe(fen(want as number));
          }
        }
        expect(b.fundTotal + b.personTotal).toBe(b.total);
        state = applyAccumulators(state, b.accumulators);
      });
    });
  }
});
