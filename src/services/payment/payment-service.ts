import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { CreditPayment } from '../../domain/policy/policy.js';
import { regionPrefix } from '../../domain/registry/region-scope.js';
import type { Breakdown } from '../../domain/settlement/breakdown.js';
import type { Db, Executor } from '../../store/database.js';
import type { CreditDebtTable, PaymentOrderStatus, PaymentOrderTable } from '../../store/schema.js';
import { type Actor, SYSTEM_ACTOR } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import type { PolicyService } from '../settlement/policy-service.js';
import type { SettlementService } from '../settlement/settlement-service.js';
import { activeBasicEnrolment, VisitService } from '../settlement/visit-service.js';
import { type Plain, plain } from '../view.js';

/** Why a person may not settle on credit now; null when they may. */
export type CreditRefusal = 'notOffered' | 'category' | 'overdue' | 'limit';

export interface CreditOffer {
  readonly offered: boolean;
  /** null when credit is possible for any cash share up to `available` */
  readonly refusal: CreditRefusal | null;
  /** fen the person may still owe (policy maxCash minus open debts) */
  readonly available: number;
  readonly dueDays: number;
}

export interface PaymentOrderView {
  readonly id: number;
  readonly orderNo: string;
  readonly visitId: number;
  readonly personId: number;
  readonly personName: string;
  readonly institutionId: number;
  readonly institutionName: string;
  readonly medType: string;
  readonly regionCode: string;
  readonly policyId: string;
  readonly status: PaymentOrderStatus;
  readonly total: number;
  readonly fundShare: number;
  readonly personShare: number;
  /** what the personal account pays when the person chooses to use it */
  readonly accountShare: number;
  /** cash with the account used; without it the cash is the whole person share */
  readonly cashWithAccount: number;
  readonly breakdown: Plain<Breakdown>;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly repricedAt: string | null;
  readonly useAccount: boolean | null;
  readonly channel: 'online' | 'credit' | null;
  readonly paidAmount: number | null;
  readonly paidAt: string | null;
  readonly settlementId: number | null;
  readonly endedAt: string | null;
  /** on one order read by its person: whether 先诊疗后付费 is open to them */
  readonly credit?: CreditOffer;
}

export interface CreditDebtView {
  readonly id: number;
  readonly personId: number;
  readonly settlementId: number;
  readonly setlNo: string;
  readonly institutionName: string;
  readonly orderId: number | null;
  readonly amount: number;
  readonly dueDate: string;
  /** void: the settlement was reversed, so nothing is owed */
  readonly status: 'open' | 'paid' | 'void';
  readonly overdue: boolean;
  readonly createdAt: string;
  readonly paidAt: string | null;
}

export interface NotificationView {
  readonly id: number;
  readonly kind: string;
  readonly subject: string;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface SweepResult {
  readonly expired: number;
  readonly reminders: number;
  readonly overdueNotices: number;
}

export interface PaymentOptions {
  /** minutes a new order stays payable (YIBAO_PAYMENT_ORDER_TTL_MINUTES) */
  readonly orderTtlMinutes?: number;
}

type OrderRow = Selectable<PaymentOrderTable> & {
  person_name: string;
  institution_name: string;
  med_type: string;
};

/** The calendar day in China (UTC+8, no daylight saving) of an instant, yyyy-mm-dd. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A yyyy-mm-dd date plus days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Mobile payment (支付不见面) and credit payment (先诊疗后付费).
 *
 * An institution turns a pre-settlement into a payment order; the visit is then held
 * (`payment_pending`) so its lines cannot change and the counter cannot settle it. The person
 * confirms in the public hall: the visit is settled through `SettlementService.settle` in the
 * same transaction, with the order's own idempotency key, and the cash share is recorded as paid
 * online — or, where the policy offers credit, owed as a debt. An order nobody confirms expires
 * and releases the visit. Locks are taken order → visit → person everywhere.
 */
export class PaymentService {
  private readonly ttlMinutes: number;

  constructor(
    private readonly db: Db,
    private readonly settlements: SettlementService,
    private readonly policies: PolicyService,
    options: PaymentOptions = {},
  ) {
    this.ttlMinutes = options.orderTtlMinutes ?? 30;
  }

