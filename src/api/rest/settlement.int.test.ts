import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { runCli } from '../../cli/yibao.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { SettlementService } from '../../services/settlement/settlement-service.js';

/**
 * Settlement through the REST API on the demo database, under test policies that take effect on
 * 2026-11-01 (after any shipped policy) so the figures here do not depend on them.
 */
let t: TestApp;
let hospital: string;
let hospitalId: number;
let employee: { id: number };
let resident: { id: number };
let hzPerson: { id: number };
const DATE = '2026-11-10';

const employeePolicy = (region: string) => ({
  id: `test-${region}-310`,
  name: `test employee policy ${region}`,
  region,
  insuranceType: '310',
  effectiveFrom: '2026-11-01',
  lines: { classBFirstSelfPay: 0.1 },
  crossRegion: { unfiledTemporary: { extraFirstSelfPay: 0.1 } },
  benefits: {
    outpatientPooling: {
      deductible: { per: 'year', amounts: [{ amount: 200 }] },
      ratios: [{ ratio: 0.6 }],
      cap: { fundPerYear: 3000 },
    },
    inpatient: { deductible: { per: 'admission', amounts: [{ amount: 800 }] }, ratios: [{ ratio: 0.9 }] },
  },
  personalAccount: { covers: 'all' },
});

beforeAll(async () => {
  t = await createTestApp();
  hospital = await t.login('hospital');
  const me = (
    await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: hospital } })
  ).json().user;
  hospitalId = me.institutionId;
  for (const doc of [
    employeePolicy('370300'),
    employeePolicy('330500'),
    {
      ...employeePolicy('370300'),
      id: 'test-370300-390',
      insuranceType: '390',
      personalAccount: { covers: 'none' },
    },
  ]) {
    await t.services.policies.load(SYSTEM_ACTOR, doc);
  }
  const db = t.database.db;
  const pick = (region: string, type: '310' | '390') => enrolled(region, type).executeTakeFirstOrThrow();
  employee = await pick('370300', '310');
  resident = await pick('370300', '390');
  hzPerson = await pick('330500', '310');
  await db
    .insertInto('personal_accounts')
    .values({ person_id: employee.id, region_code: '370300', balance: 100_00 })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ balance: 100_00 }))
    .execute();
});
afterAll(async () => {
  await t?.close();
});

/** Persons actively enrolled in a region's insurance type on DATE, by id. */
function enrolled(region: string, type: '310' | '390') {
  return t.database.db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select('p.id')
    .where('e.insurance_type', '=', type)
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', region)
    .where('e.start_date', '<=', DATE)
    .orderBy('p.id');
}

async function call(
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: { cookie: hospital, ...headers },
  });
}

async function catalogueCode(
  itemClass: 'A' | 'B' | 'C',
): Promise<{ code: string; paymentStandard: number; firstSelfPayBp: number }> {
  const res = await call(
    'GET',
    `/api/v1/catalogue/items?regionCode=370300&date=${DATE}&kind=drug&itemClass=${itemClass}&pageSize=50`,
  );
  const item = res
    .json()
    .items.find(
      (i: { restrictions: object; paymentStandard: number }) =>
        Object.keys(i.restrictions).length === 0 && i.paymentStandard > 0,
    );
  return item;
}

async function outpatientVisit(
  personId: number,
  lines: { code: string; quantity: number; unitPrice: number }[],
) {
  const visit = await call('POST', '/api/v1/visits', {
    personId,
    institutionId: hospitalId,
    medType: '11',
    beginDate: DATE,
  });
  expect(visit.statusCode).toBe(201);
  const uploaded = await call('POST', `/api/v1/visits/${visit.json().id}/lines`, { lines });
  expect(uploaded.statusCode).toBe(200);
  return uploaded.json();
}

const accumulators = async (personId: number) =>
  Object.fromEntries(
    (
      await t.database.db
        .selectFrom('accumulators')
        .select(['key', 'value'])
        .where('person_id', '=', personId)
        .where('year', '=', 2026)
        .execute()
    ).map((r) => [r.key, r.value]),
  );
const balance = async (personId: number) =>
  (
    await t.database.db
      .selectFrom('personal_accounts')
      .select('balance')
      .where('person_id', '=', personId)
      .executeTakeFirst()
  )?.balance;

