import { CATALOGUE_COLUMNS } from '../../domain/catalogue/catalogue-entry.js';
import { type BasisPoints, type Fen, formatRatio, formatYuan } from '../../domain/money/fen.js';
import { generateDemoData } from '../../seed/demo-data.js';
import type { DemoCatalogueItem, DemoData } from '../../seed/demo-types.js';
import type { Db, Executor } from '../../store/database.js';
import type { Role } from '../../store/schema.js';
import { SYSTEM_ACTOR } from '../actor.js';
import { AuthService } from '../auth/auth-service.js';
import type { Table } from '../catalogue/catalogue-file.js';
import { CatalogueService } from '../catalogue/catalogue-service.js';
import { loadRegionRecords } from '../registry/regions-data.js';

/** The demo accounts, one per role; the README lists them. */
export const DEMO_ACCOUNTS: readonly {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  regionCodes: string[];
}[] = [
  {
    username: 'admin',
    password: 'admin123',
    role: 'admin',
    displayName: '系统管理员',
    regionCodes: ['370000', '330000'],
  },
  {
    username: 'clerk',
    password: 'clerk123',
    role: 'agency_clerk',
    displayName: '淄博经办员 李静',
    regionCodes: ['370300'],
  },
  {
    username: 'reviewer',
    password: 'reviewer123',
    role: 'agency_reviewer',
    displayName: '淄博审核员 周强',
    regionCodes: ['370300'],
  },
  {
    username: 'hzclerk',
    password: 'hzclerk123',
    role: 'agency_clerk',
    displayName: '湖州经办员 沈文',
    regionCodes: ['330500'],
  },
  {
    username: 'hospital',
    password: 'hospital123',
    role: 'institution_operator',
    displayName: '医保办 王敏',
    regionCodes: ['370300'],
  },
  {
    username: 'employer',
    password: 'employer123',
    role: 'employer_clerk',
    displayName: '单位专管员 赵磊',
    regionCodes: ['370300'],
  },
  {
    username: 'insured',
    password: 'insured123',
    role: 'insured',
    displayName: '参保人',
    regionCodes: ['370300'],
  },
];

export const DEMO_CATALOGUE_REGIONS = ['370300', '330500'] as const;

