import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import { type Fen, fen } from '../../domain/money/fen.js';
import type { BenefitKind, CrossRegionStatus, Policy } from '../../domain/policy/policy.js';
import { INSURANCE_TYPE_NAMES, type InsuranceType } from '../../domain/registry/enrolment-rules.js';
import { ageOn } from '../../domain/registry/person-input.js';
import { regionPrefix } from '../../domain/registry/region-scope.js';
import type { Breakdown } from '../../domain/settlement/breakdown.js';
import type { Claim, FeeLine, SettlementState } from '../../domain/settlement/claim.js';
import { claimToDocument } from '../../domain/settlement/claim-document.js';
import { settle } from '../../domain/settlement/settle.js';
import type { Db, Executor } from '../../store/database.js';
import type { FeeLineTable, PersonTable, SettlementTable, VisitTable } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { type Page, type PageQuery, pageBounds } from '../pagination.js';
import { type Plain, plain } from '../view.js';
import type { PolicyService } from './policy-service.js';
import { institutionLevelLabel, type SettlementSlip } from './settlement-slip.js';
import { formatQuantity, MED_TYPE_NAMES, VisitService } from './visit-service.js';

export interface SettlementView {
  readonly id: number;
  readonly setlNo: string;
  readonly visitId: number;
  readonly personId: number;
  readonly personName: string;
  readonly institutionId: number;
  readonly institutionName: string;
  readonly medType: string;
  readonly regionCode: string;
  readonly insuredRegionCode: string;
  readonly policyId: string;
  readonly status: 'settled' | 'reversed';
  readonly total: number;
  readonly fundTotal: number;
  readonly personTotal: number;
  readonly personalAccount: number;
  readonly cash: number;
  readonly clearingStatus: string;
  readonly settledAt: string;
  readonly settledBy: string;
  readonly reversedAt: string | null;
  readonly reversedBy: string | null;
  readonly reverseReason: string | null;
  readonly breakdown: Plain<Breakdown>;
}

export interface PreSettlement {
  readonly visitId: number;
  readonly policyId: string;
  readonly policyName: string;
  readonly breakdown: Plain<Breakdown>;
}

/** The accumulator year a date falls in under a policy (a year may start in another month). */
export function accumulatorYear(date: string, startMonth: number): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) < startMonth ? year - 1 : year;
}

interface Loaded {
  readonly visit: Selectable<VisitTable>;
  readonly policy: Policy;
  readonly claim: Claim;
  readonly state: SettlementState;
  readonly year: number;
  /** account owner label → person id */
  readonly accountOwners: ReadonlyMap<string, number>;
  readonly institutionName: string;
}

type FetchedPerson = Pick<Selectable<PersonTable>, 'id' | 'name' | 'birth_date' | 'sex'>;

/** What `yb_settle_read` returns per claim (migration 011). */
interface Fetched {
  readonly visit: Selectable<VisitTable>;
  readonly person: FetchedPerson;
  readonly existing?: { readonly id: number; readonly request_hash: string };
  readonly context?: {
    readonly level: number | null;
    readonly name: string;
    readonly category: string | null;
  };
  readonly lines?: readonly Selectable<FeeLineTable>[];
  /** [year, key, value] for the service date's calendar year and the one before */
  readonly accumulators?: readonly [number, string, number][];
  /** the own account first, then relatives under 家庭共济 in the order they authorised */
  readonly ownerIds?: readonly number[];
  /** [person id, balance] */
  readonly accounts?: readonly [number, number][];
}

/** One settlement asked for; `settle` validates it, a group carries it to the database. */
interface SettleRequest {
  readonly actor: Actor;
  readonly visitId: number;
  readonly clientKey: string;
  readonly useAccount: boolean;
  readonly requestHash: string;
}

type SettlementRow = Selectable<SettlementTable> & Names;

/** What became of one request of a group: written or found, refused, or to be tried in a later group. */
type Outcome = { readonly row: SettlementRow } | { readonly error: unknown } | { readonly later: true };

/** A request waiting for a group, with its caller's promise. */
interface Waiting {
  readonly request: SettleRequest;
  readonly resolve: (row: SettlementRow) => void;
  readonly reject: (error: unknown) => void;
  /** after its group failed as a whole: in a group of its own */
  alone: boolean;
  /** a key race or deadlock was already retried once */
  retried: boolean;
}

