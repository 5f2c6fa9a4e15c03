import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_COLUMNS,
  catalogueEntryToCells,
  normaliseDate,
  parseCatalogueRecords,
} from './catalogue-entry.js';

const headers = CATALOGUE_COLUMNS.map((c) => c.key);
const good = [
  'XN02BEB023A001010100483',
  'drug',
  '布洛芬缓释胶囊',
  '布洛芬',
  '0.3g*20粒',
  '胶囊剂',
  '盒',
  '中美天津史克制药有限公司',
  'A',
  '',
  '12.50',
  '',
  '',
  '',
  '',
  '',
  '',
  'N',
  'N',
  '2025-01-01',
  '',
];

describe('catalogue rows', () => {
  it('parses a good row exactly', () => {
    const { entries, problems } = parseCatalogueRecords(headers, [good]);
    expect(problems).toEqual([]);
    expect(entries[0]).toMatchObject({
      code: 'XN02BEB023A001010100483',
      kind: 'drug',
      itemClass: 'A',
      paymentStandard: 1250,
      firstSelfPayBp: 0,
    });
  });

  it('accepts Chinese headers and words', () => {
    const zhHeaders = CATALOGUE_COLUMNS.map((c) => c.zh);
    const row = [...good];
    row[1] = '药品';
    row[8] = '乙';
    row[9] = '10%';
    row[17] = '是';
    const { entries, problems } = parseCatalogueRecords(zhHeaders, [row]);
    expect(problems).toEqual([]);
    expect(entries[0]).toMatchObject({ itemClass: 'B', firstSelfPayBp: 1000, negotiated: true });
  });

  it('reports every bad field of every bad row with its line, and repeated codes', () => {
    const bad1 = [...good];
    bad1[8] = 'D';
    bad1[10] = '1.005';
    const bad2 = [...good];
    bad2[19] = '2025-02-30';
    const { problems } = parseCatalogueRecords(headers, [good, bad1, bad2, good]);
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'itemClass', 'enum'],
      [3, 'paymentStandard', 'money'],
      [4, 'validFrom', 'date'],
      [5, 'code', 'duplicateCode'],
    ]);
    for (const p of problems) expect(p.messageZh && p.messageEn).toBeTruthy();
  });

  it('refuses a file with missing or unknown columns', () => {
    const { problems } = parseCatalogueRecords(['code', 'name', 'colour'], [['X1234', 'a', 'b']]);
    expect(problems.map((p) => p.code)).toEqual([
      'unknownColumn',
      'missingColumn',
      'missingColumn',
      'missingColumn',
      'missingColumn',
    ]);
  });

  it('exports rows that import back to the same entry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('A', 'B', 'C'),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 9000 }),
        fc.boolean(),
        (cls, price, ratio, negotiated) => {
          const row = [...good];
          row[8] = cls;
          row[9] = cls === 'B' ? `${ratio / 100}%` : '';
          row[10] = (price / 100).toFixed(2);
          row[17] = negotiated ? 'Y' : 'N';
          const first = parseCatalogueRecords(headers, [row]);
          expect(first.problems).toEqual([]);
          const again = parseCatalogueRecords(headers, [catalogueEntryToCells(first.entries[0]!)]);
          expect(again.entries[0]).toEqual(first.entries[0]);
        },
      ),
    );
  });

  it('normalises common date spellings', () => {
    expect(normaliseDate('2025/1/5')).toBe('2025-01-05');
    expect(normaliseDate('20250105')).toBe('2025-01-05');
    expect(normaliseDate('2025-13-01')).toBeNull();
  });
});
