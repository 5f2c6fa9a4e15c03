import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { parseYuan } from '../../domain/money/fen.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { businessCounts, sendHis } from './fsi-test-kit.js';

/** The outpatient flow 9001 → 1101 → 2201 → 2203 → 2204 → 2206 → 2207 → 2208 through the gateway. */
let t: TestApp;
let creds: HisCredentials;
let person: { psn_no: string; certno: string; name: string; id: number };
const DATE = '2026-06-10';
const at = { inf_time: `${DATE} 09:30:00` };

const fen = (v: unknown) => {
  const r = parseYuan(String(v));
  if (!r.ok) throw new Error(`not yuan: ${String(v)}`);
  return r.value as number;
};

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
    location: '门诊收费 1 号窗',
  });
  person = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.psn_no', 'p.certno', 'p.name', 'p.id'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', DATE)
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('personal_accounts')
    .values({ person_id: person.id, region_code: '370300', balance: 50_00 })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ balance: 50_00 }))
    .execute();
});
afterAll(async () => {
  await t?.close();
});

async function drug(itemClass: 'A' | 'B') {
  const page = await t.services.catalogue.list({
    regionCode: '370300',
    date: DATE,
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

describe('HIS gateway: outpatient flow', () => {
  it('registers, uploads, pre-settles, settles idempotently by msgid and cancels, with the identities to the fen', async () => {
    const signIn = await sendHis(
      t,
      creds,
      '9001',
      { signIn: { opter_no: '001', mac: '', ip: '10.0.0.8' } },
      { envelope: at },
    );
    expect(signIn.status).toBe(200);
    expect(signIn.body.infcode).toBe(0);
    const signNo = signIn.body.output.signinoutb.sign_no as string;
    const env = { ...at, sign_no: signNo };

    // 1101 by ID card, signed with the _api_ scheme.
    const info = await sendHis(
      t,
      creds,
      '1101',
      {
        data: {
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          psn_cert_type: '01',
          certno: person.certno,
          psn_name: person.name,
        },
      },
      { envelope: env, scheme: 'api' },
    );
    expect(info.body.infcode).toBe(0);
    expect(info.body.output.baseinfo.psn_no).toBe(person.psn_no);
    const insu = info.body.output.insuinfo.find((i: { insutype: string }) => i.insutype === '310');
    expect(insu.insuplc_admdvs).toBe('370300');
    expect(fen(insu.balc)).toBe(50_00);

    const reg = await sendHis(
      t,
      creds,
      '2201',
      {
        data: {
          psn_no: person.psn_no,
          insutype: '310',
          begntime: `${DATE} 09:31:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          ipt_otp_no: 'MZ0001',
          atddr_no: 'D01',
          dr_name: '王医生',
          dept_code: 'A03',
          dept_name: '内科',
          caty: 'A03',
        },
      },
      { envelope: { ...env, insuplc_admdvs: '370300' } },
    );
    expect(reg.body.infcode).toBe(0);
    const mdtrtId = reg.body.output.data.mdtrt_id as string;
    expect(reg.body.output.data.ipt_otp_no).toBe('MZ0001');

    const visitInfo = await sendHis(
      t,
      creds,
      '2203',
      {
        mdtrtinfo: {
          mdtrt_id: mdtrtId,
          psn_no: person.psn_no,
          med_type: '11',
          begntime: `${DATE} 09:31:00`,
          dise_codg: 'J06.900',
          dise_name: '急性上呼吸道感染',
        },
        diseinfo: [{ diag_type: '1', diag_srt_no: '1', diag_code: 'J06.900', diag_name: '急性上呼吸道感染' }],
      },
      { envelope: env },
    );
    expect(visitInfo.body.infcode).toBe(0);

    const a = await drug('A');
    const b = await drug('B');
    const yuan = (f: number) => (f / 100).toFixed(2);
    const fees = await sendHis(
      t,
      creds,
      '2204',
      {
        feedetail: [
          {
            feedetl_sn: 'F1',
            mdtrt_id: mdtrtId,
            psn_no: person.psn_no,
            chrg_bchno: 'B1',
            fee_ocur_time: `${DATE} 09:40:00`,
            med_list_codg: a.code,
            det_item_fee_sumamt: yuan(2 * a.paymentStandard),
            cnt: 2,
            pric: yuan(a.paymentStandard),
          },
          {
            feedetl_sn: 'F2',
            mdtrt_id: mdtrtId,
            psn_no: person.psn_no,
            chrg_bchno: 'B1',
            fee_ocur_time: `${DATE} 09:40:00`,
            med_list_codg: b.code,
            det_item_fee_sumamt: Number(yuan(b.paymentStandard)),
            cnt: '1',
            pric: Number(yuan(b.paymentStandard)),
          },
        ],
      },
      { envelope: env },
    );
    expect(fees.body.infcode, fees.body.err_msg).toBe(0);
    const rows = fees.body.output.result as Record<string, unknown>[];
    expect(rows.map((r) => r.feedetl_sn)).toEqual(['F1', 'F2']);
    expect(rows[1]!.chrgitm_lv).toBe('02');
    for (const r of rows)
      expect(
        fen(r.fulamt_ownpay_amt) + fen(r.overlmt_amt) + fen(r.preselfpay_amt) + fen(r.inscp_scp_amt),
      ).toBe(fen(r.det_item_fee_sumamt));
    const total = 2 * a.paymentStandard + b.paymentStandard;

    const data = {
      psn_no: person.psn_no,
      mdtrt_cert_type: '02',
      mdtrt_cert_no: person.certno,
      med_type: '11',
      medfee_sumamt: yuan(total),
      psn_setlway: '01',
      mdtrt_id: mdtrtId,
      chrg_bchno: 'B1',
      acct_used_flag: '1',
      insutype: '310',
    };
    const before = await businessCounts(t);
    const pre = await sendHis(t, creds, '2206', { data }, { envelope: env });
    expect(pre.body.infcode, pre.body.err_msg).toBe(0);
    expect(pre.body.output.setlinfo.setl_id).toBeUndefined();
    expectIdentities(pre.body.output.setlinfo);
    expect(await businessCounts(t)).toEqual(before);

    const wrongTotal = await sendHis(
      t,
      creds,
      '2207',
      { data: { ...data, medfee_sumamt: yuan(total + 1) } },
      { envelope: env },
    );
    expect(wrongTotal.body.infcode).toBe(-1);
    expect(wrongTotal.body.err_msg).toContain('input.data.medfee_sumamt');
    expect(await businessCounts(t)).toEqual(before);

    const msgid = `H${Date.now()}2207`;
    const settled = await sendHis(
      t,
      creds,
      '2207',
      { data: { ...data, invono: 'INV1' } },
      { envelope: env, msgid },
    );
    expect(settled.body.infcode, settled.body.err_msg).toBe(0);
    const s = settled.body.output.setlinfo;
    expectIdentities(s);
    expect(fen(s.medfee_sumamt)).toBe(total);
    expect(s.medins_setl_id).toBe(msgid);
    expect(s.clr_type).toBe('11');
    expect(fen(s.acct_pay)).toBeGreaterThan(0);
    expect(fen(s.balc)).toBe(50_00 - fen(s.acct_pay));
    expect(settled.body.output.setlinfo).toEqual({
      ...pre.body.output.setlinfo,
      setl_id: s.setl_id,
      setl_time: s.setl_time,
      medins_setl_id: msgid,
      balc: s.balc,
    });
    const details = settled.body.output.setldetail as { fund_pay_type: string; fund_payamt: number }[];
    expect(details.find((d) => d.fund_pay_type === '310200')?.fund_payamt).toBe(s.acct_pay);
    if (fen(s.hifp_pay) > 0)
      expect(details.find((d) => d.fund_pay_type === '310100')?.fund_payamt).toBe(s.hifp_pay);
    const afterSettle = await businessCounts(t);
    expect(afterSettle.settlements).toBe(before.settlements + 1);

    // The same msgid and request: the first answer, unchanged, and nothing new.
    const replay = await sendHis(
      t,
      creds,
      '2207',
      { data: { ...data, invono: 'INV1' } },
      { envelope: env, msgid },
    );
    expect(replay.body).toEqual(settled.body);
    expect(await businessCounts(t)).toEqual(afterSettle);
    // The same msgid with another request is refused.
    const conflict = await sendHis(
      t,
      creds,
      '2207',
      { data: { ...data, invono: 'INV2' } },
      { envelope: env, msgid },
    );
    expect(conflict.body.infcode).toBe(-1);
    expect(conflict.body.err_msg).toContain('idempotency key was used for a different request');
    expect(await businessCounts(t)).toEqual(afterSettle);

    const cancel = await sendHis(
      t,
      creds,
      '2208',
      { data: { setl_id: s.setl_id, mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(cancel.body.infcode, cancel.body.err_msg).toBe(0);
    const c = cancel.body.output.setlinfo;
    expectIdentities(c);
    expect(fen(c.medfee_sumamt)).toBe(-total);
    expect(fen(c.acct_pay)).toBe(-fen(s.acct_pay));
    expect(fen(c.balc)).toBe(50_00);
    const settlement = await t.database.db
      .selectFrom('settlements')
      .select('status')
      .where('setl_no', '=', s.setl_id)
      .executeTakeFirstOrThrow();
    expect(settlement.status).toBe('reversed');

    const signOut = await sendHis(
      t,
      creds,
      '9002',
      { signOut: { sign_no: signNo, opter_no: '001' } },
      { envelope: env },
    );
    expect(signOut.body.infcode).toBe(0);
  });

  it('answers the per-service path with the infno it implies', async () => {
    const res = await sendHis(
      t,
      creds,
      '1101',
      { data: { mdtrt_cert_type: '03', mdtrt_cert_no: person.certno, card_sn: 'C1' } },
      { envelope: { ...at, infno: undefined }, path: '/fsi/api/fsiPsnInfoService/queryPsnInfo' },
    );
    expect(res.body.infcode, res.body.err_msg).toBe(0);
    expect(res.body.output.baseinfo.certno).toBe(person.certno);
  });

  it('refuses an unknown item, an unknown infno and a missing field, naming it, with nothing changed', async () => {
    const before = await businessCounts(t);
    const reg = await sendHis(
      t,
      creds,
      '2201',
      {
        data: {
          psn_no: person.psn_no,
          insutype: '310',
          begntime: `${DATE} 10:00:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          ipt_otp_no: 'MZ2',
        },
      },
      { envelope: at },
    );
    expect(reg.body.infcode).toBe(0);
    const mdtrtId = reg.body.output.data.mdtrt_id;
    const afterReg = await businessCounts(t);
    const bad = await sendHis(
      t,
      creds,
      '2204',
      {
        feedetail: [
          {
            feedetl_sn: 'X1',
            mdtrt_id: mdtrtId,
            psn_no: person.psn_no,
            chrg_bchno: 'B',
            fee_ocur_time: `${DATE} 10:00:00`,
            med_list_codg: 'NO-SUCH-CODE',
            det_item_fee_sumamt: '1.00',
            cnt: 1,
            pric: '1.00',
          },
        ],
      },
      { envelope: at },
    );
    expect(bad.body.infcode).toBe(-1);
    expect(bad.body.err_msg).toContain('input.feedetail.0.med_list_codg');
    expect(await businessCounts(t)).toEqual(afterReg);

    const unknown = await sendHis(t, creds, '7777', { data: {} }, { envelope: at });
    expect(unknown.body.infcode).toBe(-1);
    expect(unknown.body.err_msg).toContain('infno');

    const missing = await sendHis(t, creds, '2201', { data: { psn_no: person.psn_no } }, { envelope: at });
    expect(missing.body.infcode).toBe(-1);
    expect(missing.body.err_msg).toContain('input.data.begntime');

    const noPerson = await sendHis(
      t,
      creds,
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: '000000000000000000' } },
      { envelope: at },
    );
    expect(noPerson.body.infcode).toBe(-1);
    expect(noPerson.body.err_msg).toContain('参保人不存在');

    const badJson = await sendHis(t, creds, '1101', {}, { rawBody: '{"infno": "1101", ' });
    expect(badJson.status).toBe(200);
    expect(badJson.body.infcode).toBe(-1);
    expect(badJson.body.err_msg).toContain('JSON');
    expect((await businessCounts(t)).visits).toBe(before.visits + 1);
  });
});