/** Regions go in first, on their own: every other table refers to them. Idempotent. */
export async function seedRegions(db: Executor): Promise<number> {
  const existing = await db
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  const records = loadRegionRecords();
  // Parents before children for the foreign key.
  const order = { province: 0, city: 1, district: 2 } as const;
  records.sort((a, b) => order[a.level] - order[b.level]);
  for (let i = 0; i < records.length; i += 1000) {
    await db
      .insertInto('regions')
      .values(
        records
          .slice(i, i + 1000)
          .map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  return records.length;
}

export function catalogueTable(items: readonly DemoCatalogueItem[]): Table {
  return {
    headers: CATALOGUE_COLUMNS.map((c) => c.key),
    rows: items.map((i) => [
      i.code,
      i.kind,
      i.name,
      i.genericName,
      i.specification,
      i.dosageForm,
      i.unit,
      i.manufacturer,
      i.itemClass,
      // Class B items take the policy's default first self-pay, except the negotiated drugs
      // listed at a lower ratio (淄博: 部分谈判药品 10 %), which carry their own.
      i.itemClass === 'B' && i.negotiated && i.firstSelfPayBp <= 1000
        ? formatRatio(i.firstSelfPayBp as BasisPoints)
        : '',
      formatYuan(i.paymentStandard as Fen),
      i.restrictSex ?? '',
      i.restrictAgeMin?.toString() ?? '',
      i.restrictAgeMax?.toString() ?? '',
      i.restrictMinLevel?.toString() ?? '',
      i.restrictIndication ?? '',
      i.quantityLimit?.toString() ?? '',
      i.negotiated ? 'Y' : 'N',
      i.dualChannel ? 'Y' : 'N',
      i.validFrom,
      i.validTo ?? '',
    ]),
  };
}

/** True once the demo data (or any account) exists. */
export async function isSeeded(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Loads the deterministic demo data in one transaction: all of it or none. Does nothing when
 * accounts already exist. Returns counts of what it wrote.
 */
export async function seedDemo(
  db: Db,
  data: DemoData = generateDemoData(),
): Promise<Record<string, number> | null> {
  await seedRegions(db);
  if (await isSeeded(db)) return null;
  return db.transaction().execute(async (tx) => {
    if (await isSeeded(tx)) return null;
    const chunk = async <T>(rows: readonly T[], write: (part: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += 400) await write(rows.slice(i, i + 400) as T[]);
    };

    await chunk(data.chronicDiseases, (part) =>
      tx
        .insertInto('chronic_diseases')
        .values(part.map((d) => ({ code: d.code, name: d.name })))
        .execute(),
    );

    const employerIds = new Map<string, number>();
    await chunk(data.employers, async (part) => {
      const rows = await tx
        .insertInto('employers')
        .values(
          part.map((e) => ({
            region_code: e.regionCode,
            uscc: e.uscc,
            name: e.name,
            size_class: e.sizeClass,
            industry: e.industry,
            address: e.address,
            contact_name: e.contactName,
            contact_phone: e.contactPhone,
          })),
        )
        .returning(['id', 'uscc'])
        .execute();
      const byUscc = new Map(part.map((e) => [e.uscc, e.key]));
      for (const r of rows) employerIds.set(byUscc.get(r.uscc)!, r.id);
    });

    const personIds = new Map<string, number>();
    let seq = 0;
    await chunk(data.persons, async (part) => {
      const rows = await tx
        .insertInto('persons')
        .values(
          part.map((p) => ({
            psn_no: `${p.regionCode}${String(++seq).padStart(10, '0')}`,
            region_code: p.regionCode,
            certno: p.certno,
            name: p.name,
            sex: p.sex,
            birth_date: p.birthDate,
            phone: p.phone,
            address: p.address,
            ethnicity: p.ethnicity,
            employer_id: p.employerKey ? (employerIds.get(p.employerKey) ?? null) : null,
          })),
        )
        .returning(['id', 'certno'])
        .execute();
      const byCertno = new Map(part.map((p) => [p.certno, p.key]));
      for (const r of rows) personIds.set(byCertno.get(r.certno)!, r.id);
    });
    await tx
      .selectNoFrom((eb) => eb.fn<number>('setval', [eb.val('person_no_seq'), eb.val(seq + 1)]).as('s'))
      .execute();

    const chronic = data.persons.flatMap((p) =>
      p.chronicDiseases.map((code) => ({
        person_id: personIds.get(p.key)!,
        disease_code: code,
        region_code: p.regionCode,
        since: '2024-01-01',
      })),
    );
    await chunk(chronic, (part) => tx.insertInto('person_chronic_diseases').values(part).execute());

    await chunk(data.enrolments, (part) =>
      tx
        .insertInto('enrolments')
        .values(
          part.map((e) => ({
            person_id: personIds.get(e.personKey)!,
            region_code: e.regionCode,
            insurance_type: e.insuranceType,
            category: e.category,
            employer_id: e.employerKey ? (employerIds.get(e.employerKey) ?? null) : null,
            start_date: e.startDate,
            end_date: e.endDate ?? null,
            status: e.status,
            end_reason:
              e.status === 'ended'
                ? e.insuranceType === '390' || e.insuranceType === '392'
                  ? 'joined_employee_insurance'
                  : 'moved_away'
                : null,
          })),
        )
        .execute(),
    );

    for (const f of data.families) {
      const fam = await tx
        .insertInto('families')
        .values({ region_code: f.regionCode, head_person_id: personIds.get(f.headKey)! })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('family_members')
        .values(
          f.members.map((m) => ({
            family_id: fam.id,
            person_id: personIds.get(m.personKey)!,
            relation_to_head: m.relationToHead,
          })),
        )
        .execute();
    }
    const regionOf = new Map(data.persons.map((p) => [p.key, p.regionCode]));
    await chunk(data.relations, (part) =>
      tx
        .insertInto('person_relations')
        .values(
          part.map((r) => ({
            person_id: personIds.get(r.personKey)!,
            relative_id: personIds.get(r.relativeKey)!,
            relation: r.relation,
            region_code: regionOf.get(r.personKey)!,
          })),
        )
        .execute(),
    );

    const institutionIds = new Map<string, number>();
    for (const i of data.institutions) {
      const row = await tx
        .insertInto('institutions')
        .values({
          code: i.code,
          name: i.name,
          kind: i.kind,
          level: i.level,
          level_grade: i.levelGrade,
          region_code: i.regionCode,
          address: i.address,
          agreement_status: i.agreementStatus,
          agreement_start: i.agreementStart,
          agreement_end: i.agreementEnd,
          dual_channel: i.dualChannel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      institutionIds.set(i.key, row.id);
      if (i.evaluations.length) {
        await tx
          .insertInto('institution_evaluations')
          .values(
            i.evaluations.map((e) => ({
              institution_id: row.id,
              year: e.year,
              grade: e.grade,
              score: e.score,
            })),
          )
          .execute();
      }
      if (i.penalties.length) {
        await tx
          .insertInto('institution_penalties')
          .values(
            i.penalties.map((p) => ({
              institution_id: row.id,
              region_code: i.regionCode,
              date: p.date,
              kind: p.kind,
              amount: p.amount,
              reason: p.reason,
              end_date: p.endDate ?? null,
            })),
          )
          .execute();
      }
    }

    const catalogue = new CatalogueService(db);
    for (const region of DEMO_CATALOGUE_REGIONS) {
      await catalogue.importTable(
        SYSTEM_ACTOR,
        {
          regionCode: region,
          effectiveFrom: '2025-01-01',
          note: '演示数据：国家医保目录（2025 年版）节选',
          fileName: 'demo-catalogue.csv',
          table: catalogueTable(data.catalogue),
        },
        tx,
      );
    }

    // Accounts: link the operator, employer clerk and insured demo accounts to fitting records.
    const hospital = data.institutions.find(
      (i) => i.regionCode.startsWith('3703') && i.kind === 'hospital' && i.level === 3,
    );
    const employer = data.employers.find(
      (e) => e.regionCode.startsWith('3703') && data.persons.some((p) => p.employerKey === e.key),
    );
    const insured =
      data.persons.find(
        (p) =>
          p.regionCode.startsWith('3703') &&
          p.employerKey === employer?.key &&
          data.relations.some((r) => r.personKey === p.key) &&
          data.enrolments.some(
            (e) => e.personKey === p.key && e.insuranceType === '310' && e.status === 'active',
          ),
      ) ?? data.persons.find((p) => p.regionCode.startsWith('3703'));
    const auth = new AuthService(db, 3600);
    for (const a of DEMO_ACCOUNTS) {
      await auth.addUser(
        SYSTEM_ACTOR,
        {
          ...a,
          personId: a.role === 'insured' && insured ? personIds.get(insured.key)! : null,
          employerId: a.role === 'employer_clerk' && employer ? employerIds.get(employer.key)! : null,
          institutionId:
            a.role === 'institution_operator' && hospital ? institutionIds.get(hospital.key)! : null,
          ...(a.role === 'insured' && insured ? { displayName: insured.name } : {}),
        },
        tx,
      );
    }

    return {
      employers: employerIds.size,
      persons: personIds.size,
      enrolments: data.enrolments.length,
      families: data.families.length,
      institutions: institutionIds.size,
      catalogueItems: data.catalogue.length,
      users: DEMO_ACCOUNTS.length,
    };
  });
}