  /** Creates a payment order from a fresh pre-settlement and holds the visit. */
  async createOrder(
    actor: Actor,
    visitId: number,
    input: { ttlMinutes?: number } = {},
    at: Date = new Date(),
  ): Promise<PaymentOrderView> {
    const ttl = input.ttlMinutes ?? this.ttlMinutes;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 24 * 60)
      throw validationError([
        fieldProblem('ttlMinutes', 'range', '有效期应为 1–1440 分钟', 'ttlMinutes must be 1–1440'),
      ]);
    const id = await this.db.transaction().execute(async (tx) => {
      const visit = await tx
        .selectFrom('visits')
        .selectAll()
        .where('id', '=', visitId)
        .forUpdate()
        .executeTakeFirst();
      if (!visit) throw new AppError('YB_ERR_VISIT_NOT_FOUND');
      VisitService.assertMayAct(actor, { id: visit.institution_id, region_code: visit.region_code });
      VisitService.assertSettleable(visit);
      // With the account: the hall shows both splits (account used or not) from this one breakdown.
      const pre = await this.settlements.preSettle(actor, visitId, { useAccount: true }, tx);
      const b = pre.breakdown;
      const orderNo = `MP${chinaDate(at).replaceAll('-', '')}${randomBytes(5).toString('hex').toUpperCase()}`;
      const row = await tx
        .insertInto('payment_orders')
        .values({
          order_no: orderNo,
          region_code: visit.region_code,
          visit_id: visit.id,
          person_id: visit.person_id,
          institution_id: visit.institution_id,
          visit_status_before: visit.status,
          client_key: `mpay-${orderNo}`,
          policy_id: pre.policyId,
          total: b.total,
          fund_share: b.fundTotal,
          person_share: b.personTotal,
          account_share: b.personalAccount,
          breakdown: JSON.stringify(b),
          status: 'pending',
          expires_at: new Date(at.getTime() + ttl * 60_000),
          created_by: actor.username,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('visits')
        .set({ status: 'payment_pending', updated_at: new Date() })
        .where('id', '=', visit.id)
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'payment_order',
        entityId: row.id,
        regionCode: visit.region_code,
        action: 'create',
        before: null,
        after: { visit_id: visit.id, order_no: orderNo, person_share: b.personTotal },
      });
      return row.id;
    });
    return this.get(actor, id);
  }

  private withNames(executor: Executor) {
    return executor
      .selectFrom('payment_orders as o')
      .innerJoin('persons as p', 'p.id', 'o.person_id')
      .innerJoin('institutions as i', 'i.id', 'o.institution_id')
      .innerJoin('visits as v', 'v.id', 'o.visit_id')
      .selectAll('o')
      .select(['p.name as person_name', 'i.name as institution_name', 'v.med_type']);
  }

  private static assertMayRead(actor: Actor, o: Selectable<PaymentOrderTable>): void {
    if (actor.role === 'insured') {
      if (actor.personId !== o.person_id) throw new AppError('YB_ERR_FORBIDDEN');
    } else VisitService.assertMayAct(actor, { id: o.institution_id, region_code: o.region_code });
  }

