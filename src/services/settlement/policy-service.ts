import { sql } from 'kysely';
import { AppError } from '../../domain/errors/app-error.js';
import type { Policy } from '../../domain/policy/policy.js';
import { compilePolicy } from '../../domain/policy/policy-document.js';
import type { Db, Executor } from '../../store/database.js';
import { type Actor, requireRole, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';

export interface PolicySummary {
  readonly policyId: string;
  readonly name: string;
  readonly regionCode: string;
  readonly insuranceType: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly loadedBy: string;
  readonly loadedAt: string;
}

/** Policy documents per region × insurance type × period, validated on load and compiled once. */
export class PolicyService {
  private readonly compiled = new Map<string, Policy>();

  constructor(private readonly db: Db) {}

  /** Validates and stores a document; a new period of a region's policy is a new document with its own id. */
  async load(actor: Actor, document: unknown, executor: Executor = this.db): Promise<PolicySummary> {
    requireRole(actor, WRITER_ROLES);
    const r = compilePolicy(document);
    if (!r.ok) {
      throw new AppError('YB_ERR_POLICY_INVALID', {
        fields: r.problems.map((p) => ({
          path: p.path,
          code: 'policy',
          messageZh: p.message,
          messageEn: p.message,
        })),
      });
    }
    const p = r.policy;
    const exists = await executor
      .selectFrom('policies')
      .select('id')
      .where('policy_id', '=', p.id)
      .executeTakeFirst();
    if (exists) throw new AppError('YB_ERR_DUPLICATE_CODE', { detail: p.id });
    const row = await executor
      .insertInto('policies')
      .values({
        policy_id: p.id,
        region_code: p.region,
        insurance_type: p.insuranceType,
        effective_from: p.effectiveFrom,
        effective_to: p.effectiveTo,
        name: p.name,
        document: JSON.stringify(document),
        loaded_by: actor.username,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordHistory(executor, actor, {
      entityType: 'policy',
      entityId: p.id,
      regionCode: p.region,
      action: 'load',
      before: null,
      after: { name: p.name, effective_from: p.effectiveFrom },
    });
    return toSummary(row);
  }

  async list(regionCode?: string): Promise<PolicySummary[]> {
    let q = this.db.selectFrom('policies').selectAll();
    if (regionCode) q = q.where('region_code', '=', regionCode);
    return (
      await q.orderBy('region_code').orderBy('insurance_type').orderBy('effective_from', 'desc').execute()
    ).map(toSummary);
  }

  async document(policyId: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('policies')
      .select('document')
      .where('policy_id', '=', policyId)
      .executeTakeFirst();
    if (!row) throw new AppError('YB_ERR_POLICY_NOT_FOUND', { detail: policyId });
    return row.document;
  }

  /** The policy in force for a region and insurance type on a date. */
  async forClaim(
    regionCode: string,
    insuranceType: string,
    date: string,
    executor: Executor = this.db,
  ): Promise<Policy> {
    const row = await executor
      .selectFrom('policies')
      .select(['policy_id', 'document'])
      .where('region_code', '=', regionCode)
      .where('insurance_type', '=', insuranceType)
      .where('effective_from', '<=', date)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
      .orderBy('effective_from', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row)
      throw new AppError('YB_ERR_POLICY_NOT_FOUND', { detail: `${regionCode}/${insuranceType}@${date}` });
    const cached = this.compiled.get(row.policy_id);
    if (cached) return cached;
    const r = compilePolicy(row.document);
    if (!r.ok) throw new AppError('YB_ERR_POLICY_INVALID', { detail: row.policy_id });
    this.compiled.set(row.policy_id, r.policy);
    return r.policy;
  }

  async count(): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from policies`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }
}

function toSummary(r: {
  policy_id: string;
  name: string;
  region_code: string;
  insurance_type: string;
  effective_from: string;
  effective_to: string | null;
  loaded_by: string;
  loaded_at: Date;
}): PolicySummary {
  return {
    policyId: r.policy_id,
    name: r.name,
    regionCode: r.region_code,
    insuranceType: r.insurance_type,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    loadedBy: r.loaded_by,
    loadedAt: r.loaded_at.toISOString(),
  };
}
