import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { parseYuan } from '../../domain/money/fen.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { businessCounts, sendHis } from './fsi-test-kit.js';

/** The inpatient flow 2401 → 2403 → 2301 → 2303 → 2304 (refused) → 2402 → 2304 → 2305 → 2405 → 2302 → 2404. */
let t: TestApp;
let creds: HisCredentials;
let person: { psn_no: string; certno: string; name: string; id: number };
const ADMIT = '2026-06-10';
const DSCG = '2026-06-14';
const env = { inf_time: `${ADMIT} 09:30:00` };
const BALANCE = 500_00;

const fen = (v: unknown) => {
  const r = parseYuan(String(v));
  if (!r.ok) throw new Error(`not yuan: ${String(v)}`);
  return r.value as number;
};
const yuan = (f: number) => (f / 100).toFixed(2);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const hospital = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.code'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  creds = await t.services.terminals.register(SYSTEM_ACTOR, {
    institutionCode: hospital.code,
    location: '住院处 1 号窗',
  });
  person = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.psn_no', 'p.certno', 'p.name', 'p.id'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', ADMIT)
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('personal_accounts')
    .values({ person_id: person.id, region_code: '370300', balance: BALANCE })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ balance: BALANCE }))
    .execute();
});
afterAll(async () => {
  await t?.close();
});

async function drug(itemClass: 'A' | 'B') {
  const page = await t.services.catalogue.list({
    regionCode: '370300',
    date: ADMIT,
    kind: 'drug',
    itemClass,
    pageSize: 50,
  });
  const item = page.items.find((i) => Object.keys(i.restrictions).length === 0 && i.paymentStandard > 0);
  if (!item) throw new Error(`no class ${itemClass} drug`);
  return item;
}

function expectIdentities(s: Record<string, unknown>) {
  expect(fen(s.psn_part_amt)).toBe(fen(s.acct_pay) + fen(s.psn_cash_pay));
  expect(fen(s.medfee_sumamt)).toBe(fen(s.fund_pay_sumamt) + fen(s.psn_part_amt) + fen(s.hosp_part_amt));
  const funds = ['hifp_pay', 'cvlserv_pay', 'hifes_pay', 'hifmi_pay', 'hifob_pay', 'maf_pay', 'oth_pay'];
  expect(funds.reduce((sum, k) => sum + fen(s[k]), 0)).toBe(fen(s.fund_pay_sumamt));
}

async function balance() {
  const row = await t.database.db
    .selectFrom('personal_accounts')
    .select('balance')
    .where('person_id', '=', person.id)
    .executeTakeFirstOrThrow();
  return row.balance;
}

async function visitStatus(id: string) {
  const row = await t.database.db
    .selectFrom('visits')
    .select(['status', 'begin_date', 'end_date', 'diagnosis_code'])
    .where('id', '=', Number(id))
    .executeTakeFirstOrThrow();
  return row;
}