  /** One order; an overdue pending order is expired first (lazily, on read). */
  async get(actor: Actor, id: number, at: Date = new Date()): Promise<PaymentOrderView> {
    let row = await this.withNames(this.db).where('o.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('YB_ERR_PAYMENT_ORDER_NOT_FOUND');
    PaymentService.assertMayRead(actor, row);
    if (row.status === 'pending' && row.expires_at <= at) {
      await this.db.transaction().execute((tx) => expireOrder(tx, id, at));
      row = await this.withNames(this.db).where('o.id', '=', id).executeTakeFirstOrThrow();
    }
    const view = toView(row);
    if (actor.role === 'insured' && row.status === 'pending')
      return { ...view, credit: await this.creditOffer(this.db, row.visit_id, at) };
    return view;
  }

  /** Orders an actor may see: a person's own, an institution's, or those in staff regions. */
  async list(
    actor: Actor,
    q: { visitId?: number; status?: PaymentOrderStatus; personId?: number } = {},
    at: Date = new Date(),
  ): Promise<{ items: PaymentOrderView[] }> {
    let query = this.withNames(this.db);
    if (actor.role === 'insured') query = query.where('o.person_id', '=', actor.personId ?? -1);
    else if (actor.role === 'institution_operator')
      query = query.where('o.institution_id', '=', actor.institutionId ?? -1);
    else if (actor.role === 'employer_clerk') throw new AppError('YB_ERR_FORBIDDEN');
    else if (actor.role !== 'admin' && actor.role !== 'system')
      query = query.where((eb) =>
        eb.or(actor.regionCodes.map((r) => eb('o.region_code', 'like', `${regionPrefix(r)}%`))),
      );
    if (q.visitId) query = query.where('o.visit_id', '=', q.visitId);
    if (q.personId) query = query.where('o.person_id', '=', q.personId);
    // expire what is overdue among these first, so the list never shows a dead order as payable
    const overdue = await query
      .clearSelect()
      .select('o.id')
      .where('o.status', '=', 'pending')
      .where('o.expires_at', '<=', at)
      .execute();
    for (const o of overdue) await this.db.transaction().execute((tx) => expireOrder(tx, o.id, at));
    if (q.status) query = query.where('o.status', '=', q.status);
    const rows = await query.orderBy('o.id', 'desc').limit(200).execute();
    return { items: rows.map(toView) };
  }

  /**
   * The person confirms and pays (支付不见面): settles the visit with the order's key in this
   * transaction. A second confirmation of a paid order returns it unchanged. If the amounts now
   * differ from those the person was shown (the year-to-date state or the account balance changed
   * since the pre-settlement), nothing is settled: the order takes the new amounts and the person
   * is asked to confirm again (YB_ERR_PAYMENT_FIGURES_CHANGED).
   */
  async confirm(
    actor: Actor,
    id: number,
    input: { useAccount?: boolean; method?: 'online' | 'credit' },
    at: Date = new Date(),
  ): Promise<PaymentOrderView> {
    const useAccount = input.useAccount ?? false;
    const method = input.method ?? 'online';
    const outcome = await this.db.transaction().execute(async (tx) => {
      const order = await this.lockOwnOrder(tx, actor, id);
      if (order.status === 'paid') return 'done' as const;
      if (order.status !== 'pending')
        throw new AppError('YB_ERR_PAYMENT_ORDER_STATE', { detail: order.status });
      if (order.expires_at <= at) {
        await expireOrder(tx, id, at);
        return 'expired' as const;
      }
      const visit = await tx
        .selectFrom('visits')
        .select(['id', 'status'])
        .where('id', '=', order.visit_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (visit.status !== 'payment_pending')
        throw new AppError('YB_ERR_VISIT_STATE', { detail: visit.status });
      await tx.selectFrom('persons').select('id').where('id', '=', order.person_id).forUpdate().execute();
      // The hold ends inside this transaction; if anything below fails it is rolled back with it.
      await setVisitStatus(tx, order.visit_id, order.visit_status_before);
      const onBehalf: Actor = { ...SYSTEM_ACTOR, username: `hall:${actor.username}` };
      const pre = (await this.settlements.preSettle(onBehalf, order.visit_id, { useAccount }, tx)).breakdown;
      if (
        pre.total !== order.total ||
        pre.fundTotal !== order.fund_share ||
        pre.personTotal !== order.person_share ||
        pre.personalAccount !== (useAccount ? order.account_share : 0)
      ) {
        const fresh = useAccount
          ? pre
          : (await this.settlements.preSettle(onBehalf, order.visit_id, { useAccount: true }, tx)).breakdown;
        await tx
          .updateTable('payment_orders')
          .set({
            total: fresh.total,
            fund_share: fresh.fundTotal,
            person_share: fresh.personTotal,
            account_share: fresh.personalAccount,
            breakdown: JSON.stringify(fresh),
            repriced_at: at,
          })
          .where('id', '=', id)
          .execute();
        await setVisitStatus(tx, order.visit_id, 'payment_pending');
        return 'repriced' as const;
      }
      let credit: CreditPayment | null = null;
      if (method === 'credit') {
        const offer = await this.creditOfferFor(tx, order.visit_id, at);
        if (!offer.policy || offer.refusal || pre.cash > offer.available)
          throw new AppError('YB_ERR_CREDIT_NOT_ELIGIBLE', { detail: offer.refusal ?? 'limit' });
        credit = offer.policy;
      }
      const s = await this.settlements.settle(
        onBehalf,
        order.visit_id,
        { clientKey: order.client_key, useAccount },
        tx,
      );
      await tx
        .updateTable('payment_orders')
        .set({
          status: 'paid',
          use_account: useAccount,
          channel: method,
          paid_amount: method === 'online' ? s.cash : 0,
          paid_at: at,
          settlement_id: s.id,
          ended_at: at,
          ended_by: actor.username,
        })
        .where('id', '=', id)
        .execute();
      if (credit && s.cash > 0) {
        const due = addDays(chinaDate(at), credit.dueDays);
        await tx
          .insertInto('credit_debts')
          .values({
            region_code: order.region_code,
            person_id: order.person_id,
            settlement_id: s.id,
            order_id: id,
            institution_id: order.institution_id,
            amount: s.cash,
            due_date: due,
            remind_on: addDays(due, -credit.remindDaysBefore),
            status: 'open',
          })
          .execute();
      }
      return 'done' as const;
    });
    if (outcome === 'expired') throw new AppError('YB_ERR_PAYMENT_ORDER_EXPIRED');
    if (outcome === 'repriced') throw new AppError('YB_ERR_PAYMENT_FIGURES_CHANGED');
    return this.get(actor, id, at);
  }

  /** The person declines the order; the visit goes back to the counter. */
  async decline(actor: Actor, id: number, at: Date = new Date()): Promise<PaymentOrderView> {
    return this.end(actor, id, 'declined', at);
  }

  /** The institution withdraws the order (e.g. to settle at the counter after all). */
  async cancel(actor: Actor, id: number, at: Date = new Date()): Promise<PaymentOrderView> {
    return this.end(actor, id, 'cancelled', at);
  }

  private async end(
    actor: Actor,
    id: number,
    status: 'declined' | 'cancelled',
    at: Date,
  ): Promise<PaymentOrderView> {
    const outcome = await this.db.transaction().execute(async (tx) => {
      const order =
        status === 'declined'
          ? await this.lockOwnOrder(tx, actor, id)
          : await tx
              .selectFrom('payment_orders')
              .selectAll()
              .where('id', '=', id)
              .forUpdate()
              .executeTakeFirst();
      if (!order) throw new AppError('YB_ERR_PAYMENT_ORDER_NOT_FOUND');
      if (status === 'cancelled')
        VisitService.assertMayAct(actor, { id: order.institution_id, region_code: order.region_code });
      if (order.status === status) return 'done' as const;
      if (order.status !== 'pending')
        throw new AppError('YB_ERR_PAYMENT_ORDER_STATE', { detail: order.status });
      if (order.expires_at <= at) {
        await expireOrder(tx, id, at);
        return 'done' as const;
      }
      await tx
        .updateTable('payment_orders')
        .set({ status, ended_at: at, ended_by: actor.username })
        .where('id', '=', id)
        .execute();
      await releaseVisit(tx, order.visit_id, order.visit_status_before);
      await recordHistory(tx, actor, {
        entityType: 'payment_order',
        entityId: id,
        regionCode: order.region_code,
        action: status,
        before: { status: 'pending' },
        after: { status },
      });
      return 'done' as const;
    });
    void outcome;
    return this.get(actor, id, at);
  }

  private async lockOwnOrder(tx: Executor, actor: Actor, id: number) {
    const order = await tx
      .selectFrom('payment_orders')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!order) throw new AppError('YB_ERR_PAYMENT_ORDER_NOT_FOUND');
    if (actor.role !== 'insured' || actor.personId !== order.person_id)
      throw new AppError('YB_ERR_FORBIDDEN');
    return order;
  }

  private async creditOffer(executor: Executor, visitId: number, at: Date): Promise<CreditOffer> {
    const { policy: _policy, ...offer } = await this.creditOfferFor(executor, visitId, at);
    return offer;
  }

  /** Whether the visit's person may settle on credit under their insured region's policy. */
  private async creditOfferFor(
    executor: Executor,
    visitId: number,
    at: Date,
  ): Promise<CreditOffer & { policy: CreditPayment | null }> {
    const visit = await executor
      .selectFrom('visits')
      .select(['person_id', 'insured_region_code', 'insurance_type', 'begin_date', 'end_date'])
      .where('id', '=', visitId)
      .executeTakeFirstOrThrow();
    const policy = await this.policies.forClaim(
      visit.insured_region_code,
      visit.insurance_type,
      visit.end_date ?? visit.begin_date,
      executor,
    );
    const credit = policy.creditPayment;
    if (!credit) return { offered: false, refusal: 'notOffered', available: 0, dueDays: 0, policy: null };
    const base = { offered: true, dueDays: credit.dueDays, policy: credit };
    if (credit.categories) {
      const enrolment = await activeBasicEnrolment(executor, visit.person_id, visit.begin_date);
      if (!enrolment || !credit.categories.includes(enrolment.category))
        return { ...base, refusal: 'category', available: 0 };
    }
    // a debt of a reversed settlement is owed no more
    const open = await executor
      .selectFrom('credit_debts as d')
      .innerJoin('settlements as s', 's.id', 'd.settlement_id')
      .select(['d.amount', 'd.due_date'])
      .where('d.person_id', '=', visit.person_id)
      .where('d.status', '=', 'open')
      .where('s.status', '=', 'settled')
      .execute();
    const today = chinaDate(at);
    if (open.some((d) => d.due_date < today)) return { ...base, refusal: 'overdue', available: 0 };
    const owed = open.reduce((sum, d) => sum + Number(d.amount), 0);
    const available = Math.max(0, credit.maxCash - owed);
    return { ...base, refusal: null, available };
  }

  /** The person's credit debts (先诊疗后付费 待还款), newest first. */
  async listDebts(actor: Actor, at: Date = new Date()): Promise<{ items: CreditDebtView[] }> {
    if (actor.role !== 'insured' || !actor.personId) throw new AppError('YB_ERR_FORBIDDEN');
    const rows = await this.debtQuery(this.db)
      .where('d.person_id', '=', actor.personId)
      .orderBy('d.id', 'desc')
      .execute();
    const today = chinaDate(at);
    return { items: rows.map((r) => toDebtView(r, today)) };
  }

  private debtQuery(executor: Executor) {
    return executor
      .selectFrom('credit_debts as d')
      .innerJoin('settlements as s', 's.id', 'd.settlement_id')
      .innerJoin('institutions as i', 'i.id', 'd.institution_id')
      .selectAll('d')
      .select(['s.setl_no', 's.status as settlement_status', 'i.name as institution_name']);
  }

  /** Pays a debt online; paying a paid debt again changes nothing. */
  async payDebt(actor: Actor, id: number, at: Date = new Date()): Promise<CreditDebtView> {
    await this.db.transaction().execute(async (tx) => {
      const debt = await tx
        .selectFrom('credit_debts')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!debt) throw new AppError('YB_ERR_DEBT_NOT_FOUND');
      if (actor.role !== 'insured' || actor.personId !== debt.person_id)
        throw new AppError('YB_ERR_FORBIDDEN');
      if (debt.status === 'paid') return;
      const settlement = await tx
        .selectFrom('settlements')
        .select('status')
        .where('id', '=', debt.settlement_id)
        .executeTakeFirstOrThrow();
      if (settlement.status === 'reversed')
        throw new AppError('YB_ERR_STATE', { detail: 'settlement reversed' });
      await tx
        .updateTable('credit_debts')
        .set({ status: 'paid', paid_at: at, paid_channel: 'online' })
        .where('id', '=', id)
        .execute();
    });
    const row = await this.debtQuery(this.db).where('d.id', '=', id).executeTakeFirstOrThrow();
    return toDebtView(row, chinaDate(at));
  }