/** Errors after which a settlement alone is tried once more: a key race, a deadlock, a serialization failure. */
const RETRYABLE = new Set(['23505', '40P01', '40001']);

export interface SettlementOptions {
  /**
   * how many groups may be in flight at once (each holds one connection); default one per core
   * of this machine and one more, for the group waiting on the engine or on its commit's flush
   */
  readonly groups?: number;
  /** most settlements in one group; default 32 */
  readonly groupSize?: number;
  /**
   * Send `begin` with the group's load and `commit` with its write, two round trips instead of
   * four. Needs a driver that runs several statements in one simple query and answers the rows
   * of the last select (openPostgres); PGlite's does not.
   */
  readonly combineStatements?: boolean;
}

/** `text` as a dollar-quoted SQL literal, with a tag that does not occur in it (no escapes needed). */
function dollarQuoted(text: string): string {
  let tag = 'yb';
  while (text.includes(`$${tag}$`)) tag += Math.random().toString(36).slice(2, 6);
  return `$${tag}$${text}$${tag}$`;
}

/**
 * Calls one of the group functions of migration 011 with its JSON payload. With `along`, `begin`
 * is sent before the call or `commit` after it in the same simple query (one round trip, see
 * `combineStatements`), the payload then dollar-quoted since such a query takes no parameters.
 */
function callGroupFunction<R>(
  tx: Executor,
  fn: 'yb_settle_load_many' | 'yb_settle_write_many',
  payload: string,
  along: 'begin' | 'commit' | null,
) {
  if (!along) return sql<{ r: R }>`select ${sql.raw(fn)}(${payload}::jsonb) as r`.execute(tx);
  const call = `select ${fn}(${dollarQuoted(payload)}::jsonb) as r`;
  return sql<{ r: R }>`${sql.raw(along === 'begin' ? `begin; ${call}` : `${call}; commit`)}`.execute(tx);
}

/**
 * Pre-settlement, settlement and reversal. A settlement locks the visit, the person and the
 * accounts it may draw on (in that order, each by id, as every writer does), reads its lines,
 * the insured region's policy and the person's year-to-date accumulators, runs the pure engine
 * and writes the settlement, its postings, the accumulator changes and the account balances in
 * one transaction, keyed by an idempotency key per institution.
 *
 * Group commit: settlements asked for while others are in flight share one transaction — begin,
 * one locked load of the whole group, the engine per claim, one write of the whole group,
 * commit (migration 011) — so under load the commit, the statement overheads and the round trips
 * are paid once per group instead of once per settlement. Alone it is the same four round trips.
 * A group never holds two claims of one person or one account (the later waits for the next
 * group, as it would wait for the lock), nor two requests with one visit or key. When a group
 * fails as a whole, its settlements are tried again one by one, so one bad request refuses only
 * itself.
 */
export class SettlementService {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private pumpScheduled = false;
  private readonly groups: number;
  private readonly groupSize: number;
  private readonly combineStatements: boolean;

  constructor(
    private readonly db: Db,
    private readonly policies: PolicyService,
    options: SettlementOptions = {},
  ) {
    this.groups = Math.max(1, options.groups ?? availableParallelism() + 1);
    this.groupSize = Math.max(1, options.groupSize ?? 32);
    this.combineStatements = options.combineStatements ?? false;
  }

  /**
   * Reads the visit, the person, an earlier settlement under `clientKey`, the institution level,
   * the active basic enrolment's category, the active lines, the year's accumulators and the
   * account balances, without locks (pre-settlement).
   */
  private async fetch(
    tx: Executor,
    visitId: number,
    clientKey: string | null,
    useAccount: boolean,
  ): Promise<Fetched> {
    const { rows } = await sql<{ r: (Fetched | null)[] }>`select yb_settle_read(${JSON.stringify([
      { visit_id: visitId, client_key: clientKey, use_account: useAccount },
    ])}::jsonb) as r`.execute(tx);
    return fetched(rows[0]?.r[0] ?? null);
  }