describe('HIS gateway: inpatient flow', () => {
  it('admits, uploads, pre-settles, settles after discharge only, cancels and undoes, to the fen', async () => {
    const admit = await sendHis(
      t,
      creds,
      '2401',
      {
        mdtrtinfo: {
          psn_no: person.psn_no,
          insutype: '310',
          begntime: `${ADMIT} 10:00:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          med_type: '21',
          ipt_no: 'ZY0001',
          adm_dept_codg: 'A03',
          adm_dept_name: '内科',
          adm_bed: '12',
          dise_codg: 'J18.900',
          dise_name: '肺炎',
        },
        diseinfo: [
          {
            psn_no: person.psn_no,
            diag_type: '1',
            maindiag_flag: '1',
            diag_srt_no: '1',
            diag_code: 'J18.900',
            diag_name: '肺炎',
          },
        ],
      },
      { envelope: env },
    );
    expect(admit.body.infcode, admit.body.err_msg).toBe(0);
    const mdtrtId = admit.body.output.result.mdtrt_id as string;
    expect(mdtrtId).toMatch(/^\d+$/);
    expect((await visitStatus(mdtrtId)).status).toBe('open');

    // 2403: the diagnosis changes while unsettled.
    const edit = await sendHis(
      t,
      creds,
      '2403',
      {
        mdtrtinfo: { mdtrt_id: mdtrtId, psn_no: person.psn_no, begntime: `${ADMIT} 10:00:00` },
        diseinfo: [{ maindiag_flag: '1', diag_code: 'J18.000', diag_name: '支气管肺炎' }],
      },
      { envelope: env },
    );
    expect(edit.body.infcode, edit.body.err_msg).toBe(0);
    expect((await visitStatus(mdtrtId)).diagnosis_code).toBe('J18.000');

    const a = await drug('A');
    const b = await drug('B');
    // Enough above the inpatient deductible that the pooled fund pays.
    const aCnt = Math.ceil(3000_00 / a.paymentStandard);
    const row = (sn: string, code: string, price: number, cnt: number, day: string) => ({
      feedetl_sn: sn,
      mdtrt_id: mdtrtId,
      drord_no: 'YZ1',
      psn_no: person.psn_no,
      med_type: '21',
      fee_ocur_time: `${day} 08:00:00`,
      med_list_codg: code,
      det_item_fee_sumamt: yuan(price * cnt),
      cnt,
      pric: yuan(price),
    });
    const fees = await sendHis(
      t,
      creds,
      '2301',
      {
        feedetail: [
          row('F1', a.code, a.paymentStandard, aCnt, '2026-06-11'),
          row('F2', b.code, b.paymentStandard, 2, '2026-06-12'),
          row('F3', b.code, b.paymentStandard, 1, '2026-06-13'),
        ],
      },
      { envelope: env },
    );
    expect(fees.body.infcode, fees.body.err_msg).toBe(0);
    const rows = fees.body.output.result as Record<string, unknown>[];
    expect(rows.map((r) => r.feedetl_sn)).toEqual(['F1', 'F2', 'F3']);
    for (const r of rows)
      expect(
        fen(r.fulamt_ownpay_amt) + fen(r.overlmt_amt) + fen(r.preselfpay_amt) + fen(r.inscp_scp_amt),
      ).toBe(fen(r.det_item_fee_sumamt));

    // 2302 cancels one line by its serial.
    const cancelLine = await sendHis(
      t,
      creds,
      '2302',
      { data: { feedetl_sn: 'F3', mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(cancelLine.body.infcode, cancelLine.body.err_msg).toBe(0);
    const total = aCnt * a.paymentStandard + 2 * b.paymentStandard;

    const data = {
      psn_no: person.psn_no,
      mdtrt_cert_type: '02',
      mdtrt_cert_no: person.certno,
      medfee_sumamt: yuan(total),
      psn_setlway: '01',
      mdtrt_id: mdtrtId,
      insutype: '310',
      acct_used_flag: '1',
      mid_setl_flag: '0',
    };
    // 2303 before discharge is allowed and writes nothing.
    const before = await businessCounts(t);
    const pre = await sendHis(t, creds, '2303', { data }, { envelope: env });
    expect(pre.body.infcode, pre.body.err_msg).toBe(0);
    const p = pre.body.output.setlinfo;
    expect(p.setl_id).toBeUndefined();
    expect(p.med_type).toBe('21');
    expect(p.clr_type).toBe('21');
    expect(fen(p.medfee_sumamt)).toBe(total);
    expectIdentities(p);
    expect(await businessCounts(t)).toEqual(before);

    // 2304 before discharge is refused, with nothing written.
    const early = await sendHis(t, creds, '2304', { data: { ...data, invono: 'INV1' } }, { envelope: env });
    expect(early.body.infcode).toBe(-1);
    expect(early.body.err_msg).toContain('input.data.mdtrt_id');
    expect(early.body.err_msg).toContain('2402');
    expect(await businessCounts(t)).toEqual(before);
    expect(await balance()).toBe(BALANCE);

    const dscg = await sendHis(
      t,
      creds,
      '2402',
      {
        dscginfo: {
          mdtrt_id: mdtrtId,
          psn_no: person.psn_no,
          insutype: '310',
          endtime: `${DSCG} 10:00:00`,
          dise_codg: 'J18.000',
          dise_name: '支气管肺炎',
          dscg_way: '1',
        },
      },
      { envelope: env },
    );
    expect(dscg.body.infcode, dscg.body.err_msg).toBe(0);
    expect(await visitStatus(mdtrtId)).toMatchObject({ status: 'discharged', end_date: DSCG });

    const msgid = `H${Date.now()}2304`;
    const settled = await sendHis(
      t,
      creds,
      '2304',
      { data: { ...data, invono: 'INV1' } },
      { envelope: env, msgid },
    );
    expect(settled.body.infcode, settled.body.err_msg).toBe(0);
    const s = settled.body.output.setlinfo;
    expectIdentities(s);
    expect(s.setl_id).toMatch(/\d/);
    expect(fen(s.medfee_sumamt)).toBe(total);
    expect(s.medins_setl_id).toBe(msgid);
    expect(s.clr_type).toBe('21');
    expect(fen(s.fund_pay_sumamt)).toBeGreaterThan(0);
    expect(fen(s.acct_pay)).toBeGreaterThan(0);
    expect(fen(s.balc)).toBe(BALANCE - fen(s.acct_pay));
    expect(await balance()).toBe(BALANCE - fen(s.acct_pay));
    const details = settled.body.output.setldetail as { fund_pay_type: string; fund_payamt: number }[];
    if (fen(s.acct_pay) > 0)
      expect(details.find((d) => d.fund_pay_type === '310200')?.fund_payamt).toBe(s.acct_pay);
    expect((await visitStatus(mdtrtId)).status).toBe('settled');
    const afterSettle = await businessCounts(t);
    expect(afterSettle.settlements).toBe(before.settlements + 1);

    // The same msgid and request: the stored answer, nothing new.
    const replay = await sendHis(
      t,
      creds,
      '2304',
      { data: { ...data, invono: 'INV1' } },
      { envelope: env, msgid },
    );
    expect(replay.body).toEqual(settled.body);
    expect(await businessCounts(t)).toEqual(afterSettle);

    // 2405 while settled is refused: 2305 first.
    const undoEarly = await sendHis(
      t,
      creds,
      '2405',
      { data: { mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(undoEarly.body.infcode).toBe(-1);
    expect(undoEarly.body.err_msg).toContain('2305');

    const cancel = await sendHis(
      t,
      creds,
      '2305',
      { data: { mdtrt_id: mdtrtId, setl_id: s.setl_id, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(cancel.body.infcode, cancel.body.err_msg).toBe(0);
    const c = cancel.body.output.setlinfo;
    expectIdentities(c);
    expect(c.setl_id).toBe(s.setl_id);
    expect(fen(c.medfee_sumamt)).toBe(-total);
    expect(fen(c.fund_pay_sumamt) + fen(s.fund_pay_sumamt)).toBe(0);
    expect(fen(c.acct_pay) + fen(s.acct_pay)).toBe(0);
    expect(fen(c.balc)).toBe(BALANCE);
    expect(await balance()).toBe(BALANCE);
    expect((await visitStatus(mdtrtId)).status).toBe('discharged');

    const undo = await sendHis(
      t,
      creds,
      '2405',
      { data: { mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(undo.body.infcode, undo.body.err_msg).toBe(0);
    expect(await visitStatus(mdtrtId)).toMatchObject({ status: 'open', end_date: null });

    // 2404 needs the lines cancelled first (2302 "0000").
    const cancelAdmitEarly = await sendHis(
      t,
      creds,
      '2404',
      { data: { mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(cancelAdmitEarly.body.infcode).toBe(-1);
    expect(cancelAdmitEarly.body.err_msg).toContain('2302');
    const clear = await sendHis(
      t,
      creds,
      '2302',
      { data: { feedetl_sn: '0000', mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(clear.body.infcode, clear.body.err_msg).toBe(0);
    const cancelAdmit = await sendHis(
      t,
      creds,
      '2404',
      { data: { mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(cancelAdmit.body.infcode, cancelAdmit.body.err_msg).toBe(0);
    expect((await visitStatus(mdtrtId)).status).toBe('cancelled');
  });

  it('refuses inpatient transactions on an outpatient visit and an outpatient med_type at 2401', async () => {
    const reg = await sendHis(
      t,
      creds,
      '2201',
      {
        data: {
          psn_no: person.psn_no,
          insutype: '310',
          begntime: `${ADMIT} 11:00:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          ipt_otp_no: 'MZ9',
        },
      },
      { envelope: env },
    );
    expect(reg.body.infcode, reg.body.err_msg).toBe(0);
    const dscg = await sendHis(
      t,
      creds,
      '2402',
      {
        dscginfo: {
          mdtrt_id: reg.body.output.data.mdtrt_id,
          psn_no: person.psn_no,
          insutype: '310',
          endtime: `${DSCG} 10:00:00`,
          dscg_way: '1',
        },
      },
      { envelope: env },
    );
    expect(dscg.body.infcode).toBe(-1);
    expect(dscg.body.err_msg).toContain('input.dscginfo.mdtrt_id');
    const bad = await sendHis(
      t,
      creds,
      '2401',
      {
        mdtrtinfo: {
          psn_no: person.psn_no,
          insutype: '310',
          begntime: `${ADMIT} 10:00:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          med_type: '11',
          ipt_no: 'ZY2',
        },
      },
      { envelope: env },
    );
    expect(bad.body.infcode).toBe(-1);
    expect(bad.body.err_msg).toContain('input.mdtrtinfo.med_type');
  });
});
