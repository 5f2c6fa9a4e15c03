import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Fen, fen } from '../../domain/money/fen.js';
import type { Breakdown, Step } from '../../domain/settlement/breakdown.js';
import {
  institutionLevelLabel,
  renderSettlementSlip,
  type SettlementSlip,
  type SettlementSlipLine,
} from './settlement-slip.js';

const NAMES = ['阿莫西林胶囊', '血常规检查（五分类）', '一次性输液器', '头孢克肟分散片', '普通病房床位费'];

function makeLines(n: number): SettlementSlipLine[] {
  return Array.from({ length: n }, (_, i) => {
    const unitPrice = 1250 + i * 37;
    const qty = (i % 4) + 1;
    const amount = unitPrice * qty;
    const fullSelfPay = i % 7 === 0 ? amount : 0;
    const firstSelfPay = fullSelfPay === 0 && i % 3 === 1 ? Math.round(amount / 10) : 0;
    const overLimitSelfPay = fullSelfPay === 0 && i % 11 === 5 ? 100 : 0;
    return {
      lineNo: i + 1,
      code: `XA01ABD075A0020101${String(i).padStart(5, '0')}`,
      name: NAMES[i % NAMES.length] ?? '项目',
      quantity: String(qty),
      unitPrice: fen(unitPrice),
      amount: fen(amount),
      fullSelfPay: fen(fullSelfPay),
      firstSelfPay: fen(firstSelfPay),
      overLimitSelfPay: fen(overLimitSelfPay),
      inScope: fen(amount - fullSelfPay - firstSelfPay - overLimitSelfPay),
    };
  });
}

function makeSlip(lineCount: number, over: Partial<SettlementSlip> = {}): SettlementSlip {
  const lines = makeLines(lineCount);
  const sum = (f: (l: SettlementSlipLine) => Fen): Fen => fen(lines.reduce((a, l) => a + f(l), 0));
  const total = sum((l) => l.amount);
  const inScope = sum((l) => l.inScope);
  const deductible = fen(Math.min(80000, inScope));
  const pooled = fen(Math.floor(((inScope - deductible) * 7) / 10));
  const personTotal = fen(total - pooled);
  const account = fen(Math.min(20000, personTotal));
  const steps: Step[] = [
    {
      rule: 'pooledFund.deductible',
      clause: 'benefits.inpatient.deductible',
      amount: deductible,
      formula: 'min(800.00, 政策范围内) = 800.00',
      zh: '起付标准',
      en: 'deductible',
    },
    {
      rule: 'pooledFund.segment',
      clause: 'benefits.inpatient.segments[0]',
      amount: pooled,
      formula: '(政策范围内 − 800.00) × 70% = 统筹基金',
      zh: '统筹基金按比例支付',
      en: 'pooled fund share',
    },
    {
      rule: 'line.firstSelfPay',
      clause: 'catalogue.itemClass.B',
      amount: fen(125),
      formula: '12.50 × 10% = 1.25',
      zh: '乙类先行自付',
      en: 'first self-pay',
      lineNo: 2,
    },
  ];
  const breakdown: Breakdown = {
    total,
    fullSelfPay: sum((l) => l.fullSelfPay),
    overLimitSelfPay: sum((l) => l.overLimitSelfPay),
    firstSelfPay: sum((l) => l.firstSelfPay),
    inScope,
    deductible,
    payers: [
      { payer: 'pooledFund', amount: pooled },
      { payer: 'criticalIllness', amount: fen(0) },
    ],
    fundTotal: pooled,
    personTotal,
    personalAccount: account,
    accountPayments: [
      { owner: 'self', amount: fen(account - 5000) },
      { owner: 'person:7', amount: fen(5000) },
    ],
    cash: fen(personTotal - account),
    lines: [],
    steps,
    accumulators: {},
  };
  return {
    setlNo: 'S3201062025031000000123',
    settledAt: '2025-03-10T06:22:05.000Z',
    status: 'settled',
    policyId: 'nanjing-employee-2025',
    institution: { name: '南京市第一人民医院', code: 'H32010600001', level: '三级甲等' },
    person: { name: '张三丰', certno: '320106199001011234', psnNo: '32010600000000012345' },
    insuranceTypeName: '职工基本医疗保险',
    medTypeName: '住院',
    beginDate: '2025-03-01',
    endDate: '2025-03-10',
    regionName: '南京市鼓楼区',
    insuredRegionName: '苏州市姑苏区',
    crossRegion: true,
    lines,
    breakdown,
    ...over,
  };
}

function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

describe('renderSettlementSlip', () => {
  it('renders a multi-page PDF with the Noto Sans SC font embedded', async () => {
    const pdf = await renderSettlementSlip(makeSlip(30));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(2);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(pdf.toString('latin1')).toContain('NotoSansSC-Bold');
    // subset, not the whole ~10 MB font
    expect(pdf.length).toBeLessThan(1_000_000);
  });

  it('fits a short slip on one page', async () => {
    const pdf = await renderSettlementSlip(makeSlip(3, { crossRegion: false, regionName: '苏州市姑苏区' }));
    expect(pageCount(pdf)).toBe(1);
  });

  it('is deterministic for the same input', async () => {
    const slip = makeSlip(5);
    const a = await renderSettlementSlip(slip);
    const b = await renderSettlementSlip(slip);
    expect(a.equals(b)).toBe(true);
  });

  it('marks a reversed slip', async () => {
    const settled = await renderSettlementSlip(makeSlip(5));
    const reversed = await renderSettlementSlip(
      makeSlip(5, { status: 'reversed', reversedAt: '2025-03-11T01:00:00.000Z' }),
    );
    expect(reversed.equals(settled)).toBe(false);
  });

  it('refuses an invalid settledAt', async () => {
    await expect(renderSettlementSlip(makeSlip(1, { settledAt: 'yesterday' }))).rejects.toThrow(RangeError);
  });

  it.runIf(hasTool('pdftotext'))('has extractable Chinese text (pdftotext)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-'));
    try {
      const file = join(dir, 'slip.pdf');
      writeFileSync(
        file,
        await renderSettlementSlip(makeSlip(60, { status: 'reversed', reversedAt: '2025-03-11T01:00:00Z' })),
      );
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('医疗保障基金结算单');
      expect(text).toContain('南京市第一人民医院');
      expect(text).toContain('320106********1234');
      expect(text).not.toContain('320106199001011234');
      expect(text).toContain('统筹基金');
      expect(text).toContain('共济');
      expect(text).toContain('本结算已撤销');
      expect(text).toContain('撤销时间：2025-03-11 09:00:00');
      expect(text).toContain('医疗保障基金结算单（续）');
      expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*[2-9]\s*页/);
      expect(text).toContain('nanjing-employee-2025');
      expect(text).toContain('2025-03-10 14:22:05');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('institutionLevelLabel', () => {
  it('formats level and grade', () => {
    expect(institutionLevelLabel(3, '甲')).toBe('三级甲等');
    expect(institutionLevelLabel(2, null)).toBe('二级');
    expect(institutionLevelLabel(null)).toBe('未定级');
  });
});
