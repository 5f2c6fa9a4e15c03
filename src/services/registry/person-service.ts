import { sql } from 'kysely';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { FieldProblem } from '../../domain/errors/catalogue.js';
import { maskCertno, maskPhone } from '../../domain/identity/mask.js';
import { INSURANCE_TYPE_NAMES } from '../../domain/registry/enrolment-rules.js';
import { ageOn, checkName, checkPersonInput, checkPhone } from '../../domain/registry/person-input.js';
import { regionPrefix } from '../../domain/registry/region-scope.js';
import type { Db, Executor } from '../../store/database.js';
import type {
  Enrolment as EnrolmentRow,
  InsuranceTypeCode,
  PersonCategoryCode,
  Person as PersonRow,
} from '../../store/schema.js';
import { type Actor, isStaff, requireRegion, requireRole, seesAllRegions, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { type Page, type PageQuery, pageBounds } from '../pagination.js';
import { assertDistrict } from './employer-service.js';

export interface PersonSummary {
  readonly id: number;
  readonly psnNo: string;
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly certnoMasked: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly status: 'active' | 'inactive';
  readonly activeBasicInsuranceType: '310' | '390' | null;
  readonly category: PersonCategoryCode | null;
}

export interface EnrolmentView {
  readonly id: number;
  readonly personId: number;
  readonly insuranceType: InsuranceTypeCode;
  readonly insuranceTypeName: string;
  readonly insuranceTypeNameEn: string;
  readonly category: PersonCategoryCode;
  readonly regionCode: string;
  readonly employerId: number | null;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly status: EnrolmentRow['status'];
  readonly endReason: string | null;
}

export interface PersonDetail extends PersonSummary {
  /** Full for agency staff and the person; masked for everyone else. */
  readonly certno: string;
  readonly phone: string;
  readonly address: string;
  readonly ethnicity: string;
  readonly employerId: number | null;
  readonly employerName: string | null;
  readonly chronicDiseases: { readonly code: string; readonly name: string; readonly since: string }[];
  readonly enrolments: EnrolmentView[];
  readonly relatives: {
    readonly personId: number;
    readonly psnNo: string;
    readonly name: string;
    readonly relation: 'spouse' | 'parent' | 'child';
    readonly certnoMasked: string;
  }[];
  readonly family: {
    readonly id: number;
    readonly headPersonId: number;
    readonly members: { readonly personId: number; readonly name: string; readonly relationToHead: string }[];
  } | null;
}

export interface InstitutionPersonView {
  readonly id: number;
  readonly psnNo: string;
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly age: number;
  readonly certnoMasked: string;
  readonly regionCode: string;
  readonly status: 'active' | 'inactive';
  /** the active basic enrolment on the date, if any */
  readonly insuranceType: string | null;
  readonly category: string | null;
  readonly insuredRegionCode: string | null;
}

export interface PersonCreateInput {
  readonly certno: string;
  readonly name: string;
  readonly sex?: 'M' | 'F';
  readonly birthDate?: string;
  readonly regionCode: string;
  readonly phone?: string;
  readonly address?: string;
  readonly ethnicity?: string;
  readonly employerId?: number | null;
}

export interface PersonListQuery extends PageQuery {
  readonly q?: string;
  readonly regionCode?: string;
  readonly employerId?: number;
  readonly insuranceType?: string;
  readonly category?: string;
  readonly chronic?: boolean;
  readonly status?: string;
}

export function toEnrolmentView(e: EnrolmentRow): EnrolmentView {
  return {
    id: e.id,
    personId: e.person_id,
    insuranceType: e.insurance_type,
    insuranceTypeName: INSURANCE_TYPE_NAMES[e.insurance_type].zh,
    insuranceTypeNameEn: INSURANCE_TYPE_NAMES[e.insurance_type].en,
    category: e.category,
    regionCode: e.region_code,
    employerId: e.employer_id,
    startDate: e.start_date,
    endDate: e.end_date,
    status: e.status,
    endReason: e.end_reason,
  };
}

export class PersonService {
  constructor(private readonly db: Db) {}

  /** Lists persons the actor may see, with ID numbers masked. */
  async list(actor: Actor, q: PersonListQuery): Promise<Page<PersonSummary>> {
    const { page, pageSize, offset } = pageBounds(q);
    let query = this.db
      .selectFrom('persons')
      .innerJoin('regions', 'regions.code', 'persons.region_code')
      .leftJoin('enrolments as basic', (join) =>
        join
          .onRef('basic.person_id', '=', 'persons.id')
          .on('basic.status', '=', 'active')
          .on('basic.insurance_type', 'in', ['310', '390']),
      );
    if (actor.role === 'employer_clerk')
      query = query.where('persons.employer_id', '=', actor.employerId ?? -1);
    else if (actor.role === 'insured') query = query.where('persons.id', '=', actor.personId ?? -1);
    else if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
    else if (!seesAllRegions(actor)) {
      const prefixes = actor.regionCodes.map(regionPrefix);
      query = query.where((eb) => eb.or(prefixes.map((p) => eb('persons.region_code', 'like', `${p}%`))));
    }
    if (q.regionCode) query = query.where('persons.region_code', 'like', `${regionPrefix(q.regionCode)}%`);
    if (q.employerId) query = query.where('persons.employer_id', '=', q.employerId);
    if (q.status) query = query.where('persons.status', '=', q.status as 'active' | 'inactive');
    if (q.insuranceType) {
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('enrolments as e')
            .select('e.id')
            .whereRef('e.person_id', '=', 'persons.id')
            .where('e.status', '=', 'active')
            .where('e.insurance_type', '=', q.insuranceType as InsuranceTypeCode),
        ),
      );
    }
    if (q.category) query = query.where('basic.category', '=', q.category as PersonCategoryCode);
    if (q.chronic) {
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('person_chronic_diseases as c')
            .select('c.person_id')
            .whereRef('c.person_id', '=', 'persons.id'),
        ),
      );
    }
    if (q.q) {
      const term = q.q.trim();
      query = query.where((eb) =>
        /^[0-9Xx]{15,18}$/.test(term)
          ? eb('persons.certno', '=', term.toUpperCase())
          : /^\d{6,}$/.test(term)
            ? eb('persons.psn_no', '=', term)
            : eb('persons.name', 'like', `%${term}%`),
      );
    }
    const [rows, count] = await Promise.all([
      query
        .selectAll('persons')
        .select([
          'regions.name as region_name',
          'basic.insurance_type as basic_type',
          'basic.category as basic_category',
        ])
        .orderBy('persons.id')
        .limit(pageSize)
        .offset(offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) =>
        toSummary(r, r.region_name, r.basic_type as '310' | '390' | null, r.basic_category),
      ),
      total: Number(count.n),
      page,
      pageSize,
    };
  }

  /**
   * One person's record. Every read by someone other than the person is written to the access
   * log, with the path that asked for it.
   */
  async get(actor: Actor, id: number, path = ''): Promise<PersonDetail> {
    const person = await this.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
    if (!person) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
    this.assertMayRead(actor, person);
    const detail = await this.detailOf(this.db, person, actor.role === 'insured' || isStaff(actor));
    if (actor.personId !== id && actor.role !== 'system') {
      await this.db
        .insertInto('access_log')
        .values({
          user_id: actor.userId ?? 0,
          username: actor.username,
          role: actor.role,
          person_id: id,
          region_code: person.region_code,
          action: 'read',
          path,
          ip: actor.ip ?? '',
        })
        .execute();
    }
    return detail;
  }

  /**
   * Identifies a patient at a designated institution's counter by ID number or person number:
   * the minimum needed to register a visit. Each lookup is written to the access log.
   */
  async lookupForInstitution(
    actor: Actor,
    q: { certno?: string; psnNo?: string },
    onDate: string,
    path = '',
  ): Promise<InstitutionPersonView> {
    if (actor.role !== 'institution_operator' && !isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
    if (!q.certno && !q.psnNo)
      throw validationError([
        fieldProblem(
          'certno',
          'required',
          '请输入身份证号或个人编号',
          'Give an ID number or a person number',
        ),
      ]);
    let query = this.db.selectFrom('persons').selectAll();
    query = q.certno
      ? query.where('certno', '=', q.certno.trim().toUpperCase())
      : query.where('psn_no', '=', (q.psnNo ?? '').trim());
    const person = await query.executeTakeFirst();
    if (!person) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
    const enrolment = await this.db
      .selectFrom('enrolments')
      .selectAll()
      .where('person_id', '=', person.id)
      .where('insurance_type', 'in', ['310', '390'])
      .where('start_date', '<=', onDate)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', onDate)]))
      .orderBy('start_date', 'desc')
      .executeTakeFirst();
    await this.db
      .insertInto('access_log')
      .values({
        user_id: actor.userId ?? 0,
        username: actor.username,
        role: actor.role,
        person_id: person.id,
        region_code: person.region_code,
        action: 'lookup',
        path,
        ip: actor.ip ?? '',
      })
      .execute();
    return {
      id: person.id,
      psnNo: person.psn_no,
      name: person.name,
      sex: person.sex,
      age: ageOn(person.birth_date, onDate),
      certnoMasked: maskCertno(person.certno),
      regionCode: person.region_code,
      status: person.status,
      insuranceType: enrolment?.insurance_type ?? null,
      category: enrolment?.category ?? null,
      insuredRegionCode: enrolment?.region_code ?? null,
    };
  }

  private assertMayRead(actor: Actor, person: PersonRow): void {
    if (actor.role === 'insured') {
      if (actor.personId !== person.id) throw new AppError('YB_ERR_FORBIDDEN');
      return;
    }
    if (actor.role === 'employer_clerk') {
      if (actor.employerId === null || person.employer_id !== actor.employerId)
        throw new AppError('YB_ERR_FORBIDDEN');
      return;
    }
    if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
    requireRegion(actor, person.region_code);
  }

  private async detailOf(tx: Executor, p: PersonRow, fullCertno: boolean): Promise<PersonDetail> {
    const [region, employer, enrolments, chronic, relatives, membership] = await Promise.all([
      tx.selectFrom('regions').select('name').where('code', '=', p.region_code).executeTakeFirst(),
      p.employer_id
        ? tx.selectFrom('employers').select('name').where('id', '=', p.employer_id).executeTakeFirst()
        : Promise.resolve(undefined),
      tx
        .selectFrom('enrolments')
        .selectAll()
        .where('person_id', '=', p.id)
        .orderBy('start_date', 'desc')
        .orderBy('id', 'desc')
        .execute(),
      tx
        .selectFrom('person_chronic_diseases as c')
        .innerJoin('chronic_diseases as d', 'd.code', 'c.disease_code')
        .select(['d.code', 'd.name', 'c.since'])
        .where('c.person_id', '=', p.id)
        .orderBy('d.code')
        .execute(),
      tx
        .selectFrom('person_relations as r')
        .innerJoin('persons as o', 'o.id', 'r.relative_id')
        .select(['o.id', 'o.psn_no', 'o.name', 'o.certno', 'r.relation'])
        .where('r.person_id', '=', p.id)
        .orderBy('o.id')
        .execute(),
      tx.selectFrom('family_members').select('family_id').where('person_id', '=', p.id).executeTakeFirst(),
    ]);
    let family: PersonDetail['family'] = null;
    if (membership) {
      const [f, members] = await Promise.all([
        tx
          .selectFrom('families')
          .selectAll()
          .where('id', '=', membership.family_id)
          .executeTakeFirstOrThrow(),
        tx
          .selectFrom('family_members as m')
          .innerJoin('persons as o', 'o.id', 'm.person_id')
          .select(['o.id', 'o.name', 'm.relation_to_head'])
          .where('m.family_id', '=', membership.family_id)
          .orderBy('o.id')
          .execute(),
      ]);
      family = {
        id: f.id,
        headPersonId: f.head_person_id,
        members: members.map((m) => ({ personId: m.id, name: m.name, relationToHead: m.relation_to_head })),
      };
    }
    const basic = enrolments.find(
      (e) => e.status === 'active' && (e.insurance_type === '310' || e.insurance_type === '390'),
    );
    return {
      ...toSummary(
        p,
        region?.name ?? '',
        (basic?.insurance_type as '310' | '390' | undefined) ?? null,
        basic?.category ?? null,
      ),
      certno: fullCertno ? p.certno : maskCertno(p.certno),
      phone: maskPhone(p.phone),
      address: p.address,
      ethnicity: p.ethnicity,
      employerId: p.employer_id,
      employerName: employer?.name ?? null,
      chronicDiseases: chronic,
      enrolments: enrolments.map(toEnrolmentView),
      relatives: relatives.map((r) => ({
        personId: r.id,
        psnNo: r.psn_no,
        name: r.name,
        relation: r.relation,
        certnoMasked: maskCertno(r.certno),
      })),
      family,
    };
  }

  async create(actor: Actor, input: PersonCreateInput): Promise<PersonDetail> {
    requireRole(actor, WRITER_ROLES);
    const checked = checkPersonInput(input);
    const problems: FieldProblem[] = checked.ok ? [] : [...checked.problems];
    if (!/^\d{6}$/.test(input.regionCode ?? ''))
      problems.push(
        fieldProblem('regionCode', 'format', '区划代码应为 6 位数字', 'The region code must have 6 digits'),
      );
    if (problems.length || !checked.ok) throw validationError(problems);
    requireRegion(actor, input.regionCode);
    const id = await this.db.transaction().execute(async (tx) => {
      await assertDistrict(tx, input.regionCode);
      if (input.employerId) await assertEmployer(tx, input.employerId);
      const dup = await tx
        .selectFrom('persons')
        .select('id')
        .where('certno', '=', checked.certno)
        .executeTakeFirst();
      if (dup) throw new AppError('YB_ERR_DUPLICATE_CERTNO');
      const row = await tx
        .insertInto('persons')
        .values({
          psn_no: await nextPsnNo(tx, input.regionCode),
          region_code: input.regionCode,
          certno: checked.certno,
          name: input.name.trim(),
          sex: checked.sex,
          birth_date: checked.birthDate,
          phone: input.phone ?? '',
          address: input.address ?? '',
          ethnicity: input.ethnicity ?? '',
          employer_id: input.employerId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'person',
        entityId: row.id,
        regionCode: row.region_code,
        action: 'create',
        before: null,
        after: maskForHistory(row),
      });
      return row.id;
    });
    return this.get(actor, id, 'create');
  }

  /** Updates contact and residence fields; the ID number and what derives from it are fixed. */
  async update(
    actor: Actor,
    id: number,
    patch: {
      name?: string;
      phone?: string;
      address?: string;
      ethnicity?: string;
      regionCode?: string;
      employerId?: number | null;
    },
  ): Promise<PersonDetail> {
    requireRole(actor, WRITER_ROLES);
    const problems: FieldProblem[] = [];
    if (patch.name !== undefined) problems.push(...checkName(patch.name));
    if (patch.phone !== undefined) problems.push(...checkPhone(patch.phone));
    if (problems.length) throw validationError(problems);
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('persons')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
      requireRegion(actor, before.region_code);
      if (patch.regionCode !== undefined) {
        requireRegion(actor, patch.regionCode);
        await assertDistrict(tx, patch.regionCode);
      }
      if (patch.employerId) await assertEmployer(tx, patch.employerId);
      const after = await tx
        .updateTable('persons')
        .set({
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
          ...(patch.address !== undefined ? { address: patch.address } : {}),
          ...(patch.ethnicity !== undefined ? { ethnicity: patch.ethnicity } : {}),
          ...(patch.regionCode !== undefined ? { region_code: patch.regionCode } : {}),
          ...(patch.employerId !== undefined ? { employer_id: patch.employerId } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'person',
        entityId: id,
        regionCode: after.region_code,
        action: 'update',
        before: maskForHistory(before),
        after: maskForHistory(after),
      });
    });
    return this.get(actor, id, 'update');
  }

  /** Marks a person inactive (death, emigration …) and ends every active enrolment on the date. */
  async deactivate(actor: Actor, id: number, input: { date: string; reason: string }): Promise<PersonDetail> {
    requireRole(actor, WRITER_ROLES);
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('persons')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
      requireRegion(actor, before.region_code);
      if (before.status === 'inactive') throw new AppError('YB_ERR_INACTIVE');
      const ended = await tx
        .updateTable('enrolments')
        .set({
          status: 'ended',
          end_date: sql<string>`greatest(${input.date}::date, start_date)`,
          end_reason: input.reason,
          updated_at: new Date(),
        })
        .where('person_id', '=', id)
        .where('status', '=', 'active')
        .returningAll()
        .execute();
      for (const e of ended) {
        await recordHistory(tx, actor, {
          entityType: 'enrolment',
          entityId: e.id,
          regionCode: e.region_code,
          action: 'end',
          before: { status: 'active' },
          after: { status: 'ended', end_date: e.end_date, end_reason: e.end_reason },
        });
      }
      const after = await tx
        .updateTable('persons')
        .set({ status: 'inactive', updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'person',
        entityId: id,
        regionCode: after.region_code,
        action: 'deactivate',
        before: { status: before.status },
        after: { status: after.status, reason: input.reason },
      });
    });
    return this.get(actor, id, 'deactivate');
  }

  /** Links two persons as close relatives, both ways (spouse ↔ spouse, parent ↔ child). */
  async addRelative(
    actor: Actor,
    id: number,
    input: { relativeId: number; relation: 'spouse' | 'parent' | 'child' },
  ): Promise<PersonDetail> {
    requireRole(actor, WRITER_ROLES);
    if (input.relativeId === id)
      throw validationError([
        fieldProblem('relativeId', 'self', '不能关联本人', 'A person cannot be their own relative'),
      ]);
    await this.db.transaction().execute(async (tx) => {
      const [a, b] = await Promise.all([
        tx.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst(),
        tx.selectFrom('persons').selectAll().where('id', '=', input.relativeId).executeTakeFirst(),
      ]);
      if (!a) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
      if (!b)
        throw validationError([fieldProblem('relativeId', 'notFound', '关联人员不存在', 'No such relative')]);
      requireRegion(actor, a.region_code);
      const exists = await tx
        .selectFrom('person_relations')
        .select('person_id')
        .where('person_id', '=', id)
        .where('relative_id', '=', input.relativeId)
        .executeTakeFirst();
      if (exists) throw new AppError('YB_ERR_DUPLICATE_CODE', { detail: 'relation exists' });
      const inverse =
        input.relation === 'spouse' ? 'spouse' : input.relation === 'parent' ? 'child' : 'parent';
      if (input.relation === 'parent' && b.birth_date >= a.birth_date)
        throw validationError([
          fieldProblem(
            'relation',
            'age',
            '父母的出生日期应早于本人',
            'A parent must be born before the person',
          ),
        ]);
      if (input.relation === 'child' && b.birth_date <= a.birth_date)
        throw validationError([
          fieldProblem(
            'relation',
            'age',
            '子女的出生日期应晚于本人',
            'A child must be born after the person',
          ),
        ]);
      await tx
        .insertInto('person_relations')
        .values([
          {
            person_id: id,
            relative_id: input.relativeId,
            relation: input.relation,
            region_code: a.region_code,
          },
          { person_id: input.relativeId, relative_id: id, relation: inverse, region_code: b.region_code },
        ])
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'relation',
        entityId: `${id}:${input.relativeId}`,
        regionCode: a.region_code,
        action: 'create',
        before: null,
        after: { person_id: id, relative_id: input.relativeId, relation: input.relation },
      });
    });
    return this.get(actor, id, 'relatives');
  }
}

