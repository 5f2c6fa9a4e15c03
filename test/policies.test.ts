import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYuan } from '../src/domain/money/fen.js';
import { BENEFIT_KINDS, type BenefitKind, type Policy } from '../src/domain/policy/policy.js';
import { compilePolicy } from '../src/domain/policy/policy-document.js';
import type { Breakdown } from '../src/domain/settlement/breakdown.js';
import type { Claim, SettlementState } from '../src/domain/settlement/claim.js';
import { applyAccumulators, parseClaimDocument } from '../src/domain/settlement/claim-document.js';
import { accumulatorKeys, settle } from '../src/domain/settlement/settle.js';

/**
 * The shipped policy documents (policies/*.yaml): each compiles, and the figures the 淄博 source
 * publishes (淄博10条, 2022-09) come out of the engine to the fen. Expected amounts are worked out
 * by hand in the comments, in yuan.
 */
const dir = path.resolve(import.meta.dirname, '../policies');
const files = fs
  .readdirSync(dir)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

const fen = (yuan: number | string) => {
  const r = parseYuan(String(yuan));
  if (!r.ok) throw new Error(`bad amount ${yuan}`);
  return r.value;
};

function load(file: string): Policy {
  const r = compilePolicy(parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
  return r.policy;
}

interface LineDoc {
  name: string;
  itemClass: 'A' | 'B' | 'C' | 'none';
  unitPrice: number;
  quantity?: number;
  firstSelfPay?: number;
  negotiated?: boolean;
  serviceCategory?: string;
  commercialList?: 'specificDrug' | 'specialDrug';
}

interface ClaimSpec {
  benefit: BenefitKind;
  level: number;
  category: string;
  lines: LineDoc[];
  age?: number;
  crossRegion?: 'local' | 'filedLongTerm' | 'filedTemporary' | 'unfiledTemporary';
  assistanceCategories?: string[];
  /** not part of the claim document (see docs/claim-format.md); added to the parsed claim */
  flags?: string[];
  date?: string;
}

function claimOf(spec: ClaimSpec): Claim {
  const r = parseClaimDocument({
    benefit: spec.benefit,
    serviceDate: spec.date ?? '2026-03-01',
    institutionLevel: spec.level,
    person: {
      category: spec.category,
      age: spec.age ?? 50,
      sex: 'F',
      ...(spec.crossRegion ? { crossRegion: spec.crossRegion } : {}),
      ...(spec.assistanceCategories ? { assistanceCategories: spec.assistanceCategories } : {}),
    },
    lines: spec.lines,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  if (!spec.flags) return r.claim;
  return { ...r.claim, person: { ...r.claim.person, flags: spec.flags } };
}

function run(policy: Policy, spec: ClaimSpec, state: SettlementState = { accumulators: {} }): Breakdown {
  const r = settle(policy, claimOf(spec), state);
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
  expect(r.breakdown.fundTotal + r.breakdown.personTotal).toBe(r.breakdown.total);
  return r.breakdown;
}

const paid = (b: Breakdown, payer: string) => b.payers.find((p) => p.payer === payer)?.amount ?? 0;

/** Runs claims in order, each from the state the previous one left. */
function year(policy: Policy, specs: ClaimSpec[]): Breakdown[] {
  let state: SettlementState = { accumulators: {} };
  return specs.map((spec) => {
    const b = run(policy, spec, state);
    state = applyAccumulators(state, b.accumulators);
    return b;
  });
}

const EMPLOYEE_CATEGORIES = ['employee_active', 'employee_retired', 'flexible'];
const RESIDENT_CATEGORIES = ['child', 'student', 'adult_resident', 'elderly_resident'];
const LEVELS: Record<BenefitKind, number[]> = {
  outpatientPooling: [0, 1, 2, 3],
  chronicOutpatient: [0, 1, 2, 3],
  internet: [0, 1, 2, 3],
  inpatient: [1, 2, 3],
  tcmDayCare: [1, 2, 3],
  maternity: [1, 2, 3],
  pharmacy: [0],
};

describe('shipped policy documents', () => {
  it('are the four demo region × insurance type documents', () => {
    expect(files).toEqual([
      '330500-310-2026.yaml',
      '330500-390-2026.yaml',
      '370300-310-2026.yaml',
      '370300-390-2026.yaml',
    ]);
  });

  for (const file of files) {
    describe(file, () => {
      const policy = load(file);
      const [region, type] = file.split('-');

      it('compiles, and its id, region, type and period match the file name', () => {
        expect(policy.id).toBe(file.replace(/\.ya?ml$/, ''));
        expect(policy.region).toBe(region);
        expect(policy.insuranceType).toBe(type);
        expect(policy.effectiveFrom).toBe('2026-01-01');
        expect(policy.effectiveTo).toBe('2026-12-31');
        expect(policy.personalAccount.covers).toBe(type === '310' ? 'all' : 'none');
        expect(policy.notes.length).toBeGreaterThan(0);
      });

      it('says where every deductible, ratio and tier part comes from (a note on each rule)', () => {
        const clauses = [
          ...Object.values(policy.benefits).flatMap((b) => [
            ...b.deductible.rules.map((r) => r.clause),
            ...b.ratios.map((r) => r.clause),
          ]),
          ...policy.tiers.flatMap((t) => [t.clause, ...t.parts.map((p) => p.clause)]),
        ];
        for (const c of clauses) expect(c, c).toMatch(/ \((PLAUSIBLE|淄博10条|湖州通知).*\)$/);
      });

      it('settles every benefit for every category of person at every level it is offered at', () => {
        const categories = type === '310' ? EMPLOYEE_CATEGORIES : RESIDENT_CATEGORIES;
        const kinds = BENEFIT_KINDS.filter((k) => policy.benefits[k]);
        expect(kinds).toEqual(
          BENEFIT_KINDS.filter((k) => k !== 'tcmDayCare' || region === '370300') as BenefitKind[],
        );
        for (const benefit of kinds)
          for (const category of categories)
            for (const level of LEVELS[benefit]) {
              const r = settle(
                policy,
                claimOf({
                  benefit,
                  level,
                  category,
                  lines: [{ name: '费用', itemClass: 'A', unitPrice: 100 }],
                }),
                { accumulators: {} },
              );
              expect(r.ok, `${benefit} ${category} level ${level}`).toBe(true);
            }
      });
    });
  }
});

describe('淄博 职工 (370300-310-2026)', () => {
  const policy = load('370300-310-2026.yaml');

  it('门诊慢特病: annual deductible 1000, 在职 70 % (淄博10条 #2)', () => {
    const [first, second] = year(policy, [
      // (3000 − 1000) × 70 % = 1400
      {
        benefit: 'chronicOutpatient',
        level: 2,
        category: 'employee_active',
        lines: [{ name: '慢特病药品', itemClass: 'A', unitPrice: 3000 }],
      },
      // the deductible is annual: a later visit pays none, 500 × 70 % = 350
      {
        benefit: 'chronicOutpatient',
        level: 3,
        category: 'employee_active',
        lines: [{ name: '慢特病药品', itemClass: 'A', unitPrice: 500 }],
        date: '2026-05-01',
      },
    ]);
    expect(first!.deductible).toBe(fen(1000));
    expect(paid(first!, 'pooledFund')).toBe(fen(1400));
    expect(first!.personTotal).toBe(fen(1600));
    expect(second!.deductible).toBe(0);
    expect(paid(second!, 'pooledFund')).toBe(fen(350));
  });

  it('门诊慢特病: 退休 80 %, and 灵活就业 counts as 在职', () => {
    const retired = run(policy, {
      benefit: 'chronicOutpatient',
      level: 1,
      category: 'employee_retired',
      age: 66,
      lines: [{ name: '慢特病药品', itemClass: 'A', unitPrice: 3000 }],
    });
    expect(paid(retired, 'pooledFund')).toBe(fen(1600)); // (3000 − 1000) × 80 %
    const flexible = run(policy, {
      benefit: 'chronicOutpatient',
      level: 1,
      category: 'flexible',
      lines: [{ name: '慢特病药品', itemClass: 'A', unitPrice: 3000 }],
    });
    expect(paid(flexible, 'pooledFund')).toBe(fen(1400));
  });

  it('中医日间诊疗: bed and nursing at 30 %, deductible and cap shared with inpatient (淄博10条 #3)', () => {
    const [tcm, stay] = year(policy, [
      {
        benefit: 'tcmDayCare',
        level: 3,
        category: 'employee_active',
        lines: [
          // 40 × 30 % = 12 a day × 10 = 120
          { name: '床位费', itemClass: 'A', unitPrice: 40, quantity: 10, serviceCategory: 'bed' },
          // 30 × 30 % = 9 a day × 10 = 90
          { name: '护理费', itemClass: 'A', unitPrice: 30, quantity: 10, serviceCategory: 'nursing' },
          { name: '针刺', itemClass: 'A', unitPrice: 150, quantity: 10 },
          // 乙类 10 % first self-pay: 80
          { name: '中药饮片', itemClass: 'B', unitPrice: 80, quantity: 10 },
        ],
      },
      // a later inpatient stay is the 2nd admission of the year: deductible 1000 × 50 % = 500
      {
        benefit: 'inpatient',
        level: 3,
        category: 'employee_active',
        lines: [{ name: '住院费用', itemClass: 'A', unitPrice: 20000 }],
        date: '2026-06-01',
      },
    ]);
    expect(tcm!.lines.map((l) => l.amount)).toEqual([fen(120), fen(90), fen(1500), fen(800)]);
    expect(tcm!.total).toBe(fen(2510));
    expect(tcm!.firstSelfPay).toBe(fen(80));
    expect(tcm!.inScope).toBe(fen(2430));
    expect(tcm!.deductible).toBe(fen(1000)); // 三级 inpatient deductible, 1st admission
    expect(paid(tcm!, 'pooledFund')).toBe(fen('1215.5')); // (2430 − 1000) × 85 %
    expect(tcm!.personTotal).toBe(fen('1294.5'));
    // the day-care stay writes the inpatient accumulators
    expect(tcm!.accumulators).toMatchObject({
      [accumulatorKeys.admissions('inpatient')]: 1,
      [accumulatorKeys.deductible('inpatient')]: fen(1000),
      [accumulatorKeys.eligible('inpatient')]: fen(1430),
      [accumulatorKeys.fund('inpatient')]: fen('1215.5'),
    });
    expect(stay!.deductible).toBe(fen(500));
    expect(paid(stay!, 'pooledFund')).toBe(fen(16575)); // (20000 − 500) × 85 %
    expect(stay!.personTotal).toBe(fen(3425));
  });

  it('中医日间诊疗 shares the inpatient annual fund cap', () => {
    // 199000 of the 200000 cap already paid this year by inpatient stays
    const b = run(
      policy,
      {
        benefit: 'tcmDayCare',
        level: 2,
        category: 'employee_retired',
        lines: [{ name: '针刺', itemClass: 'A', unitPrice: 3000 }],
      },
      { accumulators: { 'inpatient.fund': fen(199000), 'inpatient.admissions': 3 } },
    );
    expect(b.deductible).toBe(fen(250)); // 二级 500 × 50 % (4th admission)
    expect(paid(b, 'pooledFund')).toBe(fen(1000)); // (3000 − 250) × 93 % = 2557.5, capped at 1000 left
  });

  it('谈判药品 first self-pay 20 %, 10 % where the catalogue item says so (淄博10条 #4)', () => {
    const b = run(policy, {
      benefit: 'inpatient',
      level: 2,
      category: 'employee_active',
      lines: [
        { name: '谈判药品', itemClass: 'B', unitPrice: 1000, quantity: 2, negotiated: true }, // 400
        { name: '谈判药品（两病用药）', itemClass: 'B', unitPrice: 500, negotiated: true, firstSelfPay: 0.1 }, // 50
        { name: '乙类药品', itemClass: 'B', unitPrice: 1000 }, // 100
        { name: '甲类项目', itemClass: 'A', unitPrice: 3000 },
      ],
    });
    expect(b.lines.map((l) => l.firstSelfPay)).toEqual([fen(400), fen(50), fen(100), 0]);
    expect(b.firstSelfPay).toBe(fen(550));
    expect(b.inScope).toBe(fen(5950));
    expect(paid(b, 'pooledFund')).toBe(fen(4796)); // (5950 − 500) × 88 %
    expect(b.personTotal).toBe(fen(1704));
  });

  it('临时外出就医 10 % extra first self-pay, filed or not; 异地长期居住 none (淄博10条 #5)', () => {
    const spec = (crossRegion: ClaimSpec['crossRegion']): ClaimSpec => ({
      benefit: 'inpatient',
      level: 3,
      category: 'employee_active',
      crossRegion,
      lines: [{ name: '住院费用', itemClass: 'A', unitPrice: 10000 }],
    });
    for (const status of ['unfiledTemporary', 'filedTemporary'] as const) {
      const b = run(policy, spec(status));
      expect(b.firstSelfPay, status).toBe(fen(1000)); // 10000 × 10 %
      expect(paid(b, 'pooledFund'), status).toBe(fen(6800)); // (9000 − 1000) × 85 %
    }
    for (const status of ['filedLongTerm', 'local'] as const) {
      const b = run(policy, spec(status));
      expect(b.firstSelfPay, status).toBe(0);
      expect(paid(b, 'pooledFund'), status).toBe(fen(7650)); // (10000 − 1000) × 85 %
    }
  });

  it('大额医疗费用补助 and 公务员医疗补助 above the basic cap', () => {
    const b = run(policy, {
      benefit: 'inpatient',
      level: 3,
      category: 'employee_active',
      flags: ['civilServant'],
      lines: [{ name: '住院费用', itemClass: 'A', unitPrice: 300000 }],
    });
    // (300000 − 1000) × 85 % = 254150, capped at 200000; 100000 left in scope
    expect(paid(b, 'pooledFund')).toBe(fen(200000));
    // 大额: (100000 − 20000) × 80 % = 64000; 36000 left
    expect(paid(b, 'largeAmount')).toBe(fen(64000));
    // 公务员补助: 36000 × 50 % = 18000
    expect(paid(b, 'civilServant')).toBe(fen(18000));
    expect(b.personTotal).toBe(fen(18000));
  });

  it('定点药店: the pooled fund pays nothing, the personal account pays it all', () => {
    const r = settle(
      policy,
      {
        ...claimOf({
          benefit: 'pharmacy',
          level: 0,
          category: 'employee_active',
          lines: [{ name: '乙类药品', itemClass: 'B', unitPrice: 88.5 }],
        }),
        useAccount: true,
      },
      { accumulators: {}, accounts: [{ owner: 'self', balance: fen(1000) }] },
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.breakdown.fundTotal).toBe(0);
    expect(r.breakdown.personalAccount).toBe(fen('88.5'));
    expect(r.breakdown.cash).toBe(0);
  });
});

describe('淄博 居民 (370300-390-2026)', () => {
  const policy = load('370300-390-2026.yaml');

  it('门诊慢特病: annual deductible 500, 55 % (淄博10条 #2)', () => {
    const b = run(policy, {
      benefit: 'chronicOutpatient',
      level: 2,
      category: 'adult_resident',
      lines: [{ name: '慢特病药品', itemClass: 'A', unitPrice: 3000 }],
    });
    expect(b.deductible).toBe(fen(500));
    expect(paid(b, 'pooledFund')).toBe(fen(1375)); // (3000 − 500) × 55 %
    expect(b.personTotal).toBe(fen(1625));
  });

  it('未备案临时外出就医: 10 % extra first self-pay on the rest of each line (淄博10条 #5)', () => {
    const b = run(policy, {
      benefit: 'inpatient',
      level: 3,
      category: 'adult_resident',
      crossRegion: 'unfiledTemporary',
      lines: [
        { name: '甲类项目', itemClass: 'A', unitPrice: 10000 }, // 10 % → 1000
        { name: '乙类药品', itemClass: 'B', unitPrice: 2000 }, // 15 % → 300, then 10 % of 1700 → 170
      ],
    });
    expect(b.lines.map((l) => l.firstSelfPay)).toEqual([fen(1000), fen(470)]);
    expect(b.inScope).toBe(fen(10530));
    expect(paid(b, 'pooledFund')).toBe(fen(5718)); // (10530 − 1000) × 60 %
    expect(b.personTotal).toBe(fen(6282));
  });

  const bigStay = (extra: Partial<ClaimSpec>): ClaimSpec => ({
    benefit: 'inpatient',
    level: 3,
    category: 'adult_resident',
    lines: [
      { name: '政策范围内费用', itemClass: 'A', unitPrice: 250000 },
      { name: '乙类药品', itemClass: 'B', unitPrice: 50000 }, // 15 % → 7500 first self-pay
      { name: '丙类项目', itemClass: 'C', unitPrice: 10000 },
      { name: '目录外特定药品', itemClass: 'none', unitPrice: 30000, commercialList: 'specificDrug' },
      { name: '院外特药', itemClass: 'none', unitPrice: 40000, commercialList: 'specialDrug' },
    ],
    ...extra,
  });

  it('大病保险, 医疗救助 (低保), 倾斜救助 and 淄博齐惠保 on a large stay', () => {
    const b = run(policy, bigStay({ assistanceCategories: ['lowIncome'], flags: ['huiminbao'] }));
    expect(b.total).toBe(fen(380000));
    expect(b.inScope).toBe(fen(292500));
    // (292500 − 1000) × 60 % = 174900, capped at 150000; in-scope share 142500
    expect(paid(b, 'pooledFund')).toBe(fen(150000));
    // 大病: (100000 − 20000) × 60 % + (142500 − 100000) × 65 % = 48000 + 27625; 66875 left
    expect(paid(b, 'criticalIllness')).toBe(fen(75625));
    // 低保: 66875 × 75 % = 50156.25; 16718.75 left
    expect(paid(b, 'medicalAssistance')).toBe(fen('50156.25'));
    // 倾斜: (16718.75 − 3000) × 60 % = 8231.25; 8487.5 left
    expect(paid(b, 'tiltAssistance')).toBe(fen('8231.25'));
    // 齐惠保: in scope 8487.5 + first self-pay 7500 = 15987.5 is below 20000 → 0;
    // 特定药品 (30000 − 20000) × 60 % = 6000; 特药 (40000 − 10000) × 80 % = 24000
    expect(paid(b, 'inclusiveCommercial')).toBe(fen(30000));
    expect(b.fundTotal).toBe(fen('314012.5'));
    expect(b.personTotal).toBe(fen('65987.5'));
  });

  it('淄博齐惠保 pays the in-scope part when no assistance came first', () => {
    const b = run(policy, bigStay({ flags: ['huiminbao'] }));
    expect(paid(b, 'criticalIllness')).toBe(fen(75625));
    expect(paid(b, 'medicalAssistance')).toBe(0);
    // (66875 + 7500 − 20000) × 65 % = 35343.75, plus the drug parts 30000
    expect(paid(b, 'inclusiveCommercial')).toBe(fen('65343.75'));
    expect(b.personTotal).toBe(fen('89031.25'));
    const without = run(policy, bigStay({}));
    expect(paid(without, 'inclusiveCommercial')).toBe(0);
    expect(without.personTotal).toBe(fen(154375)); // 380000 − 150000 − 75625
  });

  it('医疗救助 for 特困 and 低保边缘 / 防返贫监测对象', () => {
    const poor = run(policy, bigStay({ assistanceCategories: ['extremePoor'] }));
    // 66875 × 90 % = 60187.5, capped at 60000; 6875 left; 倾斜 (6875 − 3000) × 60 % = 2325
    expect(paid(poor, 'medicalAssistance')).toBe(fen(60000));
    expect(paid(poor, 'tiltAssistance')).toBe(fen(2325));
    for (const c of ['lowIncomeMargin', 'returnPovertyRisk']) {
      const b = run(policy, bigStay({ assistanceCategories: [c] }));
      // (66875 − 4500) × 60 % = 37425; no 倾斜救助
      expect(paid(b, 'medicalAssistance'), c).toBe(fen(37425));
      expect(paid(b, 'tiltAssistance'), c).toBe(0);
    }
  });
});

describe('湖州 职工 (330500-310-2026)', () => {
  const policy = load('330500-310-2026.yaml');

  it('outpatient and inpatient care draw on one annual fund limit', () => {
    const b = run(
      policy,
      {
        benefit: 'outpatientPooling',
        level: 1,
        category: 'employee_retired',
        lines: [{ name: '门诊费用', itemClass: 'A', unitPrice: 2000 }],
      },
      { accumulators: { 'basic.fund': fen(299900) } },
    );
    // (2000 − 700) × 80 % = 1040, but only 100 is left of the 300000 shared by 门诊 and 住院
    expect(paid(b, 'pooledFund')).toBe(fen(100));
    expect(b.accumulators).toMatchObject({ 'basic.fund': fen(100) });
  });

  it('未备案临时外出就医: 20 % extra first self-pay', () => {
    const b = run(policy, {
      benefit: 'inpatient',
      level: 3,
      category: 'employee_active',
      crossRegion: 'unfiledTemporary',
      lines: [{ name: '住院费用', itemClass: 'A', unitPrice: 10000 }],
    });
    expect(b.firstSelfPay).toBe(fen(2000));
    expect(paid(b, 'pooledFund')).toBe(fen(6120)); // (8000 − 800) × 85 %
  });
});

describe('creditPayment (先诊疗后付费)', () => {
  it('the 淄博 documents offer it: 2000 yuan, due in 15 days, reminded 3 days before', () => {
    for (const file of ['370300-310-2026.yaml', '370300-390-2026.yaml'])
      expect(load(file).creditPayment).toEqual({
        maxCash: fen(2000),
        dueDays: 15,
        remindDaysBefore: 3,
        categories: null,
      });
    expect(load('330500-310-2026.yaml').creditPayment).toBeNull();
  });

  it('is absent when disabled, and a bad block names its path', () => {
    const base = parse(fs.readFileSync(path.join(dir, '370300-310-2026.yaml'), 'utf8'));
    const off = compilePolicy({ ...base, creditPayment: { enabled: false, maxCash: 1, dueDays: 1 } });
    expect(off.ok && off.policy.creditPayment).toBeNull();
    const bad = compilePolicy({ ...base, creditPayment: { enabled: true, maxCash: '1.234', dueDays: 0 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.path)).toContain('/creditPayment/dueDays');
    const cats = compilePolicy({
      ...base,
      creditPayment: { enabled: true, maxCash: 500, dueDays: 7, categories: ['employee_retired'] },
    });
    expect(cats.ok && cats.policy.creditPayment).toEqual({
      maxCash: fen(500),
      dueDays: 7,
      remindDaysBefore: 3,
      categories: ['employee_retired'],
    });
  });
});
