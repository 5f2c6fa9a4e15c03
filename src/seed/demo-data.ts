/**
 * Deterministic demo data for the two demo pooling regions, 淄博 (370300) and 湖州 (330500):
 * employers, insured persons in households, their enrolment histories, designated institutions
 * and a catalogue. The same seed always gives the same data; nothing reads the clock or
 * Math.random. Everything is dated relative to DEMO_AS_OF, the demo's "today".
 *
 * @example
 *   const data = generateDemoData();          // the default demo
 *   const other = generateDemoData(7);         // another, equally plausible population
 */
import { makeCertno } from '../domain/identity/certno.js';
import { makeUscc } from '../domain/identity/uscc.js';
import { dayBefore } from '../domain/registry/enrolment-rules.js';
import { ageOn } from '../domain/registry/person-input.js';
import { buildCatalogue } from './catalogue.js';
import { CHRONIC_DISEASES } from './chronic-diseases.js';
import {
  addDays,
  addYears,
  birthDateForAge,
  firstOfMonth,
  firstOfNextMonth,
  maxDate,
  minDate,
  randomDate,
  toDayNumber,
} from './dates.js';
import type {
  DemoData,
  DemoEmployer,
  DemoEnrolment,
  DemoFamily,
  DemoInstitution,
  DemoPerson,
  DemoRelation,
  InsuranceType,
  PersonCategory,
} from './demo-types.js';
import { EMPLOYER_SOURCES, type EmployerKind, SIZE_WEIGHT, USCC_PREFIX } from './employer-data.js';
import { INSTITUTION_SOURCES } from './institution-data.js';
import { HUZHOU_SURNAMES, NATIONAL_SURNAMES, pickGivenName, pickSurname, ZIBO_SURNAMES } from './names.js';
import {
  CITIES,
  type DemoDistrict,
  DISTRICTS,
  districtOf,
  districtPrefix,
  ORIGIN_DISTRICTS,
} from './places.js';
import { createPrng, type Prng } from './prng.js';

/** The demo's "today": ages, enrolment dates and agreement states are as of this date. */
export const DEMO_AS_OF = '2025-12-01';
export const DEFAULT_DEMO_SEED = 20_250_901;

const HOUSEHOLDS = 600;
const TARGET_PERSONS = 2250;

/** Start of employee basic insurance (职工医保) and of the merged resident scheme (城乡居民医保). */
const EMPLOYEE_SCHEME_START: Readonly<Record<string, string>> = {
  '370300': '2000-01-01',
  '330500': '2001-01-01',
};
const RESIDENT_SCHEME_START: Readonly<Record<string, string>> = {
  '370300': '2015-01-01',
  '330500': '2012-01-01',
};

export function generateDemoData(seed: number = DEFAULT_DEMO_SEED): DemoData {
  const rng = createPrng(seed);
  const ctx = new Context(rng);
  const employers = buildEmployers(ctx);
  const population = buildPopulation(ctx, employers);
  const enrolments = buildEnrolments(ctx, population, employers);
  return {
    employers: employers.map((e) => e.record),
    persons: population.persons.map(toPerson),
    enrolments,
    families: population.families,
    relations: population.relations,
    institutions: buildInstitutions(rng),
    catalogue: buildCatalogue(),
    chronicDiseases: CHRONIC_DISEASES.map(({ code, name }) => ({ code, name })),
  };
}

// —— shared state: uniqueness of ID numbers, phones and credit codes ——

/** mobile network prefixes of the three carriers */
const MOBILE_PREFIXES = (
  '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 176 177 180 181 182 183 185 186 ' +
  '187 188 189 191 195 198 199'
).split(' ');

class Context {
  private readonly certnos = new Set<string>();
  private readonly phones = new Set<string>();
  private readonly usccs = new Set<string>();
  constructor(readonly rng: Prng) {}

