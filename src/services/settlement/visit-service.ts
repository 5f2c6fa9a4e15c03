import type { Selectable } from 'kysely';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { FieldProblem } from '../../domain/errors/catalogue.js';
import { fen } from '../../domain/money/fen.js';
import { priceTimesQuantity } from '../../domain/money/rounding.js';
import type { BenefitKind, CrossRegionStatus } from '../../domain/policy/policy.js';
import { poolingRegionOf } from '../../domain/registry/region-scope.js';
import { parseQuantity } from '../../domain/settlement/claim-document.js';
import type { Db, Executor } from '../../store/database.js';
import type { FeeLineTable, VisitTable } from '../../store/schema.js';
import { type Actor, isStaff, requireRegion } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import type { CatalogueService } from '../catalogue/catalogue-service.js';
import { derivedCrossRegion } from '../filing/active-filing.js';

/** National medical-type codes (med_type) and the benefit each settles under. */
export const MED_TYPES: Readonly<Record<string, BenefitKind>> = {
  '11': 'outpatientPooling', // 普通门诊
  '14': 'chronicOutpatient', // 门诊慢特病
  '21': 'inpatient', // 普通住院
  '2114': 'tcmDayCare', // 中医日间病房 (local extension)
  '41': 'pharmacy', // 定点药店购药
  '51': 'maternity', // 生育门诊
  '52': 'maternity', // 生育住院
  '9901': 'internet', // 互联网医院复诊 (local extension)
};

/** Names of the medical types, as printed on slips. */
export const MED_TYPE_NAMES: Readonly<Record<string, string>> = {
  '11': '普通门诊',
  '14': '门诊慢特病',
  '21': '普通住院',
  '2114': '中医日间病房',
  '41': '定点药店购药',
  '51': '生育门诊',
  '52': '生育住院',
  '9901': '互联网复诊',
};

export interface VisitView {
  readonly id: number;
  readonly regionCode: string;
  readonly insuredRegionCode: string;
  readonly personId: number;
  readonly institutionId: number;
  readonly insuranceType: string;
  readonly benefit: string;
  readonly medType: string;
  readonly status: VisitTable['status'];
  readonly beginDate: string;
  readonly endDate: string | null;
  readonly crossRegion: string;
  readonly diagnosisCode: string;
  readonly diagnosisName: string;
  readonly lines: FeeLineView[];
}

export interface FeeLineView {
  readonly id: number;
  readonly lineNo: number;
  readonly code: string;
  readonly name: string;
  readonly itemClass: string;
  readonly quantity: string;
  readonly unitPrice: number;
  readonly amount: number;
  readonly serviceDate: string;
  readonly status: 'active' | 'cancelled';
}

export interface RegisterVisitInput {
  readonly personId: number;
  readonly institutionId: number;
  readonly medType: string;
  readonly beginDate: string;
  readonly diagnosisCode?: string;
  readonly diagnosisName?: string;
  /**
   * cross-region status when the insured region differs from the care region; default: from
   * the person's active filing for the care region on beginDate, else unfiledTemporary
   */
  readonly crossRegion?: CrossRegionStatus;
  readonly assistanceCategories?: readonly string[];
  readonly flags?: readonly string[];
}

export interface FeeLineInput {
  readonly code: string;
  /** decimal with at most four places */
  readonly quantity: number | string;
  /** fen per unit */
  readonly unitPrice: number;
  readonly serviceDate?: string;
  readonly specialClass?: string;
  readonly serviceCategory?: string;
  readonly externalId?: string;
}

export class VisitService {
  constructor(
    private readonly db: Db,
    private readonly catalogue: CatalogueService,
  ) {}

  /** Institutions act for themselves; agency staff within their regions. */
  static assertMayAct(actor: Actor, institution: { id: number; region_code: string }): void {
    if (actor.role === 'institution_operator') {
      if (actor.institutionId !== institution.id) throw new AppError('YB_ERR_FORBIDDEN');
      return;
    }
    if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
    requireRegion(actor, institution.region_code);
  }

  /** A visit can be settled (or held for payment) when open, and an admission only once discharged. */
  static assertSettleable<V extends { status: string; benefit: string }>(
    visit: V,
  ): asserts visit is V & { status: 'open' | 'discharged' } {
    if (visit.status !== 'open' && visit.status !== 'discharged')
      throw new AppError('YB_ERR_VISIT_STATE', { detail: visit.status });
    if (visit.benefit === 'inpatient' && visit.status !== 'discharged')
      throw new AppError('YB_ERR_VISIT_STATE', { detail: 'discharge first' });
  }

