import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYuan } from '../src/domain/money/fen.js';
import type { Policy } from '../src/domain/policy/policy.js';
import { compilePolicy } from '../src/domain/policy/policy-document.js';
import type { Breakdown } from '../src/domain/settlement/breakdown.js';
import type { SettlementState } from '../src/domain/settlement/claim.js';
import {
  applyAccumulators,
  parseClaimDocument,
  parseStateDocument,
} from '../src/domain/settlement/claim-document.js';
import { settle } from '../src/domain/settlement/settle.js';

/**
 * The worked examples in docs/policy-reference.md and docs/claim-format.md, run as written. A
 * ```yaml block preceded by `<!-- example: policy|state|claim|expected|accumulators -->` is
 * part of an example; blocks run in page order, each claim from the state the previous one left.
 */
const root = path.resolve(import.meta.dirname, '..');

interface Block {
  readonly kind: string;
  readonly doc: unknown;
}

function examples(file: string): Block[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const re = /<!-- example: (\w+) -->\s*\n```yaml\n([\s\S]*?)\n```/g;
  return [...text.matchAll(re)].map((m) => ({ kind: m[1]!, doc: parse(m[2]!) }));
}

const fen = (yuan: unknown) => {
  const r = parseYuan(String(yuan));
  if (!r.ok) throw new Error(`bad expected amount ${String(yuan)}`);
  return r.value;
};

function compile(doc: unknown): Policy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}

/** Runs the blocks in order; returns how many claims were checked against an expected block. */
function runExamples(blocks: readonly Block[], initialPolicy?: Policy): number {
  let policy = initialPolicy;
  let state: SettlementState = { accumulators: {} };
  let last: Breakdown | undefined;
  let checked = 0;
  for (const [i, { kind, doc }] of blocks.entries()) {
    const where = `block ${i + 1} (${kind})`;
    switch (kind) {
      case 'policy':
        policy = compile(doc);
        break;
      case 'state': {
        const s = parseStateDocument(doc);
        if (!s.ok) throw new Error(`${where}: ${JSON.stringify(s.problems)}`);
        state = s.state;
        break;
      }
      case 'claim': {
        if (!policy) throw new Error(`${where}: no policy before the claim`);
        const c = parseClaimDocument(doc);
        if (!c.ok) throw new Error(`${where}: ${JSON.stringify(c.problems)}`);
        const r = settle(policy, c.claim, state);
        if (!r.ok) throw new Error(`${where}: ${r.code} ${r.reason}`);
        last = r.breakdown;
        expect(last.fundTotal + last.personTotal, where).toBe(last.total);
        state = applyAccumulators(state, last.accumulators);
        break;
      }
      case 'expected': {
        if (!last) throw new Error(`${where}: no claim before it`);
        for (const [key, want] of Object.entries(doc as Record<string, unknown>)) {
          if (key === 'payers') {
            for (const [payer, amount] of Object.entries(want as Record<string, unknown>)) {
              const got = last.payers.find((p) => p.payer === payer);
              expect(got, `${where}: payer ${payer} listed`).toBeDefined();
              expect(got?.amount, `${where}: ${payer}`).toBe(fen(amount));
            }
          } else {
            expect(key in last, `${where}: ${key} is a breakdown field`).toBe(true);
            expect(last[key as keyof Breakdown], `${where}: ${key}`).toBe(fen(want));
          }
        }
        checked++;
        break;
      }
      case 'accumulators':
        if (!last) throw new Error(`${where}: no claim before it`);
        expect(last.accumulators, where).toEqual(doc);
        break;
      default:
        throw new Error(`${where}: unknown example block`);
    }
  }
  return checked;
}

describe('docs/policy-reference.md', () => {
  const blocks = examples('docs/policy-reference.md');

  it('has a complete worked example: a policy, claims and their expected results', () => {
    const kinds = blocks.map((b) => b.kind);
    expect(kinds[0]).toBe('policy');
    expect(kinds).toContain('claim');
    expect(kinds).toContain('expected');
  });

  it('the worked example settles to the figures the page states', () => {
    expect(runExamples(blocks)).toBe(blocks.filter((b) => b.kind === 'claim').length);
  });
});

describe('docs/claim-format.md', () => {
  const file = 'docs/claim-format.md';
  const blocks = examples(file);
  const policyFile = 'policies/370300-310-2026.yaml';

  it('the example settles under the policy it names to the figures it states', () => {
    expect(fs.readFileSync(path.join(root, file), 'utf8')).toContain(policyFile);
    const policy = compile(parse(fs.readFileSync(path.join(root, policyFile), 'utf8')));
    expect(blocks.map((b) => b.kind)).toEqual(['claim', 'state', 'expected']);
    // the state describes the year before the claim, so run it first
    const ordered = [blocks[1]!, blocks[0]!, blocks[2]!];
    expect(runExamples(ordered, policy)).toBe(1);
  });

  it('accepts person flags in a claim document, as docs/claim-format.md says', () => {
    const claim = blocks.find((b) => b.kind === 'claim')!.doc as { person: object };
    const r = parseClaimDocument({ ...claim, person: { ...claim.person, flags: ['huiminbao'] } });
    expect(r.ok && r.claim.person.flags).toEqual(['huiminbao']);
  });
});
