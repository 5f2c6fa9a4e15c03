import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import {
  dependentsToEnd,
  type InsuranceType,
  type PersonCategory,
  planEnrolment,
} from '../../domain/registry/enrolment-rules.js';
import { poolingRegionOf } from '../../domain/registry/region-scope.js';
import type { Db } from '../../store/database.js';
import { type Actor, requireRegion, requireRole, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { type EnrolmentView, toEnrolmentView } from './person-service.js';

export interface EnrolInput {
  readonly insuranceType: InsuranceType;
  readonly category: PersonCategory;
  /** The pooling region; defaults to the city of the person's district. */
  readonly regionCode?: string;
  readonly employerId?: number | null;
  readonly startDate: string;
}

export class EnrolmentService {
  constructor(private readonly db: Db) {}

  /**
   * Enrols a person. Under a lock on the person row: at most one active basic enrolment, and
   * joining employee insurance ends resident insurance the day before, with history for both.
   */
  async enrol(actor: Actor, personId: number, input: EnrolInput): Promise<EnrolmentView> {
    requireRole(actor, WRITER_ROLES);
    return this.db.transaction().execute(async (tx) => {
      const person = await tx
        .selectFrom('persons')
        .selectAll()
        .where('id', '=', personId)
        .forUpdate()
        .executeTakeFirst();
      if (!person) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
      requireRegion(actor, person.region_code);
      if (person.status !== 'active') throw new AppError('YB_ERR_INACTIVE');
      if (person.birth_date > input.startDate)
        throw validationError([
          fieldProblem(
            'startDate',
            'beforeBirth',
            '参保开始日期早于出生日期',
            'The start date is before the birth date',
          ),
        ]);
      const employerId = input.employerId ?? null;
      if (employerId) {
        const e = await tx
          .selectFrom('employers')
          .select(['status'])
          .where('id', '=', employerId)
          .executeTakeFirst();
        if (!e)
          throw validationError([
            fieldProblem('employerId', 'notFound', '参保单位不存在', 'No such employer'),
          ]);
        if (e.status !== 'active')
          throw validationError([
            fieldProblem('employerId', 'inactive', '参保单位已注销', 'The employer is inactive'),
          ]);
      }
      const regionCode = input.regionCode ?? poolingRegionOf(person.region_code);
      const region = await tx
        .selectFrom('regions')
        .select('level')
        .where('code', '=', regionCode)
        .executeTakeFirst();
      if (region?.level !== 'city')
        throw validationError([
          fieldProblem(
            'regionCode',
            'notPoolingRegion',
            '须为市级统筹区代码',
            'Must be a city-level pooling region code',
          ),
        ]);
      requireRegion(actor, regionCode);
      const active = await tx
        .selectFrom('enrolments')
        .select(['id', 'insurance_type', 'start_date'])
        .where('person_id', '=', personId)
        .where('status', '=', 'active')
        .execute();
      const plan = planEnrolment(
        {
          insuranceType: input.insuranceType,
          category: input.category,
          startDate: input.startDate,
          hasEmployer: employerId !== null,
        },
        active.map((a) => ({ id: a.id, insuranceType: a.insurance_type, startDate: a.start_date })),
      );
      if (plan.kind === 'refuse') {
        if (plan.code === 'YB_ERR_VALIDATION')
          throw validationError([
            fieldProblem(plan.field ?? 'insuranceType', 'rule', plan.reasonZh, plan.reasonEn),
          ]);
        throw new AppError(plan.code);
      }
      for (const end of plan.end) {
        const ended = await tx
          .updateTable('enrolments')
          .set({ status: 'ended', end_date: end.endDate, end_reason: end.reason, updated_at: new Date() })
          .where('id', '=', end.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordHistory(tx, actor, {
          entityType: 'enrolment',
          entityId: end.id,
          regionCode: ended.region_code,
          action: 'end',
          before: { status: 'active', end_date: null },
          after: { status: 'ended', end_date: end.endDate, end_reason: end.reason },
        });
      }
      const row = await tx
        .insertInto('enrolments')
        .values({
          person_id: personId,
          region_code: regionCode,
          insurance_type: input.insuranceType,
          category: input.category,
          employer_id: employerId,
          start_date: input.startDate,
          status: 'active',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (employerId && input.insuranceType === '310' && person.employer_id !== employerId) {
        await tx
          .updateTable('persons')
          .set({ employer_id: employerId, updated_at: new Date() })
          .where('id', '=', personId)
          .execute();
      }
      await recordHistory(tx, actor, {
        entityType: 'enrolment',
        entityId: row.id,
        regionCode,
        action: 'create',
        before: null,
        after: row,
      });
      return toEnrolmentView(row);
    });
  }

  /** Ends an enrolment (and the supplementary types riding on a basic one). */
  async end(
    actor: Actor,
    enrolmentId: number,
    input: { endDate: string; reason: string },
  ): Promise<EnrolmentView> {
    requireRole(actor, WRITER_ROLES);
    return this.db.transaction().execute(async (tx) => {
      const found = await tx
        .selectFrom('enrolments')
        .select(['person_id'])
        .where('id', '=', enrolmentId)
        .executeTakeFirst();
      if (!found) throw new AppError('YB_ERR_ENROLMENT_NOT_FOUND');
      await tx.selectFrom('persons').select('id').where('id', '=', found.person_id).forUpdate().execute();
      const e = await tx
        .selectFrom('enrolments')
        .selectAll()
        .where('id', '=', enrolmentId)
        .executeTakeFirstOrThrow();
      requireRegion(actor, e.region_code);
      if (e.status === 'ended') throw new AppError('YB_ERR_STATE', { detail: 'already ended' });
      if (input.endDate < e.start_date)
        throw validationError([
          fieldProblem(
            'endDate',
            'beforeStart',
            '终止日期早于开始日期',
            'The end date is before the start date',
          ),
        ]);
      const active = await tx
        .selectFrom('enrolments')
        .select(['id', 'insurance_type', 'start_date'])
        .where('person_id', '=', e.person_id)
        .where('status', '=', 'active')
        .execute();
      const toEnd = [
        e.id,
        ...dependentsToEnd(
          e.insurance_type,
          active.map((a) => ({ id: a.id, insuranceType: a.insurance_type, startDate: a.start_date })),
        ).map((d) => d.id),
      ];
      let result = e;
      for (const id of toEnd) {
        const ended = await tx
          .updateTable('enrolments')
          .set({ status: 'ended', end_date: input.endDate, end_reason: input.reason, updated_at: new Date() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (id === e.id) result = ended;
        await recordHistory(tx, actor, {
          entityType: 'enrolment',
          entityId: id,
          regionCode: ended.region_code,
          action: 'end',
          before: { status: 'active', end_date: null },
          after: { status: 'ended', end_date: input.endDate, end_reason: input.reason },
        });
      }
      return toEnrolmentView(result);
    });
  }
}
