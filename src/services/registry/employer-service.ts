import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { FieldProblem } from '../../domain/errors/catalogue.js';
import { maskPhone } from '../../domain/identity/mask.js';
import { parseUscc } from '../../domain/identity/uscc.js';
import { checkPhone } from '../../domain/registry/person-input.js';
import { regionPrefix } from '../../domain/registry/region-scope.js';
import type { Db, Executor } from '../../store/database.js';
import type { Employer as EmployerRow } from '../../store/schema.js';
import { type Actor, isStaff, requireRegion, requireRole, seesAllRegions, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { type Page, type PageQuery, pageBounds } from '../pagination.js';

export interface EmployerView {
  readonly id: number;
  readonly regionCode: string;
  readonly regionName: string;
  readonly uscc: string;
  readonly name: string;
  readonly sizeClass: EmployerRow['size_class'];
  readonly industry: string;
  readonly address: string;
  readonly contactName: string;
  readonly contactPhone: string;
  readonly status: EmployerRow['status'];
  readonly employeeCount?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EmployerInput {
  readonly regionCode: string;
  readonly uscc: string;
  readonly name: string;
  readonly sizeClass: EmployerRow['size_class'];
  readonly industry?: string;
  readonly address?: string;
  readonly contactName?: string;
  readonly contactPhone?: string;
}

export class EmployerService {
  constructor(private readonly db: Db) {}

  async list(
    actor: Actor,
    q: PageQuery & { q?: string; regionCode?: string; sizeClass?: string; status?: string },
  ): Promise<Page<EmployerView>> {
    if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
    const { page, pageSize, offset } = pageBounds(q);
    let query = this.db.selectFrom('employers').innerJoin('regions', 'regions.code', 'employers.region_code');
    if (!seesAllRegions(actor)) {
      const prefixes = actor.regionCodes.map(regionPrefix);
      query = query.where((eb) => eb.or(prefixes.map((p) => eb('employers.region_code', 'like', `${p}%`))));
    }
    if (q.regionCode) query = query.where('employers.region_code', 'like', `${regionPrefix(q.regionCode)}%`);
    if (q.sizeClass)
      query = query.where('employers.size_class', '=', q.sizeClass as EmployerRow['size_class']);
    if (q.status) query = query.where('employers.status', '=', q.status as EmployerRow['status']);
    if (q.q)
      query = query.where((eb) =>
        eb.or([eb('employers.name', 'like', `%${q.q}%`), eb('employers.uscc', '=', q.q!.toUpperCase())]),
      );
    const [rows, count] = await Promise.all([
      query
        .selectAll('employers')
        .select('regions.name as region_name')
        .orderBy('employers.id')
        .limit(pageSize)
        .offset(offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => toView(r, r.region_name)), total: Number(count.n), page, pageSize };
  }

  async get(actor: Actor, id: number): Promise<EmployerView> {
    const row = await this.db
      .selectFrom('employers')
      .innerJoin('regions', 'regions.code', 'employers.region_code')
      .selectAll('employers')
      .select('regions.name as region_name')
      .select((eb) =>
        eb
          .selectFrom('persons')
          .whereRef('persons.employer_id', '=', 'employers.id')
          .where('persons.status', '=', 'active')
          .select(eb.fn.countAll<number>().as('n'))
          .as('employee_count'),
      )
      .where('employers.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('YB_ERR_EMPLOYER_NOT_FOUND');
    if (actor.role === 'employer_clerk') {
      if (actor.employerId !== id) throw new AppError('YB_ERR_FORBIDDEN');
    } else {
      if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
      requireRegion(actor, row.region_code);
    }
    return { ...toView(row, row.region_name), employeeCount: Number(row.employee_count ?? 0) };
  }

  async create(actor: Actor, input: EmployerInput, executor?: Executor): Promise<EmployerView> {
    requireRole(actor, WRITER_ROLES);
    const problems = checkEmployer(input);
    const uscc = parseUscc(input.uscc);
    if (problems.length) throw validationError(problems);
    requireRegion(actor, input.regionCode);
    const run = async (tx: Executor) => {
      await assertDistrict(tx, input.regionCode);
      const dup = await tx
        .selectFrom('employers')
        .select('id')
        .where('uscc', '=', uscc.ok ? uscc.value : input.uscc)
        .executeTakeFirst();
      if (dup) throw new AppError('YB_ERR_DUPLICATE_USCC');
      const row = await tx
        .insertInto('employers')
        .values({
          region_code: input.regionCode,
          uscc: uscc.ok ? uscc.value : input.uscc,
          name: input.name.trim(),
          size_class: input.sizeClass,
          industry: input.industry ?? '',
          address: input.address ?? '',
          contact_name: input.contactName ?? '',
          contact_phone: input.contactPhone ?? '',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'employer',
        entityId: row.id,
        regionCode: row.region_code,
        action: 'create',
        before: null,
        after: row,
      });
      return row;
    };
    const row = executor ? await run(executor) : await this.db.transaction().execute(run);
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: number, patch: Partial<Omit<EmployerInput, 'uscc'>>): Promise<EmployerView> {
    requireRole(actor, WRITER_ROLES);
    const problems: FieldProblem[] = [];
    if (patch.name !== undefined && patch.name.trim().length < 2)
      problems.push(fieldProblem('name', 'required', '单位名称不能为空', 'The name is required'));
    if (patch.contactPhone !== undefined) problems.push(...checkContactPhone(patch.contactPhone));
    if (problems.length) throw validationError(problems);
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('employers')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError('YB_ERR_EMPLOYER_NOT_FOUND');
      requireRegion(actor, before.region_code);
      if (patch.regionCode !== undefined) {
        requireRegion(actor, patch.regionCode);
        await assertDistrict(tx, patch.regionCode);
      }
      const after = await tx
        .updateTable('employers')
        .set({
          ...(patch.regionCode !== undefined ? { region_code: patch.regionCode } : {}),
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.sizeClass !== undefined ? { size_class: patch.sizeClass } : {}),
          ...(patch.industry !== undefined ? { industry: patch.industry } : {}),
          ...(patch.address !== undefined ? { address: patch.address } : {}),
          ...(patch.contactName !== undefined ? { contact_name: patch.contactName } : {}),
          ...(patch.contactPhone !== undefined ? { contact_phone: patch.contactPhone } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'employer',
        entityId: id,
        regionCode: after.region_code,
        action: 'update',
        before,
        after,
      });
    });
    return this.get(actor, id);
  }

  async deactivate(actor: Actor, id: number): Promise<EmployerView> {
    requireRole(actor, WRITER_ROLES);
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('employers')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError('YB_ERR_EMPLOYER_NOT_FOUND');
      requireRegion(actor, before.region_code);
      if (before.status === 'inactive') throw new AppError('YB_ERR_INACTIVE');
      const after = await tx
        .updateTable('employers')
        .set({ status: 'inactive', updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'employer',
        entityId: id,
        regionCode: after.region_code,
        action: 'deactivate',
        before,
        after,
      });
    });
    return this.get(actor, id);
  }
}

