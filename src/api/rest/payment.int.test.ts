import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { type Actor, SYSTEM_ACTOR } from '../../services/actor.js';
import { addDays, chinaDate } from '../../services/payment/payment-service.js';

/**
 * Mobile payment (支付不见面) and credit payment (先诊疗后付费) through the REST API and the
 * payment service, on the demo database under test policies effective 2026-11-01 (deductible
 * 200 yuan a year, then 60 %; credit up to 100 yuan, due in 10 days, reminded 3 days before).
 */
let t: TestApp;
let hospital: string;
let insured: string;
let hospitalId: number;
let insuredPersonId: number;
let drug: { code: string; paymentStandard: number };
const DATE = '2026-11-10';

const policy = (insuranceType: '310' | '390') => ({
  id: `test-pay-370300-${insuranceType}`,
  name: `test payment policy 370300 ${insuranceType}`,
  region: '370300',
  insuranceType,
  effectiveFrom: '2026-11-01',
  benefits: {
    outpatientPooling: {
      deductible: { per: 'year', amounts: [{ amount: 200 }] },
      ratios: [{ ratio: 0.6 }],
    },
  },
  personalAccount: { covers: insuranceType === '310' ? 'all' : 'none' },
  creditPayment: { enabled: true, maxCash: 100, dueDays: 10, remindDaysBefore: 3 },
});

beforeAll(async () => {
  t = await createTestApp();
  hospital = await t.login('hospital');
  insured = await t.login('insured');
  const me = async (cookie: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json().user;
  hospitalId = (await me(hospital)).institutionId;
  insuredPersonId = (await me(insured)).personId;
  for (const type of ['310', '390'] as const) await t.services.policies.load(SYSTEM_ACTOR, policy(type));
  const items = await t.app.inject({
    method: 'GET',
    url: `/api/v1/catalogue/items?regionCode=370300&date=${DATE}&kind=drug&itemClass=A&pageSize=50`,
    headers: { cookie: hospital },
  });
  drug = items
    .json()
    .items.find(
      (i: { restrictions: object; paymentStandard: number }) =>
        Object.keys(i.restrictions).length === 0 && i.paymentStandard > 0 && i.paymentStandard < 5000,
    );
  expect(drug).toBeDefined();
});
afterAll(async () => {
  await t?.close();
});

async function call(cookie: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}), headers: { cookie } });
}

/** Another 370300 employee without a settlement yet, so each test starts from zero accumulators. */
const usedPersons = new Set<number>();
async function freshPerson(): Promise<number> {
  const rows = await t.database.db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select('p.id')
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', DATE)
    .where('p.id', '!=', insuredPersonId)
    .orderBy('p.id')
    .limit(100)
    .execute();
  const row = rows.find((r) => !usedPersons.has(r.id))!;
  usedPersons.add(row.id);
  return row.id;
}

const actorOf = (personId: number): Actor => ({
  userId: null,
  username: `person-${personId}`,
  role: 'insured',
  regionCodes: [],
  personId,
  employerId: null,
  institutionId: null,
});

/** A visit of the person with one line of about `yuan` yuan, open for payment. */
async function visitWithLines(personId: number, yuan = 50): Promise<number> {
  const visit = await call(hospital, 'POST', '/visits', {
    personId,
    institutionId: hospitalId,
    medType: '11',
    beginDate: DATE,
  });
  expect(visit.statusCode).toBe(201);
  const quantity = Math.max(1, Math.round((yuan * 100) / drug.paymentStandard));
  const lines = await call(hospital, 'POST', `/visits/${visit.json().id}/lines`, {
    lines: [{ code: drug.code, quantity, unitPrice: drug.paymentStandard }],
  });
  expect(lines.statusCode).toBe(200);
  return visit.json().id;
}