  certno(region: string, birthDate: string, sex: 'M' | 'F'): string {
    for (let i = 0; i < 500; i++) {
      // sequence 001–999 with the sex digit last; 000 is not issued
      const c = makeCertno(region, birthDate, this.rng.int(1, 99), sex);
      if (!this.certnos.has(c)) {
        this.certnos.add(c);
        return c;
      }
    }
    throw new Error(`no free ID sequence for ${region} ${birthDate}`);
  }

  phone(): string {
    for (;;) {
      const p = `${this.rng.pick(MOBILE_PREFIXES)}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  uscc(district: string, kind: EmployerKind): string {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (;;) {
      let body: string;
      if (kind === 'agency' || kind === 'institution') {
        // legacy organisation code: 8 digits and a check character
        body = `00${String(this.rng.int(0, 999_999)).padStart(6, '0')}${this.rng.pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'])}`;
      } else if (this.rng.chance(0.3) && kind === 'enterprise') {
        body = `${String(this.rng.int(10_000_000, 79_999_999))}${this.rng.int(0, 9)}`;
      } else {
        // registrations after 2015: MA + a provincial letter block
        body = `MA${district.startsWith('37') ? '3' : '2'}`;
        for (let i = 0; i < 6; i++) body += alphabet[this.rng.int(0, alphabet.length - 1)];
      }
      const code = makeUscc(district, body, USCC_PREFIX[kind]);
      if (!this.usccs.has(code)) {
        this.usccs.add(code);
        return code;
      }
    }
  }
}

// —— employers ——

interface EmployerInfo {
  readonly record: DemoEmployer;
  readonly kind: EmployerKind;
  readonly cityCode: string;
}

function buildEmployers(ctx: Context): EmployerInfo[] {
  const { rng } = ctx;
  return EMPLOYER_SOURCES.map((src, i) => {
    const district = districtOf(src.district);
    const surnames = localSurnames(district.code);
    const sex = rng.chance(0.5) ? 'M' : 'F';
    const contactName = pickSurname(rng, surnames) + pickGivenName(rng, sex, rng.int(1968, 1998));
    return {
      kind: src.kind,
      cityCode: district.cityCode,
      record: {
        key: `emp-${String(i + 1).padStart(3, '0')}`,
        regionCode: src.district,
        uscc: ctx.uscc(src.district, src.kind),
        name: src.name,
        sizeClass: src.sizeClass,
        industry: src.industry,
        address: `${districtPrefix(district)}${rng.pick(district.roads)}${rng.int(1, 999)}号`,
        contactName,
        contactPhone: ctx.phone(),
      },
    };
  });
}

// —— persons and households ——

interface Draft {
  readonly key: string;
  readonly district: DemoDistrict;
  readonly certno: string;
  readonly surname: string;
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly phone: string;
  readonly address: string;
  readonly ethnicity: string;
  readonly rural: boolean;
  /** moved in from the other demo city: has an ended enrolment there */
  readonly movedFromCity?: string;
  category: PersonCategory;
  employerKey?: string;
  chronic: string[];
}

interface Population {
  readonly persons: Draft[];
  readonly families: DemoFamily[];
  readonly relations: DemoRelation[];
}

function toPerson(p: Draft): DemoPerson {
  return {
    key: p.key,
    regionCode: p.district.code,
    certno: p.certno,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    phone: p.phone,
    address: p.address,
    ethnicity: p.ethnicity,
    ...(p.employerKey ? { employerKey: p.employerKey } : {}),
    chronicDiseases: p.chronic,
  };
}

interface Home {
  readonly district: DemoDistrict;
  readonly address: string;
  readonly rural: boolean;
  readonly ethnicity: string;
}

