/**
 * Engine throughput: fee lines per second on one core for a 10-line outpatient claim and a
 * 200-line inpatient claim under the shipped 淄博 employee policy, against a baseline run in the
 * same process (a loop that only sums the lines' amounts), so the ratio travels between machines.
 *
 *   npx tsx bench/engine.ts            # prints JSON and a table
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fen } from '../src/domain/money/fen.js';
import { compilePolicy } from '../src/domain/policy/policy-document.js';
import type { Claim, FeeLine } from '../src/domain/settlement/claim.js';
import { settle } from '../src/domain/settlement/settle.js';

const policyFile = path.resolve(import.meta.dirname, '../policies/370300-310-2026.yaml');
const compiled = compilePolicy(parse(fs.readFileSync(policyFile, 'utf8')));
if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
const policy = compiled.policy;

function claimOf(benefit: Claim['benefit'], n: number): Claim {
  const classes = ['A', 'A', 'B', 'A', 'C', 'B', 'A', 'none'] as const;
  const lines: FeeLine[] = Array.from({ length: n }, (_, i) => ({
    lineNo: i + 1,
    code: `X${String(i).padStart(6, '0')}`,
    name: `项目${i}`,
    quantity10k: 10000 * (1 + (i % 3)),
    unitPrice: fen(1000 + ((i * 7919) % 50000)),
    itemClass: classes[i % classes.length]!,
    ...(i % 5 === 0 ? { paymentStandard: fen(1500) } : {}),
    ...(i % 11 === 0 ? { firstSelfPay: 1500 as never } : {}),
  }));
  return {
    benefit,
    serviceDate: '2026-06-01',
    institutionLevel: 3,
    person: { category: 'employee_active', age: 45, sex: 'F' },
    lines,
  };
}

const state = {
  accumulators: { 'inpatient.deductible': 0, 'outpatientPooling.deductible': 10000 },
  accounts: [{ owner: 'self', balance: fen(200000) }],
};

function measure(fn: () => void, minMs = 1500): { runs: number; ms: number } {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < 50; i++) fn();
    runs += 50;
    now = performance.now();
  }
  return { runs, ms: now - start };
}

const results = [];
for (const [label, claim] of [
  ['outpatient, 10 lines', claimOf('outpatientPooling', 10)],
  ['inpatient, 200 lines', claimOf('inpatient', 200)],
] as const) {
  let sink = 0;
  const engine = measure(() => {
    const r = settle(policy, claim, state);
    if (r.ok) sink += r.breakdown.fundTotal;
  });
  const baseline = measure(() => {
    for (const l of claim.lines) sink += l.unitPrice * l.quantity10k;
  });
  const linesPerSecond = (engine.runs * claim.lines.length) / (engine.ms / 1000);
  const baselineLinesPerSecond = (baseline.runs * claim.lines.length) / (baseline.ms / 1000);
  results.push({
    claim: label,
    claimsPerSecond: Math.round(engine.runs / (engine.ms / 1000)),
    linesPerSecond: Math.round(linesPerSecond),
    microsecondsPerClaim: Number(((engine.ms * 1000) / engine.runs).toFixed(1)),
    baselineLinesPerSecond: Math.round(baselineLinesPerSecond),
    costVersusBaseline: Number((baselineLinesPerSecond / linesPerSecond).toFixed(1)),
    sink: sink > 0,
  });
}
console.log(JSON.stringify({ bench: 'engine', node: process.version, results }, null, 2));
