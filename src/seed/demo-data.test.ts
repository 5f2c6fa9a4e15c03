import { describe, expect, it } from 'vitest';
import { parseCertno } from '../domain/identity/certno.js';
import { parseUscc } from '../domain/identity/uscc.js';
import { ageOn } from '../domain/registry/person-input.js';
import { addYears } from './dates.js';
import { DEMO_AS_OF, generateDemoData } from './demo-data.js';
import type { DemoEnrolment, InstitutionKind, PersonCategory } from './demo-types.js';

const data = generateDemoData();
const personByKey = new Map(data.persons.map((p) => [p.key, p]));
const cityOf = (district: string) => `${district.slice(0, 4)}00`;
const isBasic = (e: DemoEnrolment) => e.insuranceType === '310' || e.insuranceType === '390';
const EMPLOYEE: readonly PersonCategory[] = ['employee_active', 'employee_retired', 'flexible'];

function enrolmentsOf(personKey: string): DemoEnrolment[] {
  return byPerson.get(personKey) ?? [];
}
const byPerson = new Map<string, DemoEnrolment[]>();
for (const e of data.enrolments) {
  const list = byPerson.get(e.personKey) ?? [];
  list.push(e);
  byPerson.set(e.personKey, list);
}

describe('generateDemoData', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoData()).toEqual(data);
    expect(generateDemoData(42)).toEqual(generateDemoData(42));
    const other = generateDemoData(43);
    expect(other.persons.map((p) => p.certno)).not.toEqual(data.persons.map((p) => p.certno));
  });

  it('generates quickly', () => {
    const t = performance.now();
    generateDemoData(7);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('has the expected volumes', () => {
    expect(data.persons.length).toBeGreaterThanOrEqual(2000);
    expect(data.persons.length).toBeLessThanOrEqual(2400);
    expect(data.employers.length).toBeGreaterThanOrEqual(60);
    expect(data.families.length).toBeGreaterThanOrEqual(550);
    expect(data.institutions.length).toBeGreaterThanOrEqual(20);
    expect(data.catalogue.length).toBeGreaterThanOrEqual(300);
    expect(data.catalogue.length).toBeLessThanOrEqual(600);
  });

  it('uses unique keys and only existing references', () => {
    for (const list of [data.persons, data.employers, data.families, data.institutions]) {
      expect(new Set(list.map((x) => x.key)).size).toBe(list.length);
    }
    const employerKeys = new Set(data.employers.map((e) => e.key));
    for (const p of data.persons) if (p.employerKey) expect(employerKeys.has(p.employerKey)).toBe(true);
    for (const e of data.enrolments) {
      expect(personByKey.has(e.personKey)).toBe(true);
      if (e.employerKey) expect(employerKeys.has(e.employerKey)).toBe(true);
    }
    for (const f of data.families) for (const m of f.members) expect(personByKey.has(m.personKey)).toBe(true);
    for (const r of data.relations)
      expect(personByKey.has(r.relativeKey) && personByKey.has(r.personKey)).toBe(true);
    const diseases = new Set(data.chronicDiseases.map((d) => d.code));
    for (const p of data.persons) for (const c of p.chronicDiseases) expect(diseases.has(c)).toBe(true);
  });

  it('lives in the two demo regions', () => {
    const districts = new Set([
      '370302',
      '370303',
      '370304',
      '370305',
      '370306',
      '370321',
      '370322',
      '370323',
      '330502',
      '330503',
      '330521',
      '330522',
      '330523',
    ]);
    for (const x of [...data.persons, ...data.employers, ...data.institutions])
      expect(districts.has(x.regionCode)).toBe(true);
    for (const e of data.enrolments) expect(['370300', '330500']).toContain(e.regionCode);
    for (const c of ['370300', '330500'])
      expect(data.persons.filter((p) => cityOf(p.regionCode) === c).length).toBeGreaterThan(700);
  });
});