  /** The person's notices (reminders of debts due and overdue), newest first. */
  async listNotifications(actor: Actor): Promise<{ items: NotificationView[] }> {
    if (actor.role !== 'insured' || !actor.personId) throw new AppError('YB_ERR_FORBIDDEN');
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('person_id', '=', actor.personId)
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    return {
      items: rows.map((n) => ({
        id: Number(n.id),
        kind: n.kind,
        subject: n.subject,
        titleZh: n.title_zh,
        titleEn: n.title_en,
        createdAt: n.created_at.toISOString(),
        readAt: n.read_at?.toISOString() ?? null,
      })),
    };
  }

  /**
   * The periodic sweep (server interval, `yibao payments sweep`): expires overdue orders and
   * releases their visits, and writes debt reminders — once per debt and kind, so running it
   * again, or from two processes, writes nothing twice.
   */
  async sweep(at: Date = new Date()): Promise<SweepResult> {
    const due = await this.db
      .selectFrom('payment_orders')
      .select('id')
      .where('status', '=', 'pending')
      .where('expires_at', '<=', at)
      .orderBy('id')
      .execute();
    let expired = 0;
    for (const o of due)
      if (await this.db.transaction().execute((tx) => expireOrder(tx, o.id, at))) expired++;
    const today = chinaDate(at);
    const open = await this.db
      .selectFrom('credit_debts as d')
      .innerJoin('settlements as s', 's.id', 'd.settlement_id')
      .select(['d.id', 'd.region_code', 'd.person_id', 'd.amount', 'd.due_date'])
      .where('d.status', '=', 'open')
      .where('s.status', '=', 'settled')
      .where('d.remind_on', '<=', today)
      .orderBy('d.id')
      .execute();
    const yuan = (f: number) => `${Math.trunc(f / 100)}.${String(f % 100).padStart(2, '0')}`;
    const notices = open.map((d) =>
      d.due_date < today
        ? {
            region_code: d.region_code,
            person_id: d.person_id,
            kind: 'debtOverdue',
            subject: `debt:${d.id}`,
            title_zh: `先诊疗后付费欠款 ${yuan(Number(d.amount))} 元已逾期（应于 ${d.due_date} 前还款），还清前不能再使用信用支付`,
            title_en: `Credit payment of ${yuan(Number(d.amount))} yuan is overdue (due ${d.due_date}); no new credit until it is paid`,
          }
        : {
            region_code: d.region_code,
            person_id: d.person_id,
            kind: 'debtDue',
            subject: `debt:${d.id}`,
            title_zh: `先诊疗后付费待还款 ${yuan(Number(d.amount))} 元，请于 ${d.due_date} 前还款`,
            title_en: `Credit payment of ${yuan(Number(d.amount))} yuan is due by ${d.due_date}`,
          },
    );
    const written = notices.length
      ? await this.db
          .insertInto('notifications')
          .values(notices)
          .onConflict((oc) => oc.columns(['kind', 'subject']).doNothing())
          .returning('kind')
          .execute()
      : [];
    return {
      expired,
      reminders: written.filter((w) => w.kind === 'debtDue').length,
      overdueNotices: written.filter((w) => w.kind === 'debtOverdue').length,
    };
  }
}

