import { describe, expect, it } from 'vitest';
import type { Breakdown } from '../../domain/settlement/breakdown.js';
import { ledgerChanges } from './settlement-service.js';

describe('ledgerChanges', () => {
  const b = {
    accumulators: {
      'pooled.deductible': 50000,
      'pooled.paid': 0,
      'account.self': -1200,
      'account.person:7': -300,
    },
  } as unknown as Breakdown;
  const owners = new Map([
    ['self', 3],
    ['person:7', 7],
  ]);

  it('keeps accumulators without account keys and zeros, and each owner’s balance change', () => {
    expect(ledgerChanges(b, owners, 1)).toEqual({
      accumulators: [{ key: 'pooled.deductible', value: 50000 }],
      accounts: [
        { person_id: 3, change: -1200 },
        { person_id: 7, change: -300 },
      ],
    });
  });

  it('gives a reversal exactly the opposite', () => {
    const there = ledgerChanges(b, owners, 1);
    const back = ledgerChanges(b, owners, -1);
    expect(back.accumulators.map((a) => a.value)).toEqual(there.accumulators.map((a) => -a.value));
    expect(back.accounts.map((a) => a.change)).toEqual(there.accounts.map((a) => -a.change));
  });

  it('leaves out an owner whose account paid nothing', () => {
    expect(ledgerChanges(b, new Map([['person:9', 9]]), 1).accounts).toEqual([]);
  });
});