function makeHome(rng: Prng, district: DemoDistrict): Home {
  const prefix = districtPrefix(district);
  let address: string;
  const rural = rng.chance(district.rural);
  if (rural) {
    const town = rng.pick(district.towns);
    address = `${prefix}${town.name}${rng.pick(town.villages)}${rng.int(1, 280)}号`;
  } else {
    const building = district.cityCode === '370300' ? '号楼' : '幢';
    address = `${prefix}${rng.pick(district.roads)}${rng.int(1, 399)}号${rng.int(1, 36)}${building}${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
  }
  const minorities: readonly (readonly [string, number])[] =
    district.cityCode === '370300'
      ? [
          ['回族', 6],
          ['满族', 3],
          ['蒙古族', 1],
        ]
      : [
          ['畲族', 5],
          ['回族', 3],
          ['土家族', 2],
        ];
  let ethnicity = rng.chance(0.015) ? rng.weighted(minorities) : '汉族';
  // 金岭镇 is 金岭回族镇, a Hui township
  if (address.includes('金岭镇') && rng.chance(0.8)) ethnicity = '回族';
  return { district, address, rural, ethnicity };
}

function localSurnames(regionCode: string) {
  return regionCode.startsWith('37') ? ZIBO_SURNAMES : HUZHOU_SURNAMES;
}

type HouseholdKind = 'young' | 'middle' | 'senior' | 'single_parent' | 'single';
const HOUSEHOLD_KINDS: readonly HouseholdKind[] = ['young', 'middle', 'senior', 'single_parent', 'single'];

interface HouseholdShape {
  /** relative frequency */
  readonly share: number;
  readonly headAge: readonly [number, number];
  /** chance that the registered head is the husband or father */
  readonly maleHead: number;
  readonly spouse: number;
  /** weights for 0, 1, 2, 3 children living at home */
  readonly children: readonly number[];
  readonly childAge: readonly [number, number];
}

const HOUSEHOLD_SHAPES: Readonly<Record<HouseholdKind, HouseholdShape>> = {
  // a young couple with small children
  young: {
    share: 30,
    headAge: [24, 38],
    maleHead: 0.85,
    spouse: 0.97,
    children: [25, 45, 28, 2],
    childAge: [0, 14],
  },
  // middle-aged, children at school or working, sometimes the head's parents
  middle: {
    share: 36,
    headAge: [39, 58],
    maleHead: 0.85,
    spouse: 0.95,
    children: [8, 50, 38, 4],
    childAge: [6, 32],
  },
  // an older couple or a widow(er), sometimes with an unmarried grown-up child
  senior: {
    share: 26,
    headAge: [59, 86],
    maleHead: 0.85,
    spouse: 0.78,
    children: [70, 30],
    childAge: [20, 50],
  },
  single_parent: {
    share: 5,
    headAge: [28, 50],
    maleHead: 0.2,
    spouse: 0,
    children: [0, 65, 35],
    childAge: [0, 20],
  },
  single: { share: 3, headAge: [22, 45], maleHead: 0.5, spouse: 0, children: [1], childAge: [0, 0] },
};

function pickDistrict(rng: Prng): DemoDistrict {
  return rng.weighted(DISTRICTS.map((d) => [d, d.weight] as const));
}

function buildPopulation(ctx: Context, employers: readonly EmployerInfo[]): Population {
  const { rng } = ctx;
  const persons: Draft[] = [];
  const families: DemoFamily[] = [];
  const relations: DemoRelation[] = [];

  const addPerson = (args: {
    home: Home;
    sex: 'M' | 'F';
    birthDate: string;
    surname: string;
    certRegion: string;
    phone?: string;
    movedFromCity?: string;
  }): Draft => {
    const { home, sex, birthDate } = args;
    const draft: Draft = {
      key: `psn-${String(persons.length + 1).padStart(5, '0')}`,
      district: home.district,
      certno: ctx.certno(args.certRegion, birthDate, sex),
      surname: args.surname,
      name: args.surname + pickGivenName(rng, sex, Number(birthDate.slice(0, 4))),
      sex,
      birthDate,
      phone: args.phone ?? ctx.phone(),
      address: home.address,
      ethnicity: home.ethnicity,
      rural: home.rural,
      ...(args.movedFromCity ? { movedFromCity: args.movedFromCity } : {}),
      category: 'adult_resident',
      chronic: [],
    };
    persons.push(draft);
    return draft;
  };
  const relate = (a: Draft, b: Draft, bIsAs: 'spouse' | 'parent' | 'child') => {
    const back = bIsAs === 'spouse' ? 'spouse' : bIsAs === 'parent' ? 'child' : 'parent';
    relations.push({ personKey: a.key, relativeKey: b.key, relation: bIsAs });
    relations.push({ personKey: b.key, relativeKey: a.key, relation: back });
  };

  for (let h = 0; h < HOUSEHOLDS; h++) {
    const district = pickDistrict(rng);
    const home = makeHome(rng, district);
    const migrant = rng.chance(0.035);
    const origin = migrant ? rng.pick(ORIGIN_DISTRICTS[district.cityCode] ?? [district.code]) : district.code;
    const surnames = migrant ? NATIONAL_SURNAMES : localSurnames(district.code);
    const kind = rng.weighted(HOUSEHOLD_KINDS.map((k) => [k, HOUSEHOLD_SHAPES[k].share] as const));
    const shape = HOUSEHOLD_SHAPES[kind];
    const headAge = rng.int(shape.headAge[0], shape.headAge[1]);
    const headSex: 'M' | 'F' = rng.chance(shape.maleHead) ? 'M' : 'F';
    const headSurname = pickSurname(rng, surnames);
    const head = addPerson({
      home,
      sex: headSex,
      birthDate: birthDateForAge(rng, headAge, DEMO_AS_OF),
      surname: headSurname,
      certRegion: origin,
    });
    const members: { personKey: string; relationToHead: 'self' | 'spouse' | 'child' | 'parent' }[] = [
      { personKey: head.key, relationToHead: 'self' },
    ];

    let spouse: Draft | undefined;
    if (rng.chance(shape.spouse)) {
      const gap = rng.int(-730, 2200); // the husband is usually a little older
      const birth = headSex === 'M' ? addDays(head.birthDate, gap) : addDays(head.birthDate, -gap);
      const age = ageOn(birth, DEMO_AS_OF);
      if (age >= 21 && age <= 98) {
        spouse = addPerson({
          home,
          sex: headSex === 'M' ? 'F' : 'M',
          birthDate: birth,
          surname: pickSurname(rng, surnames),
          certRegion: migrant && rng.chance(0.8) ? origin : district.code,
        });
        members.push({ personKey: spouse.key, relationToHead: 'spouse' });
        relate(head, spouse, 'spouse');
      }
    }

    // children: born 20–40 years after each parent
    const childCount = rng.weighted(shape.children.map((weight, n) => [n, weight] as const));
    const [minAge, maxAge] = shape.childAge;
    const parents = spouse ? [head, spouse] : [head];
    const father = parents.find((p) => p.sex === 'M');
    const mother = parents.find((p) => p.sex === 'F');
    const fatherSurname = father ? father.surname : pickSurname(rng, surnames);
    const births: string[] = [];
    for (let c = 0; c < childCount; c++) {
      const later = parents.reduce((a, p) => maxDate(a, p.birthDate), '0000-01-01');
      const earlier = parents.reduce((a, p) => minDate(a, p.birthDate), '9999-12-31');
      const lo = maxDate(addYears(later, 20), addDays(addYears(DEMO_AS_OF, -maxAge - 1), 1));
      const hi = minDate(addYears(earlier, 40), addYears(DEMO_AS_OF, -minAge));
      if (lo > hi) break;
      let birth: string | undefined;
      for (let t = 0; t < 6 && !birth; t++) {
        const candidate = randomDate(rng, lo, hi);
        if (births.every((b) => Math.abs(toDayNumber(b) - toDayNumber(candidate)) > 300)) birth = candidate;
      }
      if (!birth) continue;
      births.push(birth);
      const childAge = ageOn(birth, DEMO_AS_OF);
      const surname = mother && rng.chance(0.05) ? mother.surname : fatherSurname;
      const child = addPerson({
        home,
        sex: rng.chance(0.52) ? 'M' : 'F',
        birthDate: birth,
        surname,
        certRegion: migrant && childAge >= 10 ? origin : district.code,
        // children under 16 are registered with a parent's mobile
        ...(childAge < 16 ? { phone: (mother ?? head).phone } : {}),
      });
      members.push({ personKey: child.key, relationToHead: 'child' });
      for (const p of parents) relate(p, child, 'child');
    }

    // the head's elderly parents sometimes live with the family
    if (kind === 'middle' && rng.chance(0.22)) {
      const lo = addYears(head.birthDate, -40);
      const hi = addYears(head.birthDate, -20);
      const oldest = addYears(DEMO_AS_OF, -97);
      const fatherBirth = randomDate(
        rng,
        maxDate(addYears(head.birthDate, -36), oldest),
        addYears(head.birthDate, -22),
      );
      const motherBirth = addDays(fatherBirth, rng.int(-400, 1800));
      const withFather = rng.chance(0.7);
      const withMother = !withFather || rng.chance(0.85);
      const elders: Draft[] = [];
      if (withFather && fatherBirth >= lo && fatherBirth <= hi && fatherBirth >= oldest) {
        elders.push(
          addPerson({ home, sex: 'M', birthDate: fatherBirth, surname: head.surname, certRegion: origin }),
        );
      }
      if (withMother && motherBirth >= lo && motherBirth <= hi && motherBirth >= oldest) {
        elders.push(
          addPerson({
            home,
            sex: 'F',
            birthDate: motherBirth,
            surname: pickSurname(rng, surnames),
            certRegion: origin,
          }),
        );
      }
      for (const elder of elders) {
        members.push({ personKey: elder.key, relationToHead: 'parent' });
        relate(head, elder, 'parent');
      }
      const [a, b] = elders;
      if (a && b) relate(a, b, 'spouse');
    }

    families.push({
      key: `fam-${String(h + 1).padStart(4, '0')}`,
      regionCode: district.code,
      headKey: head.key,
      members,
    });
  }

  // people living alone or away from their families: young workers, some from elsewhere
  while (persons.length < TARGET_PERSONS) {
    const district = pickDistrict(rng);
    const home = makeHome(rng, district);
    const from = rng.weighted([
      ['local', 84],
      ['province', 12],
      ['city', 4],
    ] as const);
    const otherCity = CITIES.find((c) => c.code !== district.cityCode)?.code ?? district.cityCode;
    const certRegion =
      from === 'province'
        ? rng.pick(ORIGIN_DISTRICTS[district.cityCode] ?? [district.code])
        : from === 'city'
          ? rng.pick(DISTRICTS.filter((d) => d.cityCode === otherCity)).code
          : district.code;
    const surnames = from === 'province' ? NATIONAL_SURNAMES : localSurnames(certRegion);
    addPerson({
      home,
      sex: rng.chance(0.55) ? 'M' : 'F',
      birthDate: birthDateForAge(rng, randomAdultAge(rng), DEMO_AS_OF),
      surname: pickSurname(rng, surnames),
      certRegion,
      ...(from === 'city' ? { movedFromCity: otherCity } : {}),
    });
  }

  assignCategories(rng, persons, employers);
  assignChronicDiseases(rng, persons);
  return { persons, families, relations };
}

/** Ages of people outside households: mostly young workers. */
function randomAdultAge(rng: Prng): number {
  const [lo, hi] = rng.weighted([
    [[19, 35], 70],
    [[36, 59], 22],
    [[60, 80], 8],
  ] as const);
  return rng.int(lo, hi);
}

function assignCategories(rng: Prng, persons: Draft[], employers: readonly EmployerInfo[]): void {
  for (const p of persons) {
    const age = ageOn(p.birthDate, DEMO_AS_OF);
    const working = p.sex === 'M' ? age <= 60 : age <= 55;
    const employeeShare = p.rural ? 0.38 : 0.64;
    let category: PersonCategory;
    if (age <= 6) category = 'child';
    else if (age <= 17) category = 'student';
    else if (age <= 22) {
      category = rng.weighted([
        ['student', 60],
        ['employee_active', 25],
        ['adult_resident', 10],
        ['flexible', 5],
      ] as const);
    } else if (working) {
      category = rng.weighted([
        ['employee_active', employeeShare],
        ['flexible', 0.12],
        [age >= 60 ? 'elderly_resident' : 'adult_resident', 0.88 - employeeShare],
      ] as const);
    } else {
      const retired = rng.chance(p.rural ? 0.28 : 0.62);
      category = retired ? 'employee_retired' : age >= 60 ? 'elderly_resident' : 'adult_resident';
    }
    p.category = category;
    // retirees of an employer keep it; some retired as flexible workers and have none
    if (category === 'employee_active' || (category === 'employee_retired' && rng.chance(0.85))) {
      p.employerKey = pickEmployer(rng, p.district, employers).record.key;
    }
  }
  // every employer has at least one current employee: take one from a busy employer of the city
  const staff = new Map<string, number>();
  for (const p of persons) {
    if (p.category === 'employee_active' && p.employerKey)
      staff.set(p.employerKey, (staff.get(p.employerKey) ?? 0) + 1);
  }
  for (const e of employers) {
    if ((staff.get(e.record.key) ?? 0) > 0) continue;
    const movable = persons.filter(
      (p) =>
        p.category === 'employee_active' &&
        p.district.cityCode === e.cityCode &&
        (staff.get(p.employerKey ?? '') ?? 0) > 3,
    );
    const chosen = movable.find((p) => p.district.code === e.record.regionCode) ?? movable[0];
    if (!chosen?.employerKey) continue;
    staff.set(chosen.employerKey, (staff.get(chosen.employerKey) ?? 0) - 1);
    staff.set(e.record.key, 1);
    chosen.employerKey = e.record.key;
  }
}

function pickEmployer(rng: Prng, district: DemoDistrict, employers: readonly EmployerInfo[]): EmployerInfo {
  const local = employers.filter((e) => e.cityCode === district.cityCode);
  return rng.weighted(
    local.map(
      (e) => [e, SIZE_WEIGHT[e.record.sizeClass] * (e.record.regionCode === district.code ? 3 : 1)] as const,
    ),
  );
}

/**
 * Share of persons holding a chronic-disease qualification. 淄博 had 31.2 万 filings (~7 % of the
 * insured) in 2022; the demo holds more so that chronic-disease flows have people to show.
 */
const CHRONIC_SHARE = 0.125;

function assignChronicDiseases(rng: Prng, persons: Draft[]): void {
  // weighted sampling without replacement (Efraimidis–Spirakis): exactly CHRONIC_SHARE of the
  // population, far more likely among the old
  const ranked = persons
    .map((p) => {
      const age = ageOn(p.birthDate, DEMO_AS_OF);
      const weight = age < 18 ? 0.008 : age < 45 ? 0.045 : age < 60 ? 0.17 : age < 75 ? 0.36 : 0.44;
      return { p, age, rank: rng.next() ** (1 / weight) };
    })
    .sort((a, b) => b.rank - a.rank)
    .slice(0, Math.round(persons.length * CHRONIC_SHARE));
  for (const { p, age } of ranked) {
    const eligible = CHRONIC_DISEASES.filter((d) => d.minAge <= age);
    if (eligible.length === 0) continue;
    const first = rng.weighted(eligible.map((d) => [d.code, d.weight] as const));
    p.chronic.push(first);
    if (age >= 45 && rng.chance(0.25)) {
      p.chronic.push(
        rng.weighted(eligible.filter((d) => d.code !== first).map((d) => [d.code, d.weight] as const)),
      );
    }
  }
}

// —— enrolments ——

function buildEnrolments(
  ctx: Context,
  population: Population,
  employers: readonly EmployerInfo[],
): DemoEnrolment[] {
  const { rng } = ctx;
  const out: DemoEnrolment[] = [];
  const kindOf = new Map(employers.map((e) => [e.record.key, e.kind]));
  const lastMonth = addDays(DEMO_AS_OF, -30);

  for (const p of population.persons) {
    const city = p.district.cityCode;
    const employeeStart = EMPLOYEE_SCHEME_START[city] ?? '2000-01-01';
    const residentStart = RESIDENT_SCHEME_START[city] ?? '2015-01-01';
    const age = ageOn(p.birthDate, DEMO_AS_OF);
    const civilServant = p.employerKey !== undefined && kindOf.get(p.employerKey) === 'agency';
    const employeeTypes: readonly InsuranceType[] = civilServant ? ['310', '330', '320'] : ['310', '330'];
    const residentTypes: readonly InsuranceType[] = ['390', '392'];
    type Fields = Omit<DemoEnrolment, 'personKey' | 'insuranceType' | 'regionCode'> & {
      readonly regionCode?: string;
    };
    const add = (types: readonly InsuranceType[], fields: Fields) => {
      for (const insuranceType of types)
        out.push({ personKey: p.key, regionCode: city, insuranceType, ...fields });
    };
    const withEmployer = p.employerKey ? { employerKey: p.employerKey } : {};
    let basicStart: string;

    /** an earlier resident enrolment, ended the day before employee insurance began */
    const residentHistory = (until: string) => {
      const from = maxDate(residentStart, p.birthDate);
      if (toDayNumber(until) - toDayNumber(from) < 180) return;
      const endDate = dayBefore(until);
      const category: PersonCategory = ageOn(p.birthDate, endDate) <= 22 ? 'student' : 'adult_resident';
      add(residentTypes, { category, startDate: from, endDate, status: 'ended' });
    };

    switch (p.category) {
      case 'employee_active': {
        const careerStart = minDate(addYears(p.birthDate, age <= 22 ? 18 : rng.int(18, 24)), lastMonth);
        const hired = randomDate(rng, maxDate(careerStart, addYears(DEMO_AS_OF, -32)), lastMonth);
        basicStart = maxDate(firstOfNextMonth(hired), employeeStart);
        if (!p.movedFromCity && basicStart >= addYears(residentStart, 1) && rng.chance(0.5))
          residentHistory(basicStart);
        add(employeeTypes, {
          category: 'employee_active',
          ...withEmployer,
          startDate: basicStart,
          status: 'active',
        });
        break;
      }
      case 'employee_retired': {
        // 男 60, 女 55 (干部) or 50 (工人)
        const retireAge = p.sex === 'M' ? 60 : rng.chance(0.5) ? 55 : 50;
        const retireDate = firstOfNextMonth(addYears(p.birthDate, retireAge));
        const workedFrom = p.employerKey
          ? randomDate(rng, addYears(p.birthDate, rng.int(18, 24)), addYears(retireDate, -10))
          : randomDate(rng, addYears(p.birthDate, 35), addYears(retireDate, -15));
        const activeStart = maxDate(firstOfNextMonth(workedFrom), employeeStart);
        if (retireDate > activeStart) {
          const category: PersonCategory = p.employerKey ? 'employee_active' : 'flexible';
          add(employeeTypes, {
            category,
            ...withEmployer,
            startDate: activeStart,
            endDate: dayBefore(retireDate),
            status: 'ended',
          });
        }
        basicStart = maxDate(retireDate, employeeStart);
        add(employeeTypes, {
          category: 'employee_retired',
          ...withEmployer,
          startDate: basicStart,
          status: 'active',
        });
        break;
      }
      case 'flexible': {
        const earliest = maxDate(addYears(p.birthDate, 18), '2010-01-01');
        basicStart = firstOfNextMonth(randomDate(rng, minDate(earliest, lastMonth), lastMonth));
        if (!p.movedFromCity && basicStart >= addYears(residentStart, 1) && rng.chance(0.35))
          residentHistory(basicStart);
        add(employeeTypes, { category: 'flexible', startDate: basicStart, status: 'active' });
        break;
      }
      default: {
        // residents: from the merged scheme's start, from birth, or from a later year they joined
        basicStart = maxDate(residentStart, p.birthDate);
        if (p.movedFromCity) basicStart = maxDate(basicStart, `${rng.int(2018, 2025)}-01-01`);
        else if (age >= 18 && rng.chance(0.3)) {
          const joined = `${rng.int(Number(basicStart.slice(0, 4)) + 1, 2025)}-01-01`;
          if (joined > basicStart && joined <= DEMO_AS_OF) {
            // some adult residents had been flexible workers before, until they stopped paying
            if (age >= 25 && rng.chance(0.3)) {
              const worked = firstOfMonth(randomDate(rng, addYears(joined, -6), addYears(joined, -1)));
              const from = maxDate(maxDate(worked, addYears(p.birthDate, 18)), employeeStart);
              if (from < joined)
                add(['310', '330'], {
                  category: 'flexible',
                  startDate: from,
                  endDate: dayBefore(joined),
                  status: 'ended',
                });
            }
            basicStart = joined;
          }
        }
        add(residentTypes, { category: p.category, startDate: basicStart, status: 'active' });
      }
    }

    // moved in from the other demo city: the basic enrolment there ended when this one began
    if (p.movedFromCity && p.category !== 'employee_retired') {
      const regionCode = p.movedFromCity;
      const asEmployee = p.category === 'employee_active' || p.category === 'flexible';
      const schemeThere =
        (asEmployee ? EMPLOYEE_SCHEME_START : RESIDENT_SCHEME_START)[regionCode] ?? '2015-01-01';
      const endDate = dayBefore(basicStart);
      const moved = firstOfMonth(randomDate(rng, addYears(basicStart, -8), addYears(basicStart, -2)));
      const from = maxDate(maxDate(moved, addYears(p.birthDate, 18)), schemeThere);
      if (from < endDate) {
        if (asEmployee) {
          const previous = employers.filter((e) => e.cityCode === regionCode && e.kind === 'enterprise');
          const employerKey = rng.pick(previous).record.key;
          add(['310', '330'], {
            regionCode,
            category: 'employee_active',
            employerKey,
            startDate: from,
            endDate,
            status: 'ended',
          });
        } else {
          const category: PersonCategory =
            ageOn(p.birthDate, endDate) >= 60 ? 'elderly_resident' : 'adult_resident';
          add(residentTypes, { regionCode, category, startDate: from, endDate, status: 'ended' });
        }
      }
    }
  }
  return out;
}

// —— institutions ——

function buildInstitutions(rng: Prng): DemoInstitution[] {
  const counters = new Map<string, number>();
  return INSTITUTION_SOURCES.map((src) => {
    const letter = src.kind === 'pharmacy' ? 'P' : 'H';
    const counterKey = letter + src.district;
    const n = (counters.get(counterKey) ?? 0) + 1;
    counters.set(counterKey, n);
    const code = `${counterKey}${String(n).padStart(5, '0')}`;
    const [lo, hi] = src.scoreRange ?? [76, 95];
    const lastYear = Number(src.agreementEnd.slice(0, 4));
    const evaluations = [2024, 2025]
      .filter((year) => year <= lastYear && year >= Number(src.agreementStart.slice(0, 4)))
      .map((year) => {
        const score = rng.int(lo, hi);
        const grade =
          score >= 90 ? 'excellent' : score >= 80 ? 'good' : score >= 60 ? 'qualified' : 'unqualified';
        return { year, grade, score } as const;
      });
    return {
      key: `ins-${code.toLowerCase()}`,
      code,
      name: src.name,
      kind: src.kind,
      level: src.level,
      levelGrade: src.levelGrade,
      regionCode: src.district,
      address: `${districtPrefix(districtOf(src.district))}${src.address}`,
      agreementStatus: src.agreementStatus ?? 'active',
      agreementStart: src.agreementStart,
      agreementEnd: src.agreementEnd,
      dualChannel: src.dualChannel ?? false,
      evaluations,
      penalties: src.penalties ?? [],
    };
  });
}