async function setVisitStatus(
  tx: Executor,
  visitId: number,
  status: 'open' | 'discharged' | 'payment_pending',
): Promise<void> {
  await tx.updateTable('visits').set({ status, updated_at: new Date() }).where('id', '=', visitId).execute();
}

/** Ends the hold on a visit: back to the status it had, only if it is still held. */
async function releaseVisit(tx: Executor, visitId: number, status: 'open' | 'discharged'): Promise<void> {
  await tx
    .updateTable('visits')
    .set({ status, updated_at: new Date() })
    .where('id', '=', visitId)
    .where('status', '=', 'payment_pending')
    .execute();
}

/**
 * Expires one order if it is still pending and past its time, and releases its visit. The
 * conditional update waits for a confirmation holding the row and then finds it no longer
 * pending, so expiry and confirmation never both win. Returns whether this call expired it.
 */
export async function expireOrder(tx: Executor, id: number, at: Date): Promise<boolean> {
  const row = await tx
    .updateTable('payment_orders')
    .set({ status: 'expired', ended_at: at, ended_by: 'system' })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', at)
    .returning(['visit_id', 'visit_status_before'])
    .executeTakeFirst();
  if (!row) return false;
  await releaseVisit(tx, row.visit_id, row.visit_status_before);
  return true;
}