  /** Registers an outpatient visit or an admission for an enrolled person at an institution. */
  async register(actor: Actor, input: RegisterVisitInput, executor?: Executor): Promise<VisitView> {
    const benefit = MED_TYPES[input.medType];
    const problems: FieldProblem[] = [];
    if (!benefit)
      problems.push(
        fieldProblem(
          'medType',
          'enum',
          `医疗类别应为 ${Object.keys(MED_TYPES).join('/')}`,
          `medType must be one of ${Object.keys(MED_TYPES).join(', ')}`,
        ),
      );
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.beginDate))
      problems.push(fieldProblem('beginDate', 'date', '日期格式应为 yyyy-mm-dd', 'Date must be yyyy-mm-dd'));
    if (problems.length || !benefit) throw validationError(problems);
    const run = async (tx: Executor) => {
      const institution = await tx
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', input.institutionId)
        .executeTakeFirst();
      if (!institution) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
      VisitService.assertMayAct(actor, institution);
      if (
        institution.status !== 'active' ||
        institution.agreement_status !== 'active' ||
        institution.agreement_end < input.beginDate ||
        institution.agreement_start > input.beginDate
      ) {
        throw new AppError('YB_ERR_INSTITUTION_NOT_ACTIVE');
      }
      const person = await tx
        .selectFrom('persons')
        .selectAll()
        .where('id', '=', input.personId)
        .executeTakeFirst();
      if (!person) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
      const enrolment = await activeBasicEnrolment(tx, person.id, input.beginDate);
      if (!enrolment) throw new AppError('YB_ERR_NOT_ENROLLED');
      const careRegion = poolingRegionOf(institution.region_code);
      // Cross-region care: what the request says, else the person's active filing (异地就医备案)
      // for this region on the visit date, else not filed.
      const crossRegion: CrossRegionStatus =
        careRegion === enrolment.region_code
          ? 'local'
          : (input.crossRegion ??
            (await derivedCrossRegion(tx, person.id, enrolment.region_code, careRegion, input.beginDate)));
      const civilServant = await tx
        .selectFrom('enrolments')
        .select('id')
        .where('person_id', '=', person.id)
        .where('insurance_type', '=', '320')
        .where('status', '=', 'active')
        .executeTakeFirst();
      const flags = [...new Set([...(input.flags ?? []), ...(civilServant ? ['civilServant'] : [])])];
      const row = await tx
        .insertInto('visits')
        .values({
          region_code: careRegion,
          insured_region_code: enrolment.region_code,
          person_id: person.id,
          institution_id: institution.id,
          insurance_type: enrolment.insurance_type,
          benefit,
          med_type: input.medType,
          status: 'open',
          begin_date: input.beginDate,
          cross_region: crossRegion,
          diagnosis_code: input.diagnosisCode ?? '',
          diagnosis_name: input.diagnosisName ?? '',
          flags,
          assistance_categories: [...(input.assistanceCategories ?? [])],
          created_by: actor.username,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'visit',
        entityId: row.id,
        regionCode: careRegion,
        action: 'register',
        before: null,
        after: { person_id: row.person_id, med_type: row.med_type, begin_date: row.begin_date },
      });
      return row.id;
    };
    const id = executor ? await run(executor) : await this.db.transaction().execute(run);
    return this.get(actor, id, executor);
  }

  async get(actor: Actor, id: number, executor: Executor = this.db): Promise<VisitView> {
    const visit = await executor.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
    if (!visit) throw new AppError('YB_ERR_VISIT_NOT_FOUND');
    if (actor.role === 'insured') {
      if (actor.personId !== visit.person_id) throw new AppError('YB_ERR_FORBIDDEN');
    } else {
      VisitService.assertMayAct(actor, { id: visit.institution_id, region_code: visit.region_code });
    }
    const lines = await executor
      .selectFrom('fee_lines')
      .selectAll()
      .where('visit_id', '=', id)
      .orderBy('line_no')
      .execute();
    return toView(visit, lines);
  }

  /**
   * Uploads fee lines: each code is looked up in the care region's catalogue at the line's
   * service date. Any unknown code refuses the whole upload, naming its line; nothing is written.
   */
  async addLines(
    actor: Actor,
    visitId: number,
    inputs: readonly FeeLineInput[],
    executor?: Executor,
  ): Promise<VisitView> {
    if (inputs.length === 0)
      throw validationError([
        fieldProblem('lines', 'required', '至少一条费用明细', 'At least one fee line is needed'),
      ]);
    const run = async (tx: Executor) => {
      const visit = await tx
        .selectFrom('visits')
        .selectAll()
        .where('id', '=', visitId)
        .forUpdate()
        .executeTakeFirst();
      if (!visit) throw new AppError('YB_ERR_VISIT_NOT_FOUND');
      VisitService.assertMayAct(actor, { id: visit.institution_id, region_code: visit.region_code });
      if (visit.status !== 'open') throw new AppError('YB_ERR_VISIT_STATE', { detail: visit.status });
      const problems: FieldProblem[] = [];
      const last = await tx
        .selectFrom('fee_lines')
        .select((eb) => eb.fn.max('line_no').as('n'))
        .where('visit_id', '=', visitId)
        .executeTakeFirst();
      let lineNo = Number(last?.n ?? 0);
      const rows = [];
      for (const [i, input] of inputs.entries()) {
        const path = `lines.${i}`;
        const quantity10k = parseQuantity(String(input.quantity));
        if (quantity10k === null || quantity10k === 0)
          problems.push(
            fieldProblem(
              `${path}.quantity`,
              'quantity',
              `第 ${i + 1} 行：数量应为最多四位小数的正数`,
              `line ${i + 1}: quantity must be positive with at most four decimals`,
            ),
          );
        if (!Number.isSafeInteger(input.unitPrice) || input.unitPrice < 0)
          problems.push(
            fieldProblem(
              `${path}.unitPrice`,
              'money',
              `第 ${i + 1} 行：单价应为非负整数（分）`,
              `line ${i + 1}: unitPrice must be a non-negative integer of fen`,
            ),
          );
        const serviceDate = input.serviceDate ?? visit.begin_date;
        if (serviceDate < visit.begin_date)
          problems.push(
            fieldProblem(
              `${path}.serviceDate`,
              'date',
              `第 ${i + 1} 行：费用日期早于就诊日期`,
              `line ${i + 1}: service date before the visit began`,
            ),
          );
        let item: Awaited<ReturnType<CatalogueService['lookup']>> | null = null;
        try {
          item = await this.catalogue.lookup(
            visit.region_code,
            input.code.trim().toUpperCase(),
            serviceDate,
            tx,
          );
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          problems.push(
            fieldProblem(
              `${path}.code`,
              'unknownItem',
              `第 ${i + 1} 行：医保目录中没有 ${input.code}（${serviceDate}）`,
              `line ${i + 1}: ${input.code} is not in the catalogue on ${serviceDate}`,
            ),
          );
        }
        if (!item || quantity10k === null) continue;
        lineNo += 1;
        rows.push({
          visit_id: visitId,
          region_code: visit.region_code,
          line_no: lineNo,
          code: item.code,
          name: item.name,
          item_class: item.itemClass,
          quantity10k,
          unit_price: input.unitPrice,
          amount: priceTimesQuantity(fen(input.unitPrice), quantity10k, 'halfUp'),
          first_self_pay_bp: item.itemClass === 'B' ? item.firstSelfPayBp : null,
          payment_standard: item.paymentStandard,
          special_class: input.specialClass ?? null,
          negotiated: item.negotiated,
          service_category: input.serviceCategory ?? serviceCategoryOf(item.name),
          restrictions: JSON.stringify({
            ...(item.restrictions.sex ? { sex: item.restrictions.sex } : {}),
            ...(item.restrictions.ageMin !== undefined ? { ageMin: item.restrictions.ageMin } : {}),
            ...(item.restrictions.ageMax !== undefined ? { ageMax: item.restrictions.ageMax } : {}),
            ...(item.restrictions.minLevel !== undefined ? { minLevel: item.restrictions.minLevel } : {}),
          }),
          service_date: serviceDate,
          external_id: input.externalId ?? null,
        });
      }
      if (problems.length)
        throw new AppError(
          problems.some((p) => p.code === 'unknownItem') ? 'YB_ERR_UNKNOWN_ITEM' : 'YB_ERR_VALIDATION',
          { fields: problems },
        );
      await tx.insertInto('fee_lines').values(rows).execute();
      await tx.updateTable('visits').set({ updated_at: new Date() }).where('id', '=', visitId).execute();
    };
    if (executor) await run(executor);
    else await this.db.transaction().execute(run);
    return this.get(actor, visitId, executor);
  }

  /** Cancels fee lines of an unsettled visit (all when lineNos is empty). */
  async cancelLines(
    actor: Actor,
    visitId: number,
    lineNos: readonly number[],
    executor?: Executor,
  ): Promise<VisitView> {
    const run = async (tx: Executor) => {
      const visit = await tx
        .selectFrom('visits')
        .selectAll()
        .where('id', '=', visitId)
        .forUpdate()
        .executeTakeFirst();
      if (!visit) throw new AppError('YB_ERR_VISIT_NOT_FOUND');
      VisitService.assertMayAct(actor, { id: visit.institution_id, region_code: visit.region_code });
      if (visit.status !== 'open') throw new AppError('YB_ERR_VISIT_STATE', { detail: visit.status });
      let q = tx
        .updateTable('fee_lines')
        .set({ status: 'cancelled' })
        .where('visit_id', '=', visitId)
        .where('status', '=', 'active');
      if (lineNos.length) q = q.where('line_no', 'in', [...lineNos]);
      await q.execute();
    };
    if (executor) await run(executor);
    else await this.db.transaction().execute(run);
    return this.get(actor, visitId, executor);
  }

  /** Discharge (出院) ends an admission; undo reopens it while unsettled. Cancel closes an unsettled visit. */
  async setStatus(
    actor: Actor,
    visitId: number,
    action: 'discharge' | 'undoDischarge' | 'cancel',
    endDate?: string,
    executor?: Executor,
  ): Promise<VisitView> {
    const run = async (tx: Executor) => {
      const visit = await tx
        .selectFrom('visits')
        .selectAll()
        .where('id', '=', visitId)
        .forUpdate()
        .executeTakeFirst();
      if (!visit) throw new AppError('YB_ERR_VISIT_NOT_FOUND');
      VisitService.assertMayAct(actor, { id: visit.institution_id, region_code: visit.region_code });
      const allowed = { discharge: ['open'], undoDischarge: ['discharged'], cancel: ['open', 'discharged'] }[
        action
      ];
      if (!allowed.includes(visit.status)) throw new AppError('YB_ERR_VISIT_STATE', { detail: visit.status });
      if (action === 'discharge' && endDate && endDate < visit.begin_date)
        throw validationError([
          fieldProblem('endDate', 'range', '出院日期早于入院日期', 'Discharge before admission'),
        ]);
      const status =
        action === 'discharge' ? 'discharged' : action === 'undoDischarge' ? 'open' : 'cancelled';
      await tx
        .updateTable('visits')
        .set({
          status,
          ...(action === 'discharge'
            ? { end_date: endDate ?? visit.begin_date }
            : action === 'undoDischarge'
              ? { end_date: null }
              : {}),
          updated_at: new Date(),
        })
        .where('id', '=', visitId)
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'visit',
        entityId: visitId,
        regionCode: visit.region_code,
        action,
        before: { status: visit.status },
        after: { status },
      });
    };
    if (executor) await run(executor);
    else await this.db.transaction().execute(run);
    return this.get(actor, visitId, executor);
  }
}