describe('persons', () => {
  it('have valid, unique ID numbers that agree with birth date and sex', () => {
    const seen = new Set<string>();
    let localRegion = 0;
    for (const p of data.persons) {
      const parsed = parseCertno(p.certno);
      expect(parsed.ok, p.certno).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.birthDate).toBe(p.birthDate);
      expect(parsed.value.sex).toBe(p.sex);
      if (parsed.value.regionCode === p.regionCode) localRegion++;
      seen.add(p.certno);
    }
    expect(seen.size).toBe(data.persons.length);
    // most were born in their district; a few moved in from elsewhere
    expect(localRegion / data.persons.length).toBeGreaterThan(0.85);
    expect(localRegion).toBeLessThan(data.persons.length);
  });

  it('have names, mobile numbers and addresses in their district', () => {
    for (const p of data.persons) {
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(p.address).toMatch(p.regionCode.startsWith('37') ? /^山东省淄博市/ : /^浙江省湖州市/);
      expect(p.ethnicity).toMatch(/族$/);
    }
  });

  it('include 10–15 % with chronic diseases, mostly older people', () => {
    const chronic = data.persons.filter((p) => p.chronicDiseases.length > 0);
    expect(chronic.length / data.persons.length).toBeGreaterThanOrEqual(0.1);
    expect(chronic.length / data.persons.length).toBeLessThanOrEqual(0.15);
    const codes = new Set(chronic.flatMap((p) => p.chronicDiseases));
    for (const c of ['M03900', 'M01600']) expect(codes.has(c)).toBe(true);
    for (const p of chronic) expect(new Set(p.chronicDiseases).size).toBe(p.chronicDiseases.length);
  });
});

