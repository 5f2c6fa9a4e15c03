import { sql } from 'kysely';
import { AppError } from '../../domain/errors/app-error.js';
import type { Policy } from '../../domain/policy/policy.js';
import { compilePolicy } from '../../domain/policy/policy-document.js';
import type { Db, Executor } from '../../store/database.js';
import { type Actor, requireRole, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';

const CACHE_MS = 30_000;

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
  private readonly periods = new Map<
    string,
    { at: number; rows: { policy_id: string; effective_from: string; effective_to: string | null }[] }
  >();

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
    this.periods.delete(`${p.region}/${p.insuranceType}`);
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

  /**
   * The policy in force for a region and insurance type on a date. Policy rows are read once per
   * region and type and kept for CACHE_MS (policies change a few times a year; a load in this
   * process clears the cache at once, another process's load is seen within CACHE_MS).
   */
  async forClaim(
    regionCode: string,
    insuranceType: string,
    date: string,
    executor: Executor = this.db,
  ): Promise<Policy> {
    const key = `${regionCode}/${insuranceType}`;
    let entry = this.periods.get(key);
    if (!entry || Date.now() - entry.at > CACHE_MS) {
      const rows = await executor
        .selectFrom('policies')
        .select(['policy_id', 'effective_from', 'effective_to'])
        .where('region_code', '=', regionCode)
        .where('insurance_type', '=', insuranceType)
        .orderBy('effective_from', 'desc')
        .execute();
      entry = { at: Date.now(), rows };
      this.periods.set(key, entry);
    }
    const row = entry.rows.find(
      (r) => r.effective_from <= date && (r.effective_to === null || r.effective_to >= date),
    );
    if (!row)
      throw new AppError('YB_ERR_POLICY_NOT_FOUND', { detail: `${regionCode}/${insuranceType}@${date}` });
    const cached = this.compiled.get(row.policy_id);
    if (cached) return cached;
    const doc = await executor
      .selectFrom('policies')
      .select('document')
      .where('policy_id', '=', row.policy_id)
      .executeTakeFirstOrThrow();
    const r = compilePolicy(doc.document);
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