function toView(o: OrderRow): PaymentOrderView {
  return {
    id: o.id,
    orderNo: o.order_no,
    visitId: o.visit_id,
    personId: o.person_id,
    personName: o.person_name,
    institutionId: o.institution_id,
    institutionName: o.institution_name,
    medType: o.med_type,
    regionCode: o.region_code,
    policyId: o.policy_id,
    status: o.status,
    total: Number(o.total),
    fundShare: Number(o.fund_share),
    personShare: Number(o.person_share),
    accountShare: Number(o.account_share),
    cashWithAccount: Number(o.person_share) - Number(o.account_share),
    breakdown: plain(o.breakdown as Breakdown),
    expiresAt: o.expires_at.toISOString(),
    createdAt: o.created_at.toISOString(),
    createdBy: o.created_by,
    repricedAt: o.repriced_at?.toISOString() ?? null,
    useAccount: o.use_account,
    channel: o.channel,
    paidAmount: o.paid_amount === null ? null : Number(o.paid_amount),
    paidAt: o.paid_at?.toISOString() ?? null,
    settlementId: o.settlement_id,
    endedAt: o.ended_at?.toISOString() ?? null,
  };
}

function toDebtView(
  d: Selectable<CreditDebtTable> & { setl_no: string; settlement_status: string; institution_name: string },
  today: string,
): CreditDebtView {
  const status = d.status === 'open' && d.settlement_status === 'reversed' ? 'void' : d.status;
  return {
    id: d.id,
    personId: d.person_id,
    settlementId: d.settlement_id,
    setlNo: d.setl_no,
    institutionName: d.institution_name,
    orderId: d.order_id,
    amount: Number(d.amount),
    dueDate: d.due_date,
    status,
    overdue: status === 'open' && d.due_date < today,
    createdAt: d.created_at.toISOString(),
    paidAt: d.paid_at?.toISOString() ?? null,
  };
}