describe('settlement service', () => {
  it('pre-settles without side effects, settles idempotently, and reverses exactly', async () => {
    const a = await catalogueCode('A');
    const b = await catalogueCode('B');
    const visit = await outpatientVisit(employee.id, [
      { code: a.code, quantity: 2, unitPrice: a.paymentStandard },
      { code: b.code, quantity: 1, unitPrice: b.paymentStandard + 100 },
    ]);
    const accBefore = await accumulators(employee.id);
    const balanceBefore = await balance(employee.id);

    const pre = await call('POST', `/api/v1/visits/${visit.id}/pre-settle`, { useAccount: true });
    expect(pre.statusCode).toBe(200);
    const bd = pre.json().breakdown;
    expect(bd.total).toBe(2 * a.paymentStandard + b.paymentStandard + 100);
    expect(bd.overLimitSelfPay).toBe(100);
    expect(bd.fundTotal + bd.personTotal).toBe(bd.total);
    expect(await accumulators(employee.id)).toEqual(accBefore);

    const settled = await call(
      'POST',
      `/api/v1/visits/${visit.id}/settle`,
      { useAccount: true },
      { 'idempotency-key': `k-${visit.id}` },
    );
    expect(settled.statusCode).toBe(200);
    const s = settled.json();
    expect(s.breakdown).toEqual(bd); // the same computation as the pre-settlement
    expect(s.status).toBe('settled');
    expect(await balance(employee.id)).toBe((balanceBefore ?? 0) - s.personalAccount);

    const again = await call(
      'POST',
      `/api/v1/visits/${visit.id}/settle`,
      { useAccount: true },
      { 'idempotency-key': `k-${visit.id}` },
    );
    expect(again.json().id).toBe(s.id);
    const conflict = await call(
      'POST',
      `/api/v1/visits/${visit.id}/settle`,
      { useAccount: false },
      { 'idempotency-key': `k-${visit.id}` },
    );
    expect(conflict.json().error.code).toBe('YB_ERR_IDEMPOTENCY_CONFLICT');
    const settlements = await t.database.db
      .selectFrom('settlements')
      .select('id')
      .where('visit_id', '=', visit.id)
      .execute();
    expect(settlements).toHaveLength(1);

    // Postings balance, and the fund's payable is the sum of its postings.
    const sums = await sql<{
      total: string;
      fund: string;
    }>`select sum(amount)::text as total, sum(amount) filter (where account like 'fund:%')::text as fund from postings where settlement_id = ${s.id}`.execute(
      t.database.db,
    );
    expect(Number(sums.rows[0]!.total)).toBe(0);
    expect(Number(sums.rows[0]!.fund)).toBe(s.fundTotal);

    const reversed = await call('POST', `/api/v1/settlements/${s.id}/reverse`, {
      reason: '患者要求重新结算',
    });
    expect(reversed.json()).toMatchObject({ status: 'reversed', reverseReason: '患者要求重新结算' });
    expect(await accumulators(employee.id)).toEqual(accBefore);
    expect(await balance(employee.id)).toBe(balanceBefore);
    const after = await sql<{
      total: string;
    }>`select coalesce(sum(amount), 0)::text as total from postings where settlement_id = ${s.id} and account like 'fund:%'`.execute(
      t.database.db,
    );
    expect(Number(after.rows[0]!.total)).toBe(0);
    expect((await call('GET', `/api/v1/visits/${visit.id}`)).json().status).toBe('open');
  });

  it('refuses an unknown item naming its line, and writes nothing', async () => {
    const a = await catalogueCode('A');
    const visit = (
      await call('POST', '/api/v1/visits', {
        personId: employee.id,
        institutionId: hospitalId,
        medType: '11',
        beginDate: DATE,
      })
    ).json();
    const res = await call('POST', `/api/v1/visits/${visit.id}/lines`, {
      lines: [
        { code: a.code, quantity: 1, unitPrice: 100 },
        { code: 'NOSUCHCODE0001', quantity: 1, unitPrice: 100 },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('YB_ERR_UNKNOWN_ITEM');
    expect(res.json().error.fields[0].path).toBe('lines.1.code');
    expect((await call('GET', `/api/v1/visits/${visit.id}`)).json().lines).toEqual([]);
  });

  it("never uses an annual deductible twice when one person's settlements race", async () => {
    const a = await catalogueCode('A');
    const before = (await accumulators(resident.id))['outpatientPooling.deductible'] ?? 0;
    const visits = [];
    const quantity = Math.ceil(150_00 / a.paymentStandard); // at the payment standard: all in scope
    for (let i = 0; i < 6; i++)
      visits.push(
        await outpatientVisit(resident.id, [{ code: a.code, quantity, unitPrice: a.paymentStandard }]),
      );
    const results = await Promise.all(
      visits.map((v) =>
        call('POST', `/api/v1/visits/${v.id}/settle`, {}, { 'idempotency-key': `race-${v.id}` }),
      ),
    );
    for (const r of results) expect(r.statusCode).toBe(200);
    const deductibles = results.map((r) => r.json().breakdown.deductible as number);
    expect(deductibles.reduce((s, d) => s + d, 0)).toBe(Math.max(0, 200_00 - before));
    expect((await accumulators(resident.id))['outpatientPooling.deductible']).toBe(Math.max(before, 200_00));
  });

  /** Residents other than `resident` (whose accumulators other tests follow), each with one visit. */
  async function residentsWithVisits(count: number, offset: number) {
    const others = await enrolled('370300', '390')
      .where('p.id', '>', resident.id)
      .offset(offset)
      .limit(count)
      .execute();
    const a = await catalogueCode('A');
    const line = {
      code: a.code,
      quantity: Math.ceil(300_00 / a.paymentStandard),
      unitPrice: a.paymentStandard,
    };
    const visits: { id: number; personId: number }[] = [];
    for (const p of others) visits.push({ id: (await outpatientVisit(p.id, [line])).id, personId: p.id });
    return { visits, line };
  }

  /** A settlement service that settles one group at a time and records each group's size. */
  function groupingService() {
    const service = new SettlementService(t.database.db, t.services.policies, {
      groups: 1,
      // as the app: on PostgreSQL, begin goes with the load and commit with the write
      combineStatements: t.database.kind === 'postgres',
    });
    const sizes: number[] = [];
    const inner = service as unknown as {
      settleGroup: (tx: unknown, group: readonly { visitId: number }[]) => Promise<unknown>;
    };
    const original = inner.settleGroup.bind(service);
    inner.settleGroup = async (tx, group, ...rest: unknown[]) => {
      sizes.push(group.length);
      return (original as (...a: unknown[]) => Promise<unknown>)(tx, group, ...rest);
    };
    return { service, sizes };
  }

  const settlementsOf = async (visitId: number) =>
    (await t.database.db.selectFrom('settlements').select('id').where('visit_id', '=', visitId).execute())
      .length;

  it('settles concurrent requests in shared transactions, each exactly as it would alone', async () => {
    const { visits, line } = await residentsWithVisits(4, 0);
    const expected = await Promise.all(
      visits.map((v) => t.services.settlements.preSettle(SYSTEM_ACTOR, v.id)),
    );
    // a second visit of the first person: it must see the deductible the first one used
    const second = (await outpatientVisit(visits[0]!.personId, [line])).id;
    const { service, sizes } = groupingService();
    const settle = (visitId: number, key = `grp-${visitId}`) =>
      service.settle(SYSTEM_ACTOR, visitId, { clientKey: key });
    const results = await Promise.allSettled([
      ...visits.map((v) => settle(v.id)),
      settle(second),
      settle(visits[1]!.id), // the same request again
      settle(999_999_999), // no such visit
      settle(visits[2]!.id, `grp-other-${visits[2]!.id}`), // a second key for a visit being settled
    ]);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    const value = (i: number) => {
      const r = results[i]!;
      if (r.status !== 'fulfilled') throw r.reason;
      return r.value;
    };
    for (const [i, e] of expected.entries()) expect(value(i).breakdown).toEqual(e.breakdown);
    expect(value(4).breakdown.deductible).toBe(0);
    expect(value(5).id).toBe(value(1).id);
    expect(results[6]).toMatchObject({ status: 'rejected', reason: { code: 'YB_ERR_VISIT_NOT_FOUND' } });
    expect(results[7]).toMatchObject({ status: 'rejected', reason: { code: 'YB_ERR_VISIT_STATE' } });
    for (const v of [...visits.map((x) => x.id), second]) expect(await settlementsOf(v)).toBe(1);
    const acc = await t.database.db
      .selectFrom('accumulators')
      .select('value')
      .where('person_id', '=', visits[0]!.personId)
      .where('key', '=', 'outpatientPooling.deductible')
      .executeTakeFirstOrThrow();
    expect(acc.value).toBe(200_00);
  });

  it('retries a group that failed as a whole one by one: nothing twice, and a bad request fails alone', async () => {
    const { visits } = await residentsWithVisits(4, 4);
    const bad = visits[3]!.id;
    // The database refuses this visit's settlement row as a deadlock would: in whatever group it
    // is, the group's write statement fails after writing the others' rows, and all roll back.
    const db = t.database.db;
    await sql
      .raw(`create function yb_test_refuse() returns trigger language plpgsql as $$
        begin
          if new.visit_id = ${bad} then
            raise exception 'refused for the test' using errcode = '40P01';
          end if;
          return new;
        end $$`)
      .execute(db);
    await sql`create trigger yb_test_refuse after insert on settlements for each row execute function yb_test_refuse()`.execute(
      db,
    );
    const { service, sizes } = groupingService();
    const results = await Promise.allSettled(
      visits.map((v) => service.settle(SYSTEM_ACTOR, v.id, { clientKey: `retry-${v.id}` })),
    );
    await sql`drop trigger yb_test_refuse on settlements`.execute(db);
    await sql`drop function yb_test_refuse()`.execute(db);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    for (const [i, v] of visits.entries()) {
      if (v.id === bad) {
        expect(results[i]).toMatchObject({ status: 'rejected', reason: { code: '40P01' } });
        expect(await settlementsOf(v.id)).toBe(0);
      } else {
        expect(results[i]!.status).toBe('fulfilled');
        expect(await settlementsOf(v.id)).toBe(1);
      }
    }
    const postings = await sql<{
      zero: boolean;
    }>`select coalesce(sum(amount), 0) = 0 as zero from postings`.execute(t.database.db);
    expect(postings.rows[0]!.zero).toBe(true);
  });

  it("settles cross-region care under the insured region's policy and marks it for clearing", async () => {
    const a = await catalogueCode('A');
    const quantity = Math.ceil(500_00 / a.paymentStandard);
    const visit = await outpatientVisit(hzPerson.id, [
      { code: a.code, quantity, unitPrice: a.paymentStandard },
    ]);
    expect(visit).toMatchObject({
      regionCode: '370300',
      insuredRegionCode: '330500',
      crossRegion: 'unfiledTemporary',
    });
    const s = (
      await call('POST', `/api/v1/visits/${visit.id}/settle`, {}, { 'idempotency-key': `x-${visit.id}` })
    ).json();
    expect(s.policyId).toBe('test-330500-310');
    expect(s.clearingStatus).toBe('pending');
    expect(s.breakdown.steps.some((st: { rule: string }) => st.rule === 'line.crossRegionFirstSelfPay')).toBe(
      true,
    );
    expect(s.breakdown.firstSelfPay).toBe(Math.round((quantity * a.paymentStandard) / 10)); // 10 % when not filed
  });

  it('identifies a patient at the counter by ID number and logs the lookup', async () => {
    const person = await t.database.db
      .selectFrom('persons')
      .select(['certno', 'psn_no'])
      .where('id', '=', employee.id)
      .executeTakeFirstOrThrow();
    const logs = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('access_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('person_id', '=', employee.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await logs();
    const res = await call('GET', `/api/v1/institution/persons/lookup?certno=${person.certno}&date=${DATE}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: employee.id,
      psnNo: person.psn_no,
      insuranceType: '310',
      insuredRegionCode: '370300',
    });
    expect(res.json().certnoMasked).toContain('*');
    expect(await logs()).toBe(before + 1);
    const employer = await t.login('employer');
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/institution/persons/lookup?certno=${person.certno}`,
          headers: { cookie: employer },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('settles an admission only after discharge, with the per-admission deductible', async () => {
    const a = await catalogueCode('A');
    const admission = (
      await call('POST', '/api/v1/visits', {
        personId: employee.id,
        institutionId: hospitalId,
        medType: '21',
        beginDate: DATE,
      })
    ).json();
    const quantity = Math.ceil(2000_00 / a.paymentStandard);
    await call('POST', `/api/v1/visits/${admission.id}/lines`, {
      lines: [{ code: a.code, quantity, unitPrice: a.paymentStandard }],
    });
    const early = await call(
      'POST',
      `/api/v1/visits/${admission.id}/settle`,
      {},
      { 'idempotency-key': `adm-${admission.id}` },
    );
    expect(early.json().error.code).toBe('YB_ERR_VISIT_STATE');
    expect(
      (await call('POST', `/api/v1/visits/${admission.id}/discharge`, { endDate: '2026-11-15' })).json()
        .status,
    ).toBe('discharged');
    const s = (
      await call(
        'POST',
        `/api/v1/visits/${admission.id}/settle`,
        {},
        { 'idempotency-key': `adm-${admission.id}` },
      )
    ).json();
    const amount = quantity * a.paymentStandard;
    expect(s.breakdown.deductible).toBe(800_00);
    expect(s.fundTotal).toBe(Math.round(((amount - 800_00) * 9000) / 10000));
    expect(s.setlNo).toMatch(/^37030020261115\d{8}$/);
  });

  it('recomputes to the same breakdown with yibao calc from the replay documents', async () => {
    const a = await catalogueCode('A');
    const b = await catalogueCode('B');
    const visit = await outpatientVisit(employee.id, [
      { code: a.code, quantity: 3, unitPrice: a.paymentStandard },
      { code: b.code, quantity: 1.5, unitPrice: b.paymentStandard + 37 },
    ]);
    const s = (
      await call(
        'POST',
        `/api/v1/visits/${visit.id}/settle`,
        { useAccount: true },
        { 'idempotency-key': `replay-${visit.id}` },
      )
    ).json();
    const replay = (await call('GET', `/api/v1/settlements/${s.id}/replay`)).json();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-replay-'));
    const files = Object.fromEntries(
      (['policy', 'claim', 'state'] as const).map((k) => {
        const f = path.join(dir, `${k}.json`);
        fs.writeFileSync(f, JSON.stringify(replay[k]));
        return [k, f];
      }),
    );
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await runCli([
        'node',
        'yibao',
        'calc',
        '--policy',
        files.policy!,
        '--claim',
        files.claim!,
        '--state',
        files.state!,
      ]);
    } finally {
      spy.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const calc = JSON.parse(out.join(''));
    for (const key of [
      'total',
      'fullSelfPay',
      'overLimitSelfPay',
      'firstSelfPay',
      'inScope',
      'deductible',
      'payers',
      'fundTotal',
      'personalAccount',
      'cash',
      'personTotal',
      'steps',
      'accumulators',
      'lines',
    ]) {
      expect(calc[key], key).toEqual(s.breakdown[key]);
    }
  });

  it('prints a settlement slip as a PDF for those who may read the settlement', async () => {
    const s = (
      await t.database.db
        .selectFrom('settlements')
        .select('id')
        .where('institution_id', '=', hospitalId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).id;
    const res = await call('GET', `/api/v1/settlements/${s}/slip.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const employer = await t.login('employer');
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/settlements/${s}/slip.pdf`,
          headers: { cookie: employer },
        })
      ).statusCode,
    ).toBe(403);
  });

  it("lets the insured person see their settlements with explanations, and nobody else's", async () => {
    const insured = await t.login('insured');
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/settlements',
      headers: { cookie: insured },
    });
    expect(mine.statusCode).toBe(200);
    const other = (
      await t.database.db
        .selectFrom('settlements')
        .select('id')
        .where('person_id', '=', employee.id)
        .executeTakeFirstOrThrow()
    ).id;
    const me = (
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: insured } })
    ).json().user;
    if (me.personId !== employee.id) {
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/settlements/${other}`,
            headers: { cookie: insured },
          })
        ).statusCode,
      ).toBe(403);
    }
  });
});
