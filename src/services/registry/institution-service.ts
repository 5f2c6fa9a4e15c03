import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { FieldProblem } from '../../domain/errors/catalogue.js';
import { regionPrefix } from '../../domain/registry/region-scope.js';
import type { Db, Executor } from '../../store/database.js';
import type { InstitutionKind, Institution as InstitutionRow } from '../../store/schema.js';
import { type Actor, isStaff, requireRegion, requireRole, seesAllRegions, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { type Page, type PageQuery, pageBounds } from '../pagination.js';
import { assertDistrict } from './employer-service.js';

export const INSTITUTION_KINDS: readonly InstitutionKind[] = [
  'hospital',
  'community_health_center',
  'township_health_center',
  'village_clinic',
  'pharmacy',
  'internet_hospital',
];

export interface InstitutionView {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly kind: InstitutionKind;
  readonly level: 1 | 2 | 3 | null;
  readonly levelGrade: '甲' | '乙' | '丙' | null;
  readonly regionCode: string;
  readonly regionName: string;
  readonly address: string;
  readonly agreementStatus: InstitutionRow['agreement_status'];
  readonly agreementStart: string;
  readonly agreementEnd: string;
  readonly dualChannel: boolean;
  readonly status: 'active' | 'inactive';
}

export interface InstitutionDetail extends InstitutionView {
  readonly evaluations: { readonly year: number; readonly grade: string; readonly score: number }[];
  readonly penalties: {
    readonly id: number;
    readonly date: string;
    readonly kind: string;
    readonly amount: number;
    readonly reason: string;
    readonly endDate: string | null;
  }[];
}

export interface InstitutionInput {
  readonly code: string;
  readonly name: string;
  readonly kind: InstitutionKind;
  readonly level?: 1 | 2 | 3 | null;
  readonly levelGrade?: '甲' | '乙' | '丙' | null;
  readonly regionCode: string;
  readonly address?: string;
  readonly agreementStatus?: InstitutionRow['agreement_status'];
  readonly agreementStart: string;
  readonly agreementEnd: string;
  readonly dualChannel?: boolean;
}

export interface PenaltyInput {
  readonly date: string;
  readonly kind: 'warning' | 'fine' | 'suspension' | 'termination';
  /** fen */
  readonly amount?: number;
  readonly reason: string;
  readonly endDate?: string | null;
}

const CODE = /^[HP]\d{11}$/;

export class InstitutionService {
  constructor(private readonly db: Db) {}

  async list(
    actor: Actor,
    q: PageQuery & {
      q?: string;
      regionCode?: string;
      kind?: string;
      level?: number;
      agreementStatus?: string;
      status?: string;
    },
  ): Promise<Page<InstitutionView>> {
    const { page, pageSize, offset } = pageBounds(q);
    let query = this.db
      .selectFrom('institutions')
      .innerJoin('regions', 'regions.code', 'institutions.region_code');
    if (actor.role === 'institution_operator')
      query = query.where('institutions.id', '=', actor.institutionId ?? -1);
    else if (isStaff(actor) && !seesAllRegions(actor)) {
      const prefixes = actor.regionCodes.map(regionPrefix);
      query = query.where((eb) =>
        eb.or(prefixes.map((p) => eb('institutions.region_code', 'like', `${p}%`))),
      );
    }
    // Insured persons and employers may browse the public list of designated institutions.
    if (q.regionCode)
      query = query.where('institutions.region_code', 'like', `${regionPrefix(q.regionCode)}%`);
    if (q.kind) query = query.where('institutions.kind', '=', q.kind as InstitutionKind);
    if (q.level) query = query.where('institutions.level', '=', q.level as 1 | 2 | 3);
    if (q.agreementStatus)
      query = query.where(
        'institutions.agreement_status',
        '=',
        q.agreementStatus as InstitutionRow['agreement_status'],
      );
    if (q.status) query = query.where('institutions.status', '=', q.status as 'active' | 'inactive');
    if (q.q)
      query = query.where((eb) =>
        eb.or([
          eb('institutions.name', 'like', `%${q.q}%`),
          eb('institutions.code', '=', q.q!.toUpperCase()),
        ]),
      );
    const [rows, count] = await Promise.all([
      query
        .selectAll('institutions')
        .select('regions.name as region_name')
        .orderBy('institutions.code')
        .limit(pageSize)
        .offset(offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => toView(r, r.region_name)), total: Number(count.n), page, pageSize };
  }

  async get(actor: Actor, id: number): Promise<InstitutionDetail> {
    const row = await this.db
      .selectFrom('institutions')
      .innerJoin('regions', 'regions.code', 'institutions.region_code')
      .selectAll('institutions')
      .select('regions.name as region_name')
      .where('institutions.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
    if (actor.role === 'institution_operator' && actor.institutionId !== id)
      throw new AppError('YB_ERR_FORBIDDEN');
    if (isStaff(actor)) requireRegion(actor, row.region_code);
    const [evaluations, penalties] = await Promise.all([
      this.db
        .selectFrom('institution_evaluations')
        .select(['year', 'grade', 'score'])
        .where('institution_id', '=', id)
        .orderBy('year', 'desc')
        .execute(),
      this.db
        .selectFrom('institution_penalties')
        .selectAll()
        .where('institution_id', '=', id)
        .orderBy('date', 'desc')
        .execute(),
    ]);
    return {
      ...toView(row, row.region_name),
      evaluations,
      penalties: penalties.map((p) => ({
        id: p.id,
        date: p.date,
        kind: p.kind,
        amount: p.amount,
        reason: p.reason,
        endDate: p.end_date,
      })),
    };
  }

  async create(actor: Actor, input: InstitutionInput, executor?: Executor): Promise<InstitutionDetail> {
    requireRole(actor, WRITER_ROLES);
    const problems = checkInstitution(input);
    if (problems.length) throw validationError(problems);
    requireRegion(actor, input.regionCode);
    const run = async (tx: Executor) => {
      await assertDistrict(tx, input.regionCode);
      const dup = await tx
        .selectFrom('institutions')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (dup) throw new AppError('YB_ERR_DUPLICATE_CODE', { detail: input.code });
      const row = await tx
        .insertInto('institutions')
        .values({
          code: input.code,
          name: input.name.trim(),
          kind: input.kind,
          level: input.level ?? null,
          level_grade: input.levelGrade ?? null,
          region_code: input.regionCode,
          address: input.address ?? '',
          agreement_status: input.agreementStatus ?? 'active',
          agreement_start: input.agreementStart,
          agreement_end: input.agreementEnd,
          dual_channel: input.dualChannel ?? false,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'institution',
        entityId: row.id,
        regionCode: row.region_code,
        action: 'create',
        before: null,
        after: row,
      });
      return row.id;
    };
    const id = executor ? await run(executor) : await this.db.transaction().execute(run);
    return executor ? ({ id } as InstitutionDetail) : this.get(actor, id);
  }

  async update(
    actor: Actor,
    id: number,
    patch: Partial<Omit<InstitutionInput, 'code'>>,
  ): Promise<InstitutionDetail> {
    requireRole(actor, WRITER_ROLES);
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
      requireRegion(actor, before.region_code);
      const merged: InstitutionInput = {
        code: before.code,
        name: patch.name ?? before.name,
        kind: patch.kind ?? before.kind,
        level: patch.level !== undefined ? patch.level : before.level,
        levelGrade: patch.levelGrade !== undefined ? patch.levelGrade : before.level_grade,
        regionCode: patch.regionCode ?? before.region_code,
        agreementStatus: patch.agreementStatus ?? before.agreement_status,
        agreementStart: patch.agreementStart ?? before.agreement_start,
        agreementEnd: patch.agreementEnd ?? before.agreement_end,
        dualChannel: patch.dualChannel ?? before.dual_channel,
      };
      const problems = checkInstitution(merged);
      if (problems.length) throw validationError(problems);
      if (patch.regionCode !== undefined) {
        requireRegion(actor, patch.regionCode);
        await assertDistrict(tx, patch.regionCode);
      }
      const after = await tx
        .updateTable('institutions')
        .set({
          name: merged.name.trim(),
          kind: merged.kind,
          level: merged.level ?? null,
          level_grade: merged.levelGrade ?? null,
          region_code: merged.regionCode,
          ...(patch.address !== undefined ? { address: patch.address } : {}),
          agreement_status: merged.agreementStatus ?? 'active',
          agreement_start: merged.agreementStart,
          agreement_end: merged.agreementEnd,
          dual_channel: merged.dualChannel ?? false,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'institution',
        entityId: id,
        regionCode: after.region_code,
        action: 'update',
        before,
        after,
      });
    });
    return this.get(actor, id);
  }

  async deactivate(actor: Actor, id: number): Promise<InstitutionDetail> {
    requireRole(actor, WRITER_ROLES);
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
      requireRegion(actor, before.region_code);
      if (before.status === 'inactive') throw new AppError('YB_ERR_INACTIVE');
      const after = await tx
        .updateTable('institutions')
        .set({ status: 'inactive', agreement_status: 'terminated', updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'institution',
        entityId: id,
        regionCode: after.region_code,
        action: 'deactivate',
        before,
        after,
      });
    });
    return this.get(actor, id);
  }

  /** Records a penalty; a suspension or termination also changes the agreement status. */
  async addPenalty(actor: Actor, id: number, input: PenaltyInput): Promise<InstitutionDetail> {
    requireRole(actor, ['agency_reviewer', 'admin', 'system', 'agency_clerk']);
    const problems: FieldProblem[] = [];
    if (!input.reason?.trim())
      problems.push(fieldProblem('reason', 'required', '处罚事由不能为空', 'The reason is required'));
    if (input.kind === 'fine' && !(input.amount && input.amount > 0))
      problems.push(fieldProblem('amount', 'required', '罚款须填写金额', 'A fine needs an amount'));
    if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount < 0))
      problems.push(
        fieldProblem(
          'amount',
          'money',
          '金额须为非负整数（分）',
          'The amount must be a non-negative integer of fen',
        ),
      );
    if (input.endDate && input.endDate < input.date)
      problems.push(
        fieldProblem('endDate', 'range', '结束日期早于处罚日期', 'The end date is before the penalty date'),
      );
    if (problems.length) throw validationError(problems);
    await this.db.transaction().execute(async (tx) => {
      const inst = await tx
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!inst) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
      requireRegion(actor, inst.region_code);
      const p = await tx
        .insertInto('institution_penalties')
        .values({
          institution_id: id,
          region_code: inst.region_code,
          date: input.date,
          kind: input.kind,
          amount: input.amount ?? 0,
          reason: input.reason.trim(),
          end_date: input.endDate ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const status =
        input.kind === 'suspension' ? 'suspended' : input.kind === 'termination' ? 'terminated' : null;
      if (status)
        await tx
          .updateTable('institutions')
          .set({ agreement_status: status, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
      await recordHistory(tx, actor, {
        entityType: 'institution',
        entityId: id,
        regionCode: inst.region_code,
        action: `penalty:${input.kind}`,
        before: { agreement_status: inst.agreement_status },
        after: {
          agreement_status: status ?? inst.agreement_status,
          penalty_id: p.id,
          reason: p.reason,
          amount: p.amount,
        },
      });
    });
    return this.get(actor, id);
  }
}

function checkInstitution(input: InstitutionInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!CODE.test(input.code ?? ''))
    problems.push(
      fieldProblem(
        'code',
        'format',
        '机构编码应为 H 或 P 加 11 位数字',
        'The code must be H or P followed by 11 digits',
      ),
    );
  else if (input.code.slice(1, 7) !== input.regionCode)
    problems.push(
      fieldProblem(
        'code',
        'region',
        '机构编码中的区划与所在区划不符',
        'The region inside the code does not match the region',
      ),
    );
  if (!input.name || input.name.trim().length < 2)
    problems.push(fieldProblem('name', 'required', '机构名称不能为空', 'The name is required'));
  if (!INSTITUTION_KINDS.includes(input.kind))
    problems.push(fieldProblem('kind', 'enum', '机构类型无效', 'Unknown institution kind'));
  if (input.kind === 'pharmacy' && input.level)
    problems.push(fieldProblem('level', 'pharmacy', '零售药店不设医院等级', 'Pharmacies have no level'));
  if (input.kind === 'pharmacy' && input.code?.startsWith('H'))
    problems.push(fieldProblem('code', 'prefix', '零售药店编码以 P 开头', 'Pharmacy codes start with P'));
  if (input.kind !== 'pharmacy' && input.code?.startsWith('P'))
    problems.push(
      fieldProblem('code', 'prefix', '医疗机构编码以 H 开头', 'Medical institution codes start with H'),
    );
  if (['hospital', 'internet_hospital'].includes(input.kind) && !input.level)
    problems.push(fieldProblem('level', 'required', '医院须填写等级', 'A hospital needs a level'));
  if (input.dualChannel && input.kind !== 'pharmacy' && input.kind !== 'hospital')
    problems.push(
      fieldProblem(
        'dualChannel',
        'kind',
        '双通道仅适用于药店和医院',
        'Only pharmacies and hospitals can be dual-channel',
      ),
    );
  if (input.agreementEnd < input.agreementStart)
    problems.push(
      fieldProblem(
        'agreementEnd',
        'range',
        '协议结束日期早于开始日期',
        'The agreement ends before it starts',
      ),
    );
  return problems;
}

function toView(r: InstitutionRow, regionName: string): InstitutionView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    level: r.level,
    levelGrade: r.level_grade,
    regionCode: r.region_code,
    regionName,
    address: r.address,
    agreementStatus: r.agreement_status,
    agreementStart: r.agreement_start,
    agreementEnd: r.agreement_end,
    dualChannel: r.dual_channel,
    status: r.status,
  };
}