describe('employers', () => {
  it('have valid credit codes registered in their district', () => {
    const seen = new Set<string>();
    for (const e of data.employers) {
      expect(parseUscc(e.uscc).ok, e.uscc).toBe(true);
      expect(e.uscc.slice(2, 8)).toBe(e.regionCode);
      seen.add(e.uscc);
      expect(e.contactPhone).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(seen.size).toBe(data.employers.length);
  });

  it('cover every size class in both regions and each has employees', () => {
    for (const city of ['37', '33']) {
      const sizes = new Set(
        data.employers.filter((e) => e.regionCode.startsWith(city)).map((e) => e.sizeClass),
      );
      expect([...sizes].sort()).toEqual(['large', 'medium', 'micro', 'small']);
    }
    for (const e of data.employers) expect(data.persons.some((p) => p.employerKey === e.key)).toBe(true);
  });
});

describe('enrolments', () => {
  it('give everyone exactly one active basic enrolment in their own pooling region', () => {
    for (const p of data.persons) {
      const active = enrolmentsOf(p.key).filter((e) => isBasic(e) && e.status === 'active');
      expect(active.length, p.key).toBe(1);
      expect(active[0]?.regionCode).toBe(cityOf(p.regionCode));
    }
  });

  it('match insurance type, category, age and employer', () => {
    for (const e of data.enrolments) {
      const p = personByKey.get(e.personKey);
      if (!p) throw new Error('missing person');
      if (e.insuranceType === '310') expect(EMPLOYEE).toContain(e.category);
      if (e.insuranceType === '390') expect(EMPLOYEE).not.toContain(e.category);
      if (e.category === 'employee_active') expect(e.employerKey, JSON.stringify(e)).toBeDefined();
      if (e.status !== 'active') continue;
      const age = ageOn(p.birthDate, DEMO_AS_OF);
      const range: Record<PersonCategory, [number, number]> = {
        child: [0, 6],
        student: [7, 22],
        employee_active: [18, 60],
        flexible: [18, 60],
        adult_resident: [18, 59],
        employee_retired: [50, 110],
        elderly_resident: [60, 110],
      };
      const [lo, hi] = range[e.category];
      expect(age, `${p.key} ${e.category}`).toBeGreaterThanOrEqual(lo);
      expect(age, `${p.key} ${e.category}`).toBeLessThanOrEqual(hi);
      if (e.category === 'employee_active') expect(p.employerKey).toBe(e.employerKey);
      expect(e.startDate >= p.birthDate).toBe(true);
      expect(e.startDate <= DEMO_AS_OF).toBe(true);
    }
  });

  it('add supplementary insurance on the right basic type', () => {
    const agencies = new Set(data.employers.filter((e) => e.uscc.startsWith('11')).map((e) => e.key));
    expect(agencies.size).toBeGreaterThan(0);
    for (const p of data.persons) {
      const active = enrolmentsOf(p.key).filter((e) => e.status === 'active');
      const types = new Set(active.map((e) => e.insuranceType));
      expect(types.size).toBe(active.length);
      if (types.has('310')) expect(types.has('330')).toBe(true);
      if (types.has('390')) expect(types.has('392')).toBe(true);
      if (types.has('330')) expect(types.has('310')).toBe(true);
      if (types.has('392')) expect(types.has('390')).toBe(true);
      expect(types.has('320')).toBe(
        types.has('310') && p.employerKey !== undefined && agencies.has(p.employerKey),
      );
    }
  });

  it('keep a history without overlapping basic cover', () => {
    for (const e of data.enrolments) {
      if (e.status === 'ended') {
        expect(e.endDate).toBeDefined();
        expect((e.endDate ?? '') >= e.startDate).toBe(true);
        expect((e.endDate ?? '') < DEMO_AS_OF).toBe(true);
      } else expect(e.endDate).toBeUndefined();
    }
    let switched = 0;
    for (const p of data.persons) {
      const basics = enrolmentsOf(p.key)
        .filter(isBasic)
        .sort((a, b) => a.startDate.localeCompare(b.startDate));
      for (let i = 1; i < basics.length; i++) {
        const prev = basics[i - 1];
        const next = basics[i];
        if (!prev || !next) continue;
        expect(prev.endDate, p.key).toBeDefined();
        expect((prev.endDate ?? '') < next.startDate, p.key).toBe(true);
        if (prev.insuranceType === '390' && next.insuranceType === '310') switched++;
      }
    }
    expect(switched).toBeGreaterThan(20);
    const ended = data.enrolments.filter((e) => e.status === 'ended');
    expect(ended.some((e) => e.insuranceType === '390')).toBe(true);
    // people who moved between the two cities
    expect(ended.some((e) => e.regionCode !== cityOf(personByKey.get(e.personKey)?.regionCode ?? ''))).toBe(
      true,
    );
  });
});

describe('families', () => {
  it('have symmetric relations', () => {
    const key = (a: string, b: string) => `${a}>${b}`;
    const rel = new Map(data.relations.map((r) => [key(r.personKey, r.relativeKey), r.relation]));
    const inverse = { spouse: 'spouse', child: 'parent', parent: 'child' } as const;
    for (const r of data.relations)
      expect(rel.get(key(r.relativeKey, r.personKey))).toBe(inverse[r.relation]);
  });

  it('put children 20–40 years after their parents and keep families in one district', () => {
    let parentLinks = 0;
    for (const r of data.relations) {
      if (r.relation !== 'child') continue;
      const parent = personByKey.get(r.personKey);
      const child = personByKey.get(r.relativeKey);
      if (!parent || !child) throw new Error('missing person');
      expect(child.birthDate >= addYears(parent.birthDate, 20)).toBe(true);
      expect(child.birthDate <= addYears(parent.birthDate, 40)).toBe(true);
      parentLinks++;
    }
    expect(parentLinks).toBeGreaterThan(500);
    const roles = new Set<string>();
    for (const f of data.families) {
      expect(f.members.filter((m) => m.relationToHead === 'self').map((m) => m.personKey)).toEqual([
        f.headKey,
      ]);
      for (const m of f.members) {
        expect(personByKey.get(m.personKey)?.regionCode).toBe(f.regionCode);
        roles.add(m.relationToHead);
      }
    }
    expect([...roles].sort()).toEqual(['child', 'parent', 'self', 'spouse']);
  });
});

describe('institutions', () => {
  it('cover every kind and level with national-style codes', () => {
    const kinds: InstitutionKind[] = [
      'hospital',
      'community_health_center',
      'township_health_center',
      'village_clinic',
      'pharmacy',
      'internet_hospital',
    ];
    for (const city of ['37', '33']) {
      const here = data.institutions.filter((i) => i.regionCode.startsWith(city));
      for (const k of kinds)
        expect(
          here.some((i) => i.kind === k),
          `${city} ${k}`,
        ).toBe(true);
      for (const level of [1, 2, 3] as const)
        expect(here.some((i) => i.kind === 'hospital' && i.level === level)).toBe(true);
      expect(here.some((i) => i.kind === 'pharmacy' && i.dualChannel)).toBe(true);
      expect(here.some((i) => i.level === 3 && i.levelGrade === '甲')).toBe(true);
    }
    expect(new Set(data.institutions.map((i) => i.code)).size).toBe(data.institutions.length);
    for (const i of data.institutions) {
      expect(i.code).toBe(`${i.kind === 'pharmacy' ? 'P' : 'H'}${i.regionCode}${i.code.slice(7)}`);
      expect(i.code).toMatch(/^[HP]\d{11}$/);
      if (i.kind === 'pharmacy') expect(i.level).toBeNull();
      if (i.kind !== 'pharmacy') expect(i.dualChannel).toBe(false);
      for (const ev of i.evaluations) expect(ev.score).toBeGreaterThanOrEqual(0);
    }
  });

  it('include agreement states, evaluations and penalties', () => {
    const statuses = new Set(data.institutions.map((i) => i.agreementStatus));
    expect([...statuses].sort()).toEqual(['active', 'suspended', 'terminated']);
    const years = new Set(data.institutions.flatMap((i) => i.evaluations.map((e) => e.year)));
    expect([...years].sort()).toEqual([2024, 2025]);
    const penalties = data.institutions.flatMap((i) => i.penalties);
    for (const k of ['warning', 'fine', 'suspension'] as const)
      expect(penalties.some((p) => p.kind === k)).toBe(true);
    for (const p of penalties) {
      if (p.kind === 'fine') expect(p.amount).toBeGreaterThan(0);
      if (p.kind === 'suspension') expect(p.endDate).toBeDefined();
    }
  });
});

describe('catalogue', () => {
  const items = data.catalogue;

  it('has unique codes in the national formats', () => {
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
    for (const i of items) {
      if (i.kind === 'drug') expect(i.code).toMatch(/^[XZ][A-Z]\d{2}[A-Z]{2}[A-Z]\d{3}[A-Z]\d{3}\d{3}\d{6}$/);
      if (i.kind === 'service') expect(i.code).toMatch(/^00\d{9}0000$/);
      if (i.kind === 'consumable') expect(i.code).toMatch(/^C\d{19}$/);
    }
  });

  it('has consistent classes, ratios and prices', () => {
    for (const i of items) {
      if (i.itemClass === 'A') expect(i.firstSelfPayBp).toBe(0);
      if (i.itemClass === 'B') expect(i.firstSelfPayBp).toBeGreaterThan(0);
      if (i.itemClass === 'C') expect(i.firstSelfPayBp).toBe(10_000);
      expect(Number.isInteger(i.paymentStandard) && i.paymentStandard > 0).toBe(true);
      if (i.validTo) expect(i.validTo > i.validFrom).toBe(true);
    }
    for (const k of ['drug', 'service', 'consumable'] as const) {
      for (const c of ['A', 'B', 'C'] as const)
        expect(
          items.some((i) => i.kind === k && i.itemClass === c),
          `${k} ${c}`,
        ).toBe(true);
    }
  });

  it('contains the common drugs and the negotiated dual-channel ones', () => {
    const names = items.map((i) => i.name);
    for (const n of [
      '布洛芬',
      '对乙酰氨基酚',
      '硝苯地平',
      '二甲双胍',
      '连花清瘟',
      '血液透析',
      '核磁共振',
      '心脏',
      '人工晶体',
    ]) {
      expect(names.some((x) => x.includes(n)) || items.some((i) => i.genericName.includes(n)), n).toBe(true);
    }
    expect(items.some((i) => i.negotiated && i.dualChannel && i.name.includes('信迪利单抗'))).toBe(true);
    expect(items.some((i) => i.negotiated && !i.dualChannel)).toBe(true);
    expect(items.some((i) => i.restrictSex === 'F')).toBe(true);
    expect(items.some((i) => i.restrictAgeMax !== undefined)).toBe(true);
    expect(items.some((i) => i.restrictMinLevel !== undefined)).toBe(true);
    expect(items.some((i) => i.quantityLimit !== undefined)).toBe(true);
    expect(items.some((i) => i.validTo !== undefined && i.validTo < DEMO_AS_OF)).toBe(true);
  });
});