function checkContactPhone(phone: string): FieldProblem[] {
  // Employers often give a landline (0533-1234567) as well as mobiles.
  return /^(0\d{2,3}-?\d{7,8}|1[3-9]\d{9})?$/.test(phone) ? [] : checkPhone(phone, 'contactPhone');
}

function checkEmployer(input: EmployerInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const uscc = parseUscc(input.uscc ?? '');
  if (!uscc.ok) {
    problems.push(
      uscc.reason === 'format'
        ? fieldProblem(
            'uscc',
            'format',
            '统一社会信用代码应为 18 位',
            'The unified social credit code must have 18 characters',
          )
        : fieldProblem(
            'uscc',
            'checkDigit',
            '统一社会信用代码校验位错误',
            'The unified social credit code check character is wrong',
          ),
    );
  }
  if (!input.name || input.name.trim().length < 2)
    problems.push(fieldProblem('name', 'required', '单位名称不能为空', 'The name is required'));
  if (!/^\d{6}$/.test(input.regionCode ?? ''))
    problems.push(
      fieldProblem('regionCode', 'format', '区划代码应为 6 位数字', 'The region code must have 6 digits'),
    );
  if (input.contactPhone) problems.push(...checkContactPhone(input.contactPhone));
  return problems;
}

/** Records live in a district (区县) — the lowest level of the region table. */
export async function assertDistrict(tx: Executor, code: string, path = 'regionCode'): Promise<void> {
  const region = await tx.selectFrom('regions').select(['level']).where('code', '=', code).executeTakeFirst();
  if (!region)
    throw validationError([fieldProblem(path, 'unknownRegion', '区划代码不存在', 'No such region code')]);
  if (region.level !== 'district')
    throw validationError([
      fieldProblem(path, 'notDistrict', '须为区县级区划代码', 'Must be a district-level region code'),
    ]);
}

function toView(r: EmployerRow, regionName: string): EmployerView {
  return {
    id: r.id,
    regionCode: r.region_code,
    regionName,
    uscc: r.uscc,
    name: r.name,
    sizeClass: r.size_class,
    industry: r.industry,
    address: r.address,
    contactName: r.contact_name,
    contactPhone: maskPhone(r.contact_phone),
    status: r.status,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