  /** Builds the engine's claim and state from what `fetch` read, with the policy from the cache. */
  private async load(tx: Executor, f: Fetched, useAccount: boolean): Promise<Loaded> {
    const { visit, person } = f;
    const context = f.context;
    if (!context) throw new AppError('YB_ERR_VISIT_NOT_FOUND');
    if (!context.category) throw new AppError('YB_ERR_NOT_ENROLLED');
    const serviceDate = visit.end_date ?? visit.begin_date;
    // Cross-region care: the care region's catalogue (looked up at upload), the insured region's policy.
    const policy = await this.policies.forClaim(
      visit.insured_region_code,
      visit.insurance_type,
      serviceDate,
      tx,
    );
    const year = accumulatorYear(serviceDate, policy.accumulatorYearStartMonth);
    const lines = f.lines ?? [];
    if (lines.length === 0) throw new AppError('YB_ERR_NO_LINES');
    const accumulators: Record<string, number> = {};
    for (const [y, key, value] of f.accumulators ?? []) if (y === year) accumulators[key] = value;
    const accounts: { owner: string; balance: Fen }[] = [];
    const accountOwners = new Map<string, number>();
    if (useAccount) {
      const balances = new Map(f.accounts ?? []);
      for (const id of f.ownerIds ?? []) {
        const balance = balances.get(id);
        if (balance === undefined) continue;
        const owner = id === person.id ? 'self' : `person:${id}`;
        accounts.push({ owner, balance: fen(balance) });
        accountOwners.set(owner, id);
      }
    }
    const claim: Claim = {
      benefit: visit.benefit as BenefitKind,
      serviceDate,
      institutionLevel: context.level ?? 0,
      person: {
        category: context.category,
        age: ageOn(person.birth_date, visit.begin_date),
        sex: person.sex,
        crossRegion: visit.cross_region as CrossRegionStatus,
        assistanceCategories: visit.assistance_categories,
        flags: visit.flags,
      },
      lines: lines.map(
        (l): FeeLine => ({
          lineNo: l.line_no,
          code: l.code,
          name: l.name,
          quantity10k: l.quantity10k,
          unitPrice: fen(l.unit_price),
          itemClass: l.item_class as FeeLine['itemClass'],
          ...(l.first_self_pay_bp !== null
            ? { firstSelfPay: l.first_self_pay_bp as FeeLine['firstSelfPay'] & number }
            : {}),
          ...(l.payment_standard !== null ? { paymentStandard: fen(l.payment_standard) } : {}),
          ...(l.special_class ? { specialClass: l.special_class } : {}),
          negotiated: l.negotiated,
          ...(l.service_category ? { serviceCategory: l.service_category } : {}),
          restrictions: l.restrictions as FeeLine['restrictions'] & object,
        }),
      ),
      useAccount,
    };
    return {
      visit,
      policy,
      claim,
      state: { accumulators, accounts },
      year,
      accountOwners,
      institutionName: context.name,
    };
  }

  private run(loaded: Loaded): Breakdown {
    const r = settle(loaded.policy, loaded.claim, loaded.state);
    if (!r.ok) throw new AppError(r.code, { detail: r.reason });
    return r.breakdown;
  }

  /** Pre-settlement (预结算): the same computation as settlement, with no side effects. */
  async preSettle(
    actor: Actor,
    visitId: number,
    options: { useAccount?: boolean } = {},
    executor: Executor = this.db,
  ): Promise<PreSettlement> {
    const useAccount = options.useAccount ?? false;
    const f = await this.fetch(executor, visitId, null, useAccount);
    const { visit } = f;
    VisitService.assertMayAct(actor, { id: visit.institution_id, region_code: visit.region_code });
    if (visit.status !== 'open' && visit.status !== 'discharged')
      throw new AppError('YB_ERR_VISIT_STATE', { detail: visit.status });
    const loaded = await this.load(executor, f, useAccount);
    return {
      visitId,
      policyId: loaded.policy.id,
      policyName: loaded.policy.name,
      breakdown: plain(this.run(loaded)),
    };
  }