async function createOrder(visitId: number, body: object = {}) {
  const res = await call(hospital, 'POST', `/visits/${visitId}/payment-orders`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const visitStatus = async (id: number) =>
  (await t.database.db.selectFrom('visits').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;
const settlementsOf = (visitId: number) =>
  t.database.db.selectFrom('settlements').selectAll().where('visit_id', '=', visitId).execute();

describe('mobile payment orders', () => {
  it('holds the visit while pending: lines frozen, the counter cannot settle it', async () => {
    const visitId = await visitWithLines(insuredPersonId);
    const order = await createOrder(visitId);
    expect(order).toMatchObject({ status: 'pending', visitId, personId: insuredPersonId });
    expect(order.fundShare + order.personShare).toBe(order.total);
    expect(order.cashWithAccount).toBe(order.personShare - order.accountShare);
    expect(new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime()).toBeGreaterThan(
      29 * 60_000,
    );
    expect(await visitStatus(visitId)).toBe('payment_pending');

    const add = await call(hospital, 'POST', `/visits/${visitId}/lines`, {
      lines: [{ code: drug.code, quantity: 1, unitPrice: drug.paymentStandard }],
    });
    expect(add.statusCode).toBe(409);
    expect(add.json().error.code).toBe('YB_ERR_VISIT_STATE');
    const cancelLines = await call(hospital, 'POST', `/visits/${visitId}/lines/cancel`, { lineNos: [] });
    expect(cancelLines.statusCode).toBe(409);
    const settle = await t.app.inject({
      method: 'POST',
      url: `/api/v1/visits/${visitId}/settle`,
      payload: {},
      headers: { cookie: hospital, 'idempotency-key': `counter-${visitId}` },
    });
    expect(settle.statusCode).toBe(409);
    expect(settle.json().error.code).toBe('YB_ERR_VISIT_STATE');
    const second = await call(hospital, 'POST', `/visits/${visitId}/payment-orders`, {});
    expect(second.statusCode).toBe(409);
    expect(await settlementsOf(visitId)).toHaveLength(0);

    // the institution withdraws it; the visit is the counter's again
    const cancelled = await call(hospital, 'POST', `/payment-orders/${order.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await visitStatus(visitId)).toBe('open');
  });

  it('the person sees the order in the hall and pays it: settled, cash recorded as paid online', async () => {
    const visitId = await visitWithLines(insuredPersonId);
    const order = await createOrder(visitId);
    const mine = await call(insured, 'GET', '/me/payment-orders?status=pending');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((o: { id: number }) => o.id)).toContain(order.id);
    const detail = await call(insured, 'GET', `/payment-orders/${order.id}`);
    expect(detail.json().breakdown.total).toBe(order.total);
    expect(detail.json().credit).toMatchObject({ offered: true, refusal: null });
    // another person may not read or pay it
    const other = await t.login('clerk');
    expect((await call(other, 'POST', `/me/payment-orders/${order.id}/confirm`, {})).statusCode).toBe(403);

    const paid = await call(insured, 'POST', `/me/payment-orders/${order.id}/confirm`, { useAccount: false });
    expect(paid.statusCode, paid.body).toBe(200);
    const [s] = await settlementsOf(visitId);
    expect(paid.json()).toMatchObject({
      status: 'paid',
      channel: 'online',
      useAccount: false,
      paidAmount: order.personShare,
      settlementId: s!.id,
    });
    expect(s).toMatchObject({ status: 'settled', cash: order.personShare, fund_total: order.fundShare });
    expect(await visitStatus(visitId)).toBe('settled');
    const settlements = await call(insured, 'GET', '/me/settlements');
    expect(settlements.json().items.map((x: { id: number }) => x.id)).toContain(s!.id);
  });

  it('a double click pays once', async () => {
    const visitId = await visitWithLines(insuredPersonId);
    const order = await createOrder(visitId);
    const [a, b] = await Promise.all([
      call(insured, 'POST', `/me/payment-orders/${order.id}/confirm`, {}),
      call(insured, 'POST', `/me/payment-orders/${order.id}/confirm`, {}),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().settlementId).toBe(b.json().settlementId);
    expect(await settlementsOf(visitId)).toHaveLength(1);
    const postings = await t.database.db
      .selectFrom('postings')
      .select('amount')
      .where('settlement_id', '=', a.json().settlementId)
      .where('account', '=', `cash:person:${insuredPersonId}`)
      .execute();
    expect(postings.map((p) => p.amount)).toEqual([order.personShare]);
  });

  it('the person may decline: the visit goes back to the counter', async () => {
    const visitId = await visitWithLines(insuredPersonId);
    const order = await createOrder(visitId);
    const declined = await call(insured, 'POST', `/me/payment-orders/${order.id}/decline`);
    expect(declined.json().status).toBe('declined');
    expect(await visitStatus(visitId)).toBe('open');
    const again = await call(insured, 'POST', `/me/payment-orders/${order.id}/confirm`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('YB_ERR_PAYMENT_ORDER_STATE');
    expect(await settlementsOf(visitId)).toHaveLength(0);
  });

  it('bad input is refused with nothing changed', async () => {
    const visitId = await visitWithLines(insuredPersonId);
    const res = await call(hospital, 'POST', `/visits/${visitId}/payment-orders`, { ttlMinutes: 0 });
    expect(res.statusCode).toBe(400);
    expect(await visitStatus(visitId)).toBe('open');
    const missing = await call(insured, 'POST', '/me/payment-orders/999999/confirm', {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('YB_ERR_PAYMENT_ORDER_NOT_FOUND');
  });
});

describe('expiry', () => {
  it('the sweep expires an unconfirmed order and releases the visit; a later confirm is refused', async () => {
    const person = await freshPerson();
    const visitId = await visitWithLines(person);
    const order = await createOrder(visitId, { ttlMinutes: 5 });
    const early = await t.services.payments.sweep(new Date(Date.now() + 4 * 60_000));
    expect(early.expired).toBe(0);
    const later = new Date(Date.now() + 6 * 60_000);
    expect((await t.services.payments.sweep(later)).expired).toBe(1);
    expect((await t.services.payments.sweep(later)).expired).toBe(0);
    expect(await visitStatus(visitId)).toBe('open');
    await expect(t.services.payments.confirm(actorOf(person), order.id, {})).rejects.toMatchObject({
      code: 'YB_ERR_PAYMENT_ORDER_STATE',
    });
    expect(await settlementsOf(visitId)).toHaveLength(0);
    // the visit can be paid by a new order
    const again = await createOrder(visitId);
    expect((await t.services.payments.confirm(actorOf(person), again.id, {})).status).toBe('paid');
  });

  it('an overdue order is expired on read, and confirming it after its time is refused', async () => {
    const visitId = await visitWithLines(insuredPersonId);
    const order = await createOrder(visitId);
    await t.database.db
      .updateTable('payment_orders')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', order.id)
      .execute();
    const list = await call(insured, 'GET', '/me/payment-orders?status=pending');
    expect(list.json().items.map((o: { id: number }) => o.id)).not.toContain(order.id);
    expect((await call(insured, 'GET', `/payment-orders/${order.id}`)).json().status).toBe('expired');
    expect(await visitStatus(visitId)).toBe('open');

    const visit2 = await visitWithLines(insuredPersonId);
    const order2 = await createOrder(visit2);
    await t.database.db
      .updateTable('payment_orders')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', order2.id)
      .execute();
    const late = await call(insured, 'POST', `/me/payment-orders/${order2.id}/confirm`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('YB_ERR_PAYMENT_ORDER_EXPIRED');
    expect(await visitStatus(visit2)).toBe('open');
    expect(await settlementsOf(visit2)).toHaveLength(0);
  });

  it('confirmation racing the sweep: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      const person = await freshPerson();
      const visitId = await visitWithLines(person);
      const order = await createOrder(visitId);
      const [confirmed, swept] = await Promise.allSettled([
        t.services.payments.confirm(actorOf(person), order.id, {}),
        t.services.payments.sweep(new Date(Date.now() + 60 * 60_000)),
      ]);
      const final = await t.services.payments.get(SYSTEM_ACTOR, order.id);
      const settlements = await settlementsOf(visitId);
      if (final.status === 'paid') {
        expect(confirmed.status).toBe('fulfilled');
        expect(swept.status === 'fulfilled' && swept.value.expired).toBe(0);
        expect(settlements).toHaveLength(1);
        expect(await visitStatus(visitId)).toBe('settled');
      } else {
        expect(final.status).toBe('expired');
        expect(confirmed.status).toBe('rejected');
        expect(settlements).toHaveLength(0);
        expect(await visitStatus(visitId)).toBe('open');
      }
    }
  });
});

describe('changed amounts', () => {
  it('refuses to pay other amounts than shown: the order takes the new amounts, then pays them', async () => {
    const person = await freshPerson();
    const small = await visitWithLines(person, 50);
    const order = await createOrder(small);
    expect(order.fundShare).toBe(0); // all under the 200-yuan deductible
    // meanwhile another visit settles at the counter and uses up the deductible
    const big = await visitWithLines(person, 400);
    await t.services.settlements.settle(SYSTEM_ACTOR, big, { clientKey: `big-${big}` });

    await expect(t.services.payments.confirm(actorOf(person), order.id, {})).rejects.toMatchObject({
      code: 'YB_ERR_PAYMENT_FIGURES_CHANGED',
    });
    expect(await settlementsOf(small)).toHaveLength(0);
    expect(await visitStatus(small)).toBe('payment_pending');
    const repriced = await t.services.payments.get(actorOf(person), order.id);
    expect(repriced.status).toBe('pending');
    expect(repriced.repricedAt).not.toBeNull();
    expect(repriced.fundShare).toBeGreaterThan(0);
    expect(repriced.fundShare + repriced.personShare).toBe(order.total);

    const paid = await t.services.payments.confirm(actorOf(person), order.id, {});
    expect(paid.paidAmount).toBe(repriced.personShare);
    const [s] = await settlementsOf(small);
    expect(s!.fund_total).toBe(repriced.fundShare);
  });
});

describe('credit payment (先诊疗后付费)', () => {
  it('settles now with a debt; reminds before due and when overdue; overdue blocks new credit; paying clears it', async () => {
    const person = await freshPerson();
    const me = actorOf(person);
    const v1 = await visitWithLines(person, 50);
    const o1 = await createOrder(v1);
    const offer = (await t.services.payments.get(me, o1.id)).credit!;
    expect(offer).toEqual({ offered: true, refusal: null, available: 100_00, dueDays: 10 });

    const now = new Date();
    const paid = await t.services.payments.confirm(me, o1.id, { method: 'credit' }, now);
    expect(paid).toMatchObject({ status: 'paid', channel: 'credit', paidAmount: 0 });
    const [s1] = await settlementsOf(v1);
    expect(s1!.cash).toBeGreaterThan(0);
    const debts = (await t.services.payments.listDebts(me, now)).items;
    expect(debts).toHaveLength(1);
    const due = addDays(chinaDate(now), 10);
    expect(debts[0]).toMatchObject({ amount: s1!.cash, dueDate: due, status: 'open', overdue: false });

    const dayMs = 24 * 3600_000;
    expect((await t.services.payments.sweep(new Date(now.getTime() + 6 * dayMs))).reminders).toBe(0);
    expect((await t.services.payments.sweep(new Date(now.getTime() + 7 * dayMs))).reminders).toBe(1);
    expect((await t.services.payments.sweep(new Date(now.getTime() + 8 * dayMs))).reminders).toBe(0);
    const overdueAt = new Date(now.getTime() + 11 * dayMs);
    expect((await t.services.payments.sweep(overdueAt)).overdueNotices).toBe(1);
    const notices = (await t.services.payments.listNotifications(me)).items;
    expect(notices.map((n) => n.kind).sort()).toEqual(['debtDue', 'debtOverdue']);
    expect(notices.every((n) => n.subject === `debt:${debts[0]!.id}`)).toBe(true);

    // overdue: no new credit, and nothing changes when it is asked for
    const v2 = await visitWithLines(person, 20);
    // the order is made on that later day, so it is still payable then
    const o2 = await t.services.payments.createOrder(SYSTEM_ACTOR, v2, {}, overdueAt);
    expect((await t.services.payments.get(me, o2.id, overdueAt)).credit).toMatchObject({
      refusal: 'overdue',
    });
    await expect(
      t.services.payments.confirm(me, o2.id, { method: 'credit' }, overdueAt),
    ).rejects.toMatchObject({ code: 'YB_ERR_CREDIT_NOT_ELIGIBLE' });
    expect(await visitStatus(v2)).toBe('payment_pending');
    expect(await settlementsOf(v2)).toHaveLength(0);

    const cleared = await t.services.payments.payDebt(me, debts[0]!.id, overdueAt);
    expect(cleared).toMatchObject({ status: 'paid', overdue: false });
    expect((await t.services.payments.payDebt(me, debts[0]!.id, overdueAt)).paidAt).toBe(cleared.paidAt);
    expect((await t.services.payments.get(me, o2.id, overdueAt)).credit).toMatchObject({ refusal: null });
    const o2paid = await t.services.payments.confirm(me, o2.id, { method: 'credit' }, overdueAt);
    expect(o2paid.channel).toBe('credit');
  });

  it('refuses credit above the limit; the hall pays a debt online through REST', async () => {
    const big = await visitWithLines(insuredPersonId, 300);
    const order = await createOrder(big);
    const refused = await call(insured, 'POST', `/me/payment-orders/${order.id}/confirm`, {
      method: 'credit',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('YB_ERR_CREDIT_NOT_ELIGIBLE');
    expect(await visitStatus(big)).toBe('payment_pending');
    await call(hospital, 'POST', `/payment-orders/${order.id}/cancel`);

    const small = await visitWithLines(insuredPersonId, 10);
    const o = await createOrder(small);
    const paid = await call(insured, 'POST', `/me/payment-orders/${o.id}/confirm`, { method: 'credit' });
    expect(paid.statusCode, paid.body).toBe(200);
    const debts = (await call(insured, 'GET', '/me/credit-debts')).json().items;
    const debt = debts.find((d: { settlementId: number }) => d.settlementId === paid.json().settlementId);
    expect(debt.status).toBe('open');
    const payment = await call(insured, 'POST', `/me/credit-debts/${debt.id}/pay`);
    expect(payment.json()).toMatchObject({ status: 'paid', amount: debt.amount });
    expect((await call(hospital, 'GET', '/me/credit-debts')).statusCode).toBe(403);
  });

  it('a reversed credit settlement owes nothing: the debt is void and blocks no credit', async () => {
    const person = await freshPerson();
    const me = actorOf(person);
    const visitId = await visitWithLines(person, 30);
    const order = await createOrder(visitId);
    const paid = await t.services.payments.confirm(me, order.id, { method: 'credit' });
    const [debt] = (await t.services.payments.listDebts(me)).items;
    expect(debt!.status).toBe('open');
    await t.services.settlements.reverse(SYSTEM_ACTOR, paid.settlementId!, { reason: 'test' });
    const later = new Date(Date.now() + 30 * 24 * 3600_000);
    const [voided] = (await t.services.payments.listDebts(me, later)).items;
    expect(voided).toMatchObject({ status: 'void', overdue: false });
    await expect(t.services.payments.payDebt(me, debt!.id)).rejects.toMatchObject({ code: 'YB_ERR_STATE' });
    await t.services.payments.sweep(later);
    expect((await t.services.payments.listNotifications(me)).items).toEqual([]);
    // the reopened visit can be paid again, on credit
    const again = await t.services.payments.createOrder(SYSTEM_ACTOR, visitId, {}, later);
    expect((await t.services.payments.get(me, again.id, later)).credit).toMatchObject({
      refusal: null,
      available: 100_00,
    });
  });
});