function toSummary(
  r: PersonRow,
  regionName: string,
  basicType: '310' | '390' | null,
  category: PersonCategoryCode | null,
): PersonSummary {
  return {
    id: r.id,
    psnNo: r.psn_no,
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    certnoMasked: maskCertno(r.certno),
    regionCode: r.region_code,
    regionName,
    status: r.status,
    activeBasicInsuranceType: basicType,
    category,
  };
}

/** History keeps no full ID or phone numbers. */
function maskForHistory(r: PersonRow): Record<string, unknown> {
  return { ...r, certno: maskCertno(r.certno), phone: maskPhone(r.phone) };
}

async function assertEmployer(tx: Executor, employerId: number): Promise<void> {
  const e = await tx
    .selectFrom('employers')
    .select(['status'])
    .where('id', '=', employerId)
    .executeTakeFirst();
  if (!e)
    throw validationError([fieldProblem('employerId', 'notFound', '参保单位不存在', 'No such employer')]);
  if (e.status !== 'active')
    throw validationError([
      fieldProblem('employerId', 'inactive', '参保单位已注销', 'The employer is inactive'),
    ]);
}

/** Person numbers: the district code and a 10-digit sequence, unique nationally. */
export async function nextPsnNo(tx: Executor, regionCode: string): Promise<string> {
  const r = await sql<{ n: string | number }>`select nextval('person_no_seq') as n`.execute(tx);
  return `${regionCode}${String(r.rows[0]!.n).padStart(10, '0')}`;
}