/** The active basic (310/390) enrolment covering a date. */
export async function activeBasicEnrolment(tx: Executor, personId: number, date: string) {
  return tx
    .selectFrom('enrolments')
    .selectAll()
    .where('person_id', '=', personId)
    .where('insurance_type', 'in', ['310', '390'])
    .where('start_date', '<=', date)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', date)]))
    .where('status', '!=', 'suspended')
    .orderBy('start_date', 'desc')
    .executeTakeFirst();
}

function serviceCategoryOf(name: string): string | null {
  if (name.includes('床位')) return 'bed';
  if (name.includes('护理')) return 'nursing';
  return null;
}

export function formatQuantity(q10k: number): string {
  const whole = Math.trunc(q10k / 10000);
  const frac = String(q10k % 10000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

function toView(v: Selectable<VisitTable>, lines: Selectable<FeeLineTable>[]): VisitView {
  return {
    id: v.id,
    regionCode: v.region_code,
    insuredRegionCode: v.insured_region_code,
    personId: v.person_id,
    institutionId: v.institution_id,
    insuranceType: v.insurance_type,
    benefit: v.benefit,
    medType: v.med_type,
    status: v.status,
    beginDate: v.begin_date,
    endDate: v.end_date,
    crossRegion: v.cross_region,
    diagnosisCode: v.diagnosis_code,
    diagnosisName: v.diagnosis_name,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      code: l.code,
      name: l.name,
      itemClass: l.item_class,
      quantity: formatQuantity(l.quantity10k),
      unitPrice: l.unit_price,
      amount: l.amount,
      serviceDate: l.service_date,
      status: l.status,
    })),
  };
}