  /**
   * Settles a visit. The same key again returns the first settlement unchanged; the key with a
   * different request is refused. Inside a caller's transaction (`executor`) it settles there,
   * alone; otherwise it joins the next group (see the class comment).
   */
  async settle(
    actor: Actor,
    visitId: number,
    options: { clientKey: string; useAccount?: boolean },
    executor?: Executor,
  ): Promise<SettlementView> {
    if (!/^[\w.:-]{1,64}$/.test(options.clientKey ?? '')) {
      throw validationError([
        fieldProblem(
          'clientKey',
          'format',
          '业务流水号为 1–64 位字母数字',
          'The idempotency key must be 1–64 letters, digits or _.:-',
        ),
      ]);
    }
    const useAccount = options.useAccount ?? false;
    const request: SettleRequest = {
      actor,
      visitId,
      clientKey: options.clientKey,
      useAccount,
      requestHash: createHash('sha256').update(JSON.stringify({ visitId, useAccount })).digest('hex'),
    };
    if (executor) {
      const [outcome] = await this.settleGroup(executor, [request]);
      if (outcome && 'row' in outcome) return toView(outcome.row);
      throw outcome && 'error' in outcome ? outcome.error : new Error('a settlement alone was put off');
    }
    const row = await new Promise<SettlementRow>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject, alone: false, retried: false });
      this.pump();
    });
    return toView(row);
  }

  /**
   * Starts groups on the next turn of the event loop rather than at once: requests that arrive
   * in the same turn (answered callers asking again, requests read from other sockets) then
   * share a group instead of the first going alone.
   */
  private pump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.startGroups();
    });
  }

  /** Starts groups while fewer than `groups` are in flight and requests are waiting. */
  private startGroups(): void {
    while (this.inFlight < this.groups && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.runGroup(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /**
   * Takes the next group from the waiting requests, in arrival order: at most `groupSize`, no
   * two with one visit or one key, and a request that must go alone only by itself.
   */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    const visits = new Set<number>();
    const keys = new Set<string>();
    for (const w of this.waiting) {
      const fits =
        group.length < this.groupSize &&
        !(group.length > 0 && (w.alone || group[0]!.alone)) &&
        !visits.has(w.request.visitId) &&
        !keys.has(w.request.clientKey);
      if (!fits) {
        rest.push(w);
        continue;
      }
      group.push(w);
      visits.add(w.request.visitId);
      keys.add(w.request.clientKey);
    }
    this.waiting.splice(0, this.waiting.length, ...rest);
    return group;
  }

  /** Settles a group in one transaction and answers its callers; what must wait goes first in line. */
  private async runGroup(group: Waiting[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.inTransaction(group.map((w) => w.request));
    } catch (error) {
      if (group.length > 1) {
        // Nothing of the group was written: each tries again alone, so only a bad one fails.
        for (const w of group) w.alone = true;
        this.waiting.unshift(...group);
        return;
      }
      const w = group[0]!;
      if (!w.retried && RETRYABLE.has(String((error as { code?: unknown }).code))) {
        // Another request took the key first (or a lock cycle was broken): the next load sees it.
        w.retried = true;
        this.waiting.unshift(w);
        return;
      }
      w.reject(error);
      return;
    }
    const later: Waiting[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const w = group[i]!;
      if ('row' in outcome) w.resolve(outcome.row);
      else if ('error' in outcome) w.reject(outcome.error);
      else later.push(w);
    }
    this.waiting.unshift(...later);
  }

  /** Settles a group in a transaction of its own: begun with the load and committed with the write. */
  private inTransaction(group: readonly SettleRequest[]): Promise<Outcome[]> {
    if (!this.combineStatements) return this.db.transaction().execute((tx) => this.settleGroup(tx, group));
    return this.db.connection().execute(async (conn) => {
      try {
        return await this.settleGroup(conn, group, true);
      } catch (error) {
        // begun, and not committed: the load, a read in between, the write or the commit failed
        await sql`rollback`.execute(conn).catch(() => {});
        throw error;
      }
    });
  }

  /**
   * Loads the group under locks (visits, persons, accounts, each by id), runs the engine per
   * claim and writes every settlement in one statement. A request refused on its own merits
   * gets its error; one whose person or accounts an earlier request of the group already uses
   * is put off to a later group, since the engine must see the state after the earlier one.
   */
  private async settleGroup(
    tx: Executor,
    group: readonly SettleRequest[],
    /** begin with the load and commit with the write (see `combineStatements`) */
    combined = false,
  ): Promise<Outcome[]> {
    const { rows } = await callGroupFunction<(Fetched | null)[]>(
      tx,
      'yb_settle_load_many',
      JSON.stringify(
        group.map((g) => ({ visit_id: g.visitId, client_key: g.clientKey, use_account: g.useAccount })),
      ),
      combined ? 'begin' : null,
    );
    const docs = rows[0]!.r;
    const outcomes: Outcome[] = [];
    const taken = new Set<number>();
    /** computed, to be written: what yb_settle_write_many takes, and the view without the written columns */
    const pending: {
      index: number;
      write: unknown;
      row: Omit<SettlementRow, 'id' | 'setl_no' | 'settled_at' | 'clearing_status'>;
    }[] = [];
    for (const [index, request] of group.entries()) {
      try {
        const f = fetched(docs[index] ?? null);
        const { visit, person } = f;
        VisitService.assertMayAct(request.actor, {
          id: visit.institution_id,
          region_code: visit.region_code,
        });
        if (f.existing) {
          if (f.existing.request_hash !== request.requestHash)
            throw new AppError('YB_ERR_IDEMPOTENCY_CONFLICT');
          outcomes.push({
            row: await this.withNames(tx).where('s.id', '=', f.existing.id).executeTakeFirstOrThrow(),
          });
          continue;
        }
        VisitService.assertSettleable(visit);
        const touches = [person.id, ...(request.useAccount ? (f.ownerIds ?? []) : [])];
        if (touches.some((id) => taken.has(id))) {
          outcomes.push({ later: true });
          continue;
        }
        for (const id of touches) taken.add(id);
        const loaded = await this.load(tx, f, request.useAccount);
        const b = this.run(loaded);
        // What the settlement row records, written by yb_settle_write_many and returned as the view.
        const fields = {
          client_key: request.clientKey,
          request_hash: request.requestHash,
          policy_id: loaded.policy.id,
          total: b.total,
          fund_total: b.fundTotal,
          person_total: b.personTotal,
          personal_account: b.personalAccount,
          cash: b.cash,
          settled_by: request.actor.username,
        };
        const ledger = ledgerChanges(b, loaded.accountOwners, 1);
        const write = {
          ...fields,
          prefix: `${visit.region_code}${serviceDay(visit)}`,
          visit_id: visit.id,
          breakdown: b,
          inputs: { claim: loaded.claim, state: loaded.state },
          clearing_status: visit.region_code === visit.insured_region_code ? 'none' : 'pending',
          year: loaded.year,
          postings: postingsFor(0, visit, b, loaded.accountOwners, 'settle').map((p) => ({
            account: p.account,
            amount: p.amount,
          })),
          accumulators: ledger.accumulators,
          accounts: ledger.accounts,
        };
        // The settlement row itself records who settled what and when; no separate history row.
        // The view is built from what was written; reading back the jsonb columns would cost more.
        pending.push({
          index,
          write,
          row: {
            ...fields,
            region_code: visit.region_code,
            insured_region_code: visit.insured_region_code,
            visit_id: visit.id,
            person_id: visit.person_id,
            institution_id: visit.institution_id,
            status: 'settled' as const,
            breakdown: b,
            inputs: null,
            reversed_at: null,
            reversed_by: null,
            reverse_reason: null,
            person_name: person.name,
            institution_name: loaded.institutionName,
            med_type: visit.med_type,
          },
        });
        outcomes.push({ later: true }); // replaced below once written
      } catch (error) {
        outcomes.push({ error });
      }
    }
    if (pending.length === 0) {
      if (combined) await sql`commit`.execute(tx);
    } else {
      const { rows: out } = await callGroupFunction<
        {
          visit_id: number;
          id: number;
          setl_no: string;
          settled_at: string;
          clearing_status: 'none' | 'pending';
        }[]
      >(tx, 'yb_settle_write_many', JSON.stringify(pending.map((p) => p.write)), combined ? 'commit' : null);
      const byVisit = new Map(out[0]!.r.map((w) => [w.visit_id, w]));
      for (const { index, row } of pending) {
        const w = byVisit.get(row.visit_id)!;
        outcomes[index] = {
          row: {
            ...row,
            id: w.id,
            setl_no: w.setl_no,
            clearing_status: w.clearing_status,
            settled_at: new Date(w.settled_at),
          },
        };
      }
    }
    return outcomes;
  }

  /** Reverses a settlement (撤销): restores accumulators and balances exactly and writes opposite postings. */
  async reverse(
    actor: Actor,
    settlementId: number,
    input: { reason: string },
    executor?: Executor,
  ): Promise<SettlementView> {
    if (!input.reason?.trim())
      throw validationError([fieldProblem('reason', 'required', '请填写撤销原因', 'A reason is required')]);
    const work = async (tx: Executor) => {
      const head = await tx
        .selectFrom('settlements')
        .select(['visit_id', 'institution_id', 'region_code'])
        .where('id', '=', settlementId)
        .executeTakeFirst();
      if (!head) throw new AppError('YB_ERR_SETTLEMENT_NOT_FOUND');
      VisitService.assertMayAct(actor, { id: head.institution_id, region_code: head.region_code });
      const visit = await tx
        .selectFrom('visits')
        .selectAll()
        .where('id', '=', head.visit_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await tx.selectFrom('persons').select('id').where('id', '=', visit.person_id).forUpdate().execute();
      const s = await tx
        .selectFrom('settlements')
        .selectAll()
        .where('id', '=', settlementId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (s.status === 'reversed') return; // reversing twice changes nothing
      const b = s.breakdown as Breakdown;
      const policy = await this.policies.forClaim(
        s.insured_region_code,
        visit.insurance_type,
        visit.end_date ?? visit.begin_date,
        tx,
      );
      const year = accumulatorYear(visit.end_date ?? visit.begin_date, policy.accumulatorYearStartMonth);
      const owners = new Map<string, number>();
      for (const p of b.accountPayments)
        owners.set(p.owner, p.owner === 'self' ? s.person_id : Number(p.owner.slice('person:'.length)));
      if (owners.size) {
        await tx
          .selectFrom('personal_accounts')
          .select('person_id')
          .where('person_id', 'in', [...owners.values()])
          .orderBy('person_id')
          .forUpdate()
          .execute();
      }
      await tx
        .insertInto('postings')
        .values(postingsFor(s.id, visit, b, owners, 'reverse'))
        .execute();
      await undoLedger(tx, s.person_id, year, s.insured_region_code, ledgerChanges(b, owners, -1));
      await tx
        .updateTable('settlements')
        .set({
          status: 'reversed',
          reversed_at: new Date(),
          reversed_by: actor.username,
          reverse_reason: input.reason.trim(),
        })
        .where('id', '=', s.id)
        .execute();
      await tx
        .updateTable('visits')
        .set({ status: visit.end_date ? 'discharged' : 'open', updated_at: new Date() })
        .where('id', '=', visit.id)
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'settlement',
        entityId: s.id,
        regionCode: s.region_code,
        action: 'reverse',
        before: { status: 'settled' },
        after: { status: 'reversed', reason: input.reason.trim() },
      });
    };
    if (executor) await work(executor);
    else await this.db.transaction().execute(work);
    return this.get(actor, settlementId, executor);
  }

  /** The data of a printed settlement slip (结算单), checked like reading the settlement. */
  async slip(actor: Actor, id: number): Promise<SettlementSlip> {
    const view = await this.get(actor, id);
    const row = await this.db
      .selectFrom('settlements as s')
      .innerJoin('visits as v', 'v.id', 's.visit_id')
      .innerJoin('persons as p', 'p.id', 's.person_id')
      .innerJoin('institutions as i', 'i.id', 's.institution_id')
      .leftJoin('regions as cr', 'cr.code', 's.region_code')
      .leftJoin('regions as ir', 'ir.code', 's.insured_region_code')
      .select([
        'v.insurance_type',
        'v.med_type',
        'v.begin_date',
        'v.end_date',
        'p.name as person_name',
        'p.certno',
        'p.psn_no',
        'i.name as institution_name',
        'i.code as institution_code',
        'i.level',
        'i.level_grade',
        'cr.name as care_region_name',
        'ir.name as insured_region_name',
      ])
      .where('s.id', '=', id)
      .executeTakeFirstOrThrow();
    const lines = await this.db
      .selectFrom('fee_lines')
      .selectAll()
      .where('visit_id', '=', view.visitId)
      .where('status', '=', 'active')
      .orderBy('line_no')
      .execute();
    const byLine = new Map(view.breakdown.lines.map((l) => [l.lineNo, l]));
    return {
      setlNo: view.setlNo,
      settledAt: view.settledAt,
      status: view.status,
      reversedAt: view.reversedAt,
      policyId: view.policyId,
      institution: {
        name: row.institution_name,
        code: row.institution_code,
        level: institutionLevelLabel(row.level, row.level_grade),
      },
      person: { name: row.person_name, certno: row.certno, psnNo: row.psn_no },
      insuranceTypeName: INSURANCE_TYPE_NAMES[row.insurance_type as InsuranceType]?.zh ?? row.insurance_type,
      medTypeName: MED_TYPE_NAMES[row.med_type] ?? row.med_type,
      beginDate: row.begin_date,
      endDate: row.end_date,
      regionName: row.care_region_name ?? view.regionCode,
      insuredRegionName: row.insured_region_name ?? view.insuredRegionCode,
      crossRegion: view.regionCode !== view.insuredRegionCode,
      lines: lines
        .filter((l) => byLine.has(l.line_no))
        .map((l) => {
          const b = byLine.get(l.line_no)!;
          return {
            lineNo: l.line_no,
            code: l.code,
            name: l.name,
            quantity: formatQuantity(l.quantity10k),
            unitPrice: fen(l.unit_price),
            amount: b.amount,
            fullSelfPay: b.fullSelfPay,
            firstSelfPay: b.firstSelfPay,
            overLimitSelfPay: b.overLimitSelfPay,
            inScope: b.inScope,
          };
        }),
      breakdown: view.breakdown as Breakdown,
    };
  }

  /**
   * Everything needed to recompute a settlement offline with `yibao calc`: the policy document,
   * the claim (as a claim document) and the year-to-date state the engine saw.
   */
  async replay(
    actor: Actor,
    id: number,
  ): Promise<{ policy: unknown; claim: unknown; state: unknown; breakdown: Plain<Breakdown> }> {
    const view = await this.get(actor, id);
    const row = await this.db
      .selectFrom('settlements')
      .select(['inputs', 'policy_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const inputs = row.inputs as { claim: Claim; state: SettlementState };
    return {
      policy: await this.policies.document(row.policy_id),
      claim: claimToDocument(inputs.claim),
      state: inputs.state,
      breakdown: view.breakdown,
    };
  }

  /** Settlements with the names lists show: the person, the institution and the medical type. */
  private withNames(executor: Executor) {
    return executor
      .selectFrom('settlements as s')
      .innerJoin('persons as p', 'p.id', 's.person_id')
      .innerJoin('institutions as i', 'i.id', 's.institution_id')
      .innerJoin('visits as v', 'v.id', 's.visit_id')
      .selectAll('s')
      .select(['p.name as person_name', 'i.name as institution_name', 'v.med_type']);
  }

  async get(actor: Actor, id: number, executor: Executor = this.db): Promise<SettlementView> {
    const s = await this.withNames(executor).where('s.id', '=', id).executeTakeFirst();
    if (!s) throw new AppError('YB_ERR_SETTLEMENT_NOT_FOUND');
    if (actor.role === 'insured') {
      if (actor.personId !== s.person_id) throw new AppError('YB_ERR_FORBIDDEN');
    } else VisitService.assertMayAct(actor, { id: s.institution_id, region_code: s.region_code });
    return toView(s);
  }

  async list(
    actor: Actor,
    q: PageQuery & { personId?: number; institutionId?: number; status?: string },
  ): Promise<Page<SettlementView>> {
    const { page, pageSize, offset } = pageBounds(q);
    let query = this.withNames(this.db);
    if (actor.role === 'insured') query = query.where('s.person_id', '=', actor.personId ?? -1);
    else if (actor.role === 'institution_operator')
      query = query.where('s.institution_id', '=', actor.institutionId ?? -1);
    else if (actor.role === 'employer_clerk') throw new AppError('YB_ERR_FORBIDDEN');
    else if (actor.role !== 'admin' && actor.role !== 'system') {
      query = query.where((eb) =>
        eb.or(actor.regionCodes.map((r) => eb('s.region_code', 'like', `${regionPrefix(r)}%`))),
      );
    }
    if (q.personId) query = query.where('s.person_id', '=', q.personId);
    if (q.institutionId) query = query.where('s.institution_id', '=', q.institutionId);
    if (q.status) query = query.where('s.status', '=', q.status as 'settled' | 'reversed');
    const [rows, count] = await Promise.all([
      query.orderBy('s.id', 'desc').limit(pageSize).offset(offset).execute(),
      query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toView), total: Number(count.n), page, pageSize };
  }
}

/** A `yb_settle_read` document with the visit's timestamps as dates; a missing visit is refused. */
function fetched(r: Fetched | null): Fetched {
  if (!r) throw new AppError('YB_ERR_VISIT_NOT_FOUND');
  const v = r.visit as Selectable<VisitTable> & { created_at: unknown; updated_at: unknown };
  return {
    ...r,
    visit: { ...v, created_at: new Date(String(v.created_at)), updated_at: new Date(String(v.updated_at)) },
  };
}

function serviceDay(visit: Selectable<VisitTable>): string {
  return (visit.end_date ?? visit.begin_date).replaceAll('-', '');
}

/**
 * Double entry for one settlement. The institution's claim (credit, the total) is met by each
 * fund's payable to it, the accounts drawn and the person's cash (debits). A reversal writes the
 * same rows with opposite signs, so every balance is a sum of postings.
 */
export function postingsFor(
  settlementId: number,
  visit: Selectable<VisitTable>,
  b: Breakdown,
  owners: ReadonlyMap<string, number>,
  kind: 'settle' | 'reverse',
) {
  const sign = kind === 'settle' ? 1 : -1;
  const rows: {
    settlement_id: number;
    region_code: string;
    kind: 'settle' | 'reverse';
    account: string;
    amount: number;
  }[] = [];
  const post = (account: string, amount: number) => {
    if (amount !== 0)
      rows.push({
        settlement_id: settlementId,
        region_code: visit.region_code,
        kind,
        account,
        amount: sign * amount,
      });
  };
  post(`institution:${visit.institution_id}:claims`, -b.total);
  for (const p of b.payers) post(`fund:${visit.insured_region_code}:${p.payer}`, p.amount);
  for (const a of b.accountPayments) post(`personalAccount:${owners.get(a.owner) ?? a.owner}`, a.amount);
  post(`cash:person:${visit.person_id}`, b.cash);
  return rows;
}

/**
 * What a settlement (sign 1) or its reversal (sign −1) changes besides postings: the
 * accumulators (the engine's changes without the `account.` keys and zeros) and each account
 * owner's balance.
 */
export function ledgerChanges(b: Breakdown, owners: ReadonlyMap<string, number>, sign: 1 | -1) {
  return {
    accumulators: Object.entries(b.accumulators)
      .filter(([key, value]) => !key.startsWith('account.') && value !== 0)
      .map(([key, value]) => ({ key, value: sign * value })),
    accounts: [...owners]
      .map(([owner, personId]) => ({
        person_id: personId,
        change: sign * (b.accumulators[`account.${owner}`] ?? 0),
      }))
      .filter((a) => a.change !== 0),
  };
}

/** Applies a reversal's ledger changes; accumulators back at zero are removed (absent = zero). */
async function undoLedger(
  tx: Executor,
  personId: number,
  year: number,
  regionCode: string,
  changes: ReturnType<typeof ledgerChanges>,
): Promise<void> {
  if (changes.accumulators.length) {
    await tx
      .insertInto('accumulators')
      .values(changes.accumulators.map((c) => ({ ...c, person_id: personId, year, region_code: regionCode })))
      .onConflict((oc) =>
        oc
          .columns(['person_id', 'year', 'key'])
          .doUpdateSet((eb) => ({ value: eb('accumulators.value', '+', eb.ref('excluded.value')) })),
      )
      .execute();
    await tx
      .deleteFrom('accumulators')
      .where('person_id', '=', personId)
      .where('year', '=', year)
      .where('value', '=', 0)
      .execute();
  }
  for (const a of changes.accounts)
    await tx
      .updateTable('personal_accounts')
      .set((eb) => ({ balance: eb('balance', '+', a.change), updated_at: new Date() }))
      .where('person_id', '=', a.person_id)
      .execute();
}

interface Names {
  readonly person_name: string;
  readonly institution_name: string;
  readonly med_type: string;
}

function toView(s: Selectable<SettlementTable> & Names): SettlementView {
  return {
    id: s.id,
    setlNo: s.setl_no,
    visitId: s.visit_id,
    personId: s.person_id,
    personName: s.person_name,
    institutionName: s.institution_name,
    medType: s.med_type,
    institutionId: s.institution_id,
    regionCode: s.region_code,
    insuredRegionCode: s.insured_region_code,
    policyId: s.policy_id,
    status: s.status,
    total: s.total,
    fundTotal: s.fund_total,
    personTotal: s.person_total,
    personalAccount: s.personal_account,
    cash: s.cash,
    clearingStatus: s.clearing_status,
    settledAt: s.settled_at.toISOString(),
    settledBy: s.settled_by,
    reversedAt: s.reversed_at?.toISOString() ?? null,
    reversedBy: s.reversed_by,
    reverseReason: s.reverse_reason,
    breakdown: plain(s.breakdown as Breakdown),
  };
}
