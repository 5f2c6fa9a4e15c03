import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './yibao.js';

const fixture = parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/published/PUB05.yaml'), 'utf8'),
);
let dir: string;
let out: string[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-calc-'));
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('yibao calc', () => {
  it('prints the breakdown as JSON in fen with the documented keys', async () => {
    const policy = write('policy.json', fixture.policy);
    const claim = write('claim.json', fixture.cases[0].claim);
    const state = write('state.json', fixture.cases[0].state);
    await runCli(['node', 'yibao', 'calc', '--policy', policy, '--claim', claim, '--state', state]);
    const json = JSON.parse(out.join(''));
    for (const key of [
      'total',
      'fullSelfPay',
      'overLimitSelfPay',
      'firstSelfPay',
      'inScope',
      'deductible',
      'payers',
      'fundTotal',
      'personalAccount',
      'cash',
      'personTotal',
      'steps',
      'accumulators',
    ]) {
      expect(json).toHaveProperty(key);
    }
    expect(json).toMatchObject({
      total: 1200000,
      fundTotal: 900000,
      personTotal: 300000,
      personalAccount: 150000,
      cash: 150000,
    });
    expect(json.payers).toEqual([{ payer: 'pooledFund', amount: 900000 }]);
    expect(json.stateAfter.accounts).toEqual([{ owner: 'self', balance: 0 }]);
  });

  it('explains in yuan', async () => {
    const policy = write('policy.json', fixture.policy);
    const claim = write('claim.json', fixture.cases[0].claim);
    await runCli(['node', 'yibao', 'calc', '--policy', policy, '--claim', claim, '--explain']);
    const text = out.join('');
    expect(text).toContain('9000.00');
    expect(text).toContain('统筹基金');
  });

  it('refuses a bad policy naming the path, with exit status 1', async () => {
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    const bad = structuredClone(fixture.policy);
    bad.benefits.inpatient.ratios[0].ratio = 1.5;
    await runCli([
      'node',
      'yibao',
      'calc',
      '--policy',
      write('p.json', bad),
      '--claim',
      write('c.json', fixture.cases[0].claim),
    ]);
    expect(process.exitCode).toBe(1);
    expect(errors.join('')).toContain('/benefits/inpatient/ratios/0/ratio');
  });
});
