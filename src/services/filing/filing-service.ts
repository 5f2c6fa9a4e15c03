import type { Selectable } from 'kysely';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { FieldProblem } from '../../domain/errors/catalogue.js';
import {
  crossRegionStatusOf,
  defaultEndDate,
  FILING_KIND_NAMES,
  FILING_KINDS,
  type FilingKind,
  periodsOverlap,
} from '../../domain/filing/cross-region-filing.js';
import type { CrossRegionStatus } from '../../domain/policy/policy.js';
import { isWithinRegion, poolingRegionOf } from '../../domain/registry/region-scope.js';
import type { Db, Executor } from '../../store/database.js';
import type { CrossRegionFilingTable } from '../../store/schema.js';
import { type Actor, isStaff, requireRegion, requireRole, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { type Page, type PageQuery, pageBounds } from '../pagination.js';
import { activeBasicEnrolment } from '../settlement/visit-service.js';
import { activeFilingOf } from './active-filing.js';

export interface FilingView {
  readonly id: number;
  /** the insured region (参保地) that owns the filing */
  readonly regionCode: string;
  readonly personId: number;
  readonly psnNo: string;
  readonly personName: string;
  readonly insuranceType: string;
  readonly careRegionCode: string;
  readonly kind: FilingKind;
  readonly kindName: string;
  /** what a visit in the care region gets from it */
  readonly crossRegion: CrossRegionStatus;
  readonly beginDate: string;
  readonly endDate: string | null;
  readonly status: 'active' | 'revoked';
  readonly reason: string;
  readonly referralInstitution: string;
  readonly diagnosisCode: string;
  readonly diagnosisName: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

export interface CreateFilingInput {
  readonly personId: number;
  /** 就医地: a city (pooling region) or a whole province, outside the insured region */
  readonly careRegionCode: string;
  readonly kind: FilingKind;
  readonly beginDate: string;
  /** default: none for long-term residence, six months for temporary care and referrals */
  readonly endDate?: string | null;
  readonly reason?: string;
  readonly referralInstitution?: string;
  readonly diagnosisCode?: string;
  readonly diagnosisName?: string;
  readonly tel?: string;
  readonly address?: string;
}

export interface FilingQuery extends PageQuery {
  readonly personId?: number;
  /** insured region (or a province containing it) */
  readonly regionCode?: string;
  readonly careRegionCode?: string;
  readonly status?: 'active' | 'revoked';
  /** only filings in force on this date */
  readonly date?: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

type FilingRow = Selectable<CrossRegionFilingTable>;

/**
 * 异地就医备案: create, revoke and list cross-region filings. The insured region owns a filing;
 * its staff, the insured person and a designated institution of that region (the referring
 * hospital, through the HIS gateway's 2501) may file and revoke.
 */
export class FilingService {
  constructor(private readonly db: Db) {}

  /** Who may file or revoke for a person insured in `insuredRegion`. */
  private async assertMayFile(
    actor: Actor,
    personId: number,
    insuredRegion: string,
    executor: Executor,
  ): Promise<void> {
    if (actor.role === 'insured') {
      if (actor.personId !== personId) throw new AppError('YB_ERR_FORBIDDEN');
      return;
    }
    if (actor.role === 'institution_operator') {
      const institution = await executor
        .selectFrom('institutions')
        .select('region_code')
        .where('id', '=', actor.institutionId ?? -1)
        .executeTakeFirst();
      if (!institution || poolingRegionOf(institution.region_code) !== insuredRegion)
        throw new AppError('YB_ERR_FORBIDDEN', { detail: 'institution outside the insured region' });
      return;
    }
    requireRole(actor, WRITER_ROLES);
    requireRegion(actor, insuredRegion);
  }

  async create(actor: Actor, input: CreateFilingInput, executor?: Executor): Promise<FilingView> {
    const problems: FieldProblem[] = [];
    if (!FILING_KINDS.includes(input.kind))
      problems.push(
        fieldProblem(
          'kind',
          'enum',
          `备案类型应为 ${FILING_KINDS.join('/')}`,
          `kind must be one of ${FILING_KINDS.join(', ')}`,
        ),
      );
    if (!/^\d{6}$/.test(input.careRegionCode))
      problems.push(
        fieldProblem(
          'careRegionCode',
          'format',
          '就医地区划应为 6 位数字',
          'careRegionCode must have 6 digits',
        ),
      );
    if (!ISO.test(input.beginDate) || Number.isNaN(Date.parse(input.beginDate)))
      problems.push(fieldProblem('beginDate', 'date', '日期格式应为 yyyy-mm-dd', 'Date must be yyyy-mm-dd'));
    if (input.endDate && (!ISO.test(input.endDate) || Number.isNaN(Date.parse(input.endDate))))
      problems.push(fieldProblem('endDate', 'date', '日期格式应为 yyyy-mm-dd', 'Date must be yyyy-mm-dd'));
    else if (input.endDate && input.endDate < input.beginDate)
      problems.push(fieldProblem('endDate', 'range', '结束日期早于开始日期', 'endDate is before beginDate'));
    if (problems.length) throw validationError(problems);
    const run = async (tx: Executor) => {
      const person = await tx
        .selectFrom('persons')
        .select(['id'])
        .where('id', '=', input.personId)
        .forUpdate()
        .executeTakeFirst();
      if (!person) throw new AppError('YB_ERR_PERSON_NOT_FOUND', { detail: 'personId' });
      const enrolment = await activeBasicEnrolment(tx, person.id, input.beginDate);
      if (!enrolment) throw new AppError('YB_ERR_NOT_ENROLLED', { detail: `beginDate ${input.beginDate}` });
      const insuredRegion = enrolment.region_code;
      await this.assertMayFile(actor, person.id, insuredRegion, tx);
      const care = await tx
        .selectFrom('regions')
        .select(['code', 'level'])
        .where('code', '=', input.careRegionCode)
        .executeTakeFirst();
      if (!care || care.level === 'district')
        throw validationError([
          fieldProblem(
            'careRegionCode',
            'notPoolingRegion',
            '就医地应为市级统筹区或省级区划代码',
            'careRegionCode must be a city (pooling region) or a province',
          ),
        ]);
      if (isWithinRegion(insuredRegion, care.code))
        throw validationError([
          fieldProblem(
            'careRegionCode',
            'sameRegion',
            `就医地不能包含参保地 ${insuredRegion}`,
            `the care region must not contain the insured region ${insuredRegion}`,
          ),
        ]);
      const endDate =
        input.endDate === undefined || input.endDate === null || input.endDate === ''
          ? defaultEndDate(input.kind, input.beginDate)
          : input.endDate;
      // One active filing per person for any place and day: a second one must wait for the
      // first to end or be revoked (备案变更 = 撤销 + 新备案).
      const active = await tx
        .selectFrom('cross_region_filings')
        .select(['id', 'begin_date', 'end_date', 'care_region_code'])
        .where('person_id', '=', person.id)
        .where('status', '=', 'active')
        .execute();
      const clash = active.find((f) =>
        periodsOverlap({ begin: f.begin_date, end: f.end_date }, { begin: input.beginDate, end: endDate }),
      );
      if (clash)
        throw new AppError('YB_ERR_FILING_OVERLAP', {
          detail: `filing ${clash.id} (${clash.care_region_code} ${clash.begin_date}–${clash.end_date ?? ''})`,
        });
      const row = await tx
        .insertInto('cross_region_filings')
        .values({
          region_code: insuredRegion,
          person_id: person.id,
          insurance_type: enrolment.insurance_type,
          care_region_code: care.code,
          kind: input.kind,
          begin_date: input.beginDate,
          end_date: endDate,
          reason: input.reason ?? '',
          referral_institution: input.referralInstitution ?? '',
          diagnosis_code: input.diagnosisCode ?? '',
          diagnosis_name: input.diagnosisName ?? '',
          tel: input.tel ?? '',
          address: input.address ?? '',
          created_by: actor.username,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'filing',
        entityId: row.id,
        regionCode: insuredRegion,
        action: 'create',
        before: null,
        after: {
          person_id: person.id,
          care_region_code: care.code,
          kind: input.kind,
          begin_date: input.beginDate,
          end_date: endDate,
        },
      });
      return row.id;
    };
    const id = executor ? await run(executor) : await this.db.transaction().execute(run);
    return this.byId(id, executor ?? this.db);
  }

  /**
   * The active filing of a person for care in a pooling region on a date (a filing to the
   * whole province counts), or null.
   */
  async activeFor(
    actor: Actor,
    personId: number,
    careRegionCode: string,
    date: string,
  ): Promise<FilingView | null> {
    const row = await activeFilingOf(this.db, personId, null, careRegionCode, date);
    if (!row) return null;
    const view = await this.byId(row.id, this.db);
    assertMayRead(actor, view);
    return view;
  }

  /** Revokes an active filing; visits already registered keep the status they were given. */
  async revoke(actor: Actor, id: number, reason: string, executor?: Executor): Promise<FilingView> {
    const run = async (tx: Executor) => {
      const filing = await tx
        .selectFrom('cross_region_filings')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!filing) throw new AppError('YB_ERR_FILING_NOT_FOUND', { detail: String(id) });
      await this.assertMayFile(actor, filing.person_id, filing.region_code, tx);
      if (filing.status !== 'active')
        throw new AppError('YB_ERR_STATE', { detail: 'filing already revoked' });
      await tx
        .updateTable('cross_region_filings')
        .set({ status: 'revoked', revoked_at: new Date(), revoked_by: actor.username, revoke_reason: reason })
        .where('id', '=', id)
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'filing',
        entityId: id,
        regionCode: filing.region_code,
        action: 'revoke',
        before: { status: 'active' },
        after: { status: 'revoked', revoke_reason: reason },
      });
    };
    if (executor) await run(executor);
    else await this.db.transaction().execute(run);
    return this.byId(id, executor ?? this.db);
  }

  /** One filing, for the insured person, or staff of its insured or care region. */
  async get(actor: Actor, id: number): Promise<FilingView> {
    const view = await this.byId(id, this.db);
    assertMayRead(actor, view);
    return view;
  }

  /**
   * Filings, newest first: the insured person sees their own, staff those of their regions
   * (insured or care region); institutions use the HIS gateway.
   */
  async list(actor: Actor, q: FilingQuery): Promise<Page<FilingView>> {
    const { page, pageSize, offset } = pageBounds(q);
    if (q.date !== undefined && !ISO.test(q.date))
      throw validationError([
        fieldProblem('date', 'date', '日期格式应为 yyyy-mm-dd', 'Date must be yyyy-mm-dd'),
      ]);
    let query = this.db
      .selectFrom('cross_region_filings as f')
      .innerJoin('persons as p', 'p.id', 'f.person_id');
    if (actor.role === 'insured') query = query.where('f.person_id', '=', actor.personId ?? -1);
    else if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
    else if (actor.role !== 'admin' && actor.role !== 'system') {
      const prefixes = actor.regionCodes.map((c) => regionLike(c));
      if (prefixes.length === 0) throw new AppError('YB_ERR_OUT_OF_REGION');
      query = query.where((eb) =>
        eb.or(prefixes.flatMap((p) => [eb('f.region_code', 'like', p), eb('f.care_region_code', 'like', p)])),
      );
    }
    if (q.personId !== undefined) query = query.where('f.person_id', '=', q.personId);
    if (q.regionCode) query = query.where('f.region_code', 'like', regionLike(q.regionCode));
    if (q.careRegionCode) query = query.where('f.care_region_code', '=', q.careRegionCode);
    if (q.status) query = query.where('f.status', '=', q.status);
    if (q.date) {
      const date = q.date;
      query = query
        .where('f.begin_date', '<=', date)
        .where((eb) => eb.or([eb('f.end_date', 'is', null), eb('f.end_date', '>=', date)]));
    }
    const [rows, count] = await Promise.all([
      query
        .selectAll('f')
        .select(['p.psn_no', 'p.name as person_name'])
        .orderBy('f.id', 'desc')
        .limit(pageSize)
        .offset(offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toView), total: Number(count.n), page, pageSize };
  }

  private async byId(id: number, executor: Executor): Promise<FilingView> {
    const row = await executor
      .selectFrom('cross_region_filings as f')
      .innerJoin('persons as p', 'p.id', 'f.person_id')
      .selectAll('f')
      .select(['p.psn_no', 'p.name as person_name'])
      .where('f.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('YB_ERR_FILING_NOT_FOUND', { detail: String(id) });
    return toView(row);
  }
}

function regionLike(code: string): string {
  if (code.endsWith('0000')) return `${code.slice(0, 2)}%`;
  if (code.endsWith('00')) return `${code.slice(0, 4)}%`;
  return code;
}

function assertMayRead(actor: Actor, f: FilingView): void {
  if (actor.role === 'insured') {
    if (actor.personId !== f.personId) throw new AppError('YB_ERR_FORBIDDEN');
    return;
  }
  if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
  try {
    requireRegion(actor, f.regionCode);
  } catch {
    requireRegion(actor, f.careRegionCode);
  }
}

function toView(r: FilingRow & { psn_no: string; person_name: string }): FilingView {
  return {
    id: r.id,
    regionCode: r.region_code,
    personId: r.person_id,
    psnNo: r.psn_no,
    personName: r.person_name,
    insuranceType: r.insurance_type,
    careRegionCode: r.care_region_code,
    kind: r.kind,
    kindName: FILING_KIND_NAMES[r.kind],
    crossRegion: crossRegionStatusOf(r.kind),
    beginDate: r.begin_date,
    endDate: r.end_date,
    status: r.status,
    reason: r.reason,
    referralInstitution: r.referral_institution,
    diagnosisCode: r.diagnosis_code,
    diagnosisName: r.diagnosis_name,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
  };
}
