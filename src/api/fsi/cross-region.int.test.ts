import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { parseYuan } from '../../domain/money/fen.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { businessCounts, sendHis } from './fsi-test-kit.js';

/**
 * 异地就医 through the gateway: a person insured in 淄博 (370300) is filed (2501 at a 淄博
 * hospital) for long-term residence in 湖州 (330500) and treated at a 湖州 hospital:
 * 1101 → 2201 → 2204 (湖州's catalogue) → 2206 → 2207 under 淄博's policy, marked for clearing;
 * then 2208, and 2502 revokes the filing.
 */
let t: TestApp;
let ziboCreds: HisCredentials;
let hzCreds: HisCredentials;
let person: { psn_no: string; certno: string; name: string; id: number };
const DATE = '2026-06-10';
const env = { inf_time: `${DATE} 09:30:00` };

const fen = (v: unknown) => {
  const r = parseYuan(String(v));
  if (!r.ok) throw new Error(`not yuan: ${String(v)}`);
  return r.value as number;
};
const yuan = (f: number) => (f / 100).toFixed(2);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const ziboHospital = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.code'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  const hzHospital = await db
    .selectFrom('institutions')
    .select(['code'])
    .where('region_code', 'like', '3305%')
    .where('kind', '=', 'hospital')
    .where('agreement_status', '=', 'active')
    .where('status', '=', 'active')
    .where('agreement_start', '<=', DATE)
    .where('agreement_end', '>=', DATE)
    .orderBy('level', 'desc')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  ziboCreds = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: ziboHospital.code });
  hzCreds = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: hzHospital.code });
  person = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.psn_no', 'p.certno', 'p.name', 'p.id'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', DATE)
    .orderBy('p.id', 'desc')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('personal_accounts')
    .values({ person_id: person.id, region_code: '370300', balance: 30_00 })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ balance: 30_00 }))
    .execute();
});
afterAll(async () => {
  await t?.close();
});

/** A class B drug of 湖州's catalogue without restrictions; preferably one 淄博 prices differently. */
async function hzDrug() {
  const q = { date: DATE, kind: 'drug', itemClass: 'B', pageSize: 200 } as const;
  const hz = await t.services.catalogue.list({ ...q, regionCode: '330500' });
  const zb = await t.services.catalogue.list({ ...q, regionCode: '370300' });
  const zbPrice = new Map(zb.items.map((i) => [i.code, i.paymentStandard as number]));
  const plain = hz.items.filter(
    (i) => Object.keys(i.restrictions).length === 0 && i.paymentStandard > 0 && i.firstSelfPayBp === null,
  );
  const item = plain.find((i) => zbPrice.get(i.code) !== i.paymentStandard) ?? plain[0];
  if (!item) throw new Error('no class B drug in 330500');
  return item;
}

function expectIdentities(s: Record<string, unknown>) {
  expect(fen(s.psn_part_amt)).toBe(fen(s.acct_pay) + fen(s.psn_cash_pay));
  expect(fen(s.medfee_sumamt)).toBe(fen(s.fund_pay_sumamt) + fen(s.psn_part_amt) + fen(s.hosp_part_amt));
  const funds = ['hifp_pay', 'cvlserv_pay', 'hifes_pay', 'hifmi_pay', 'hifob_pay', 'maf_pay', 'oth_pay'];
  expect(funds.reduce((sum, k) => sum + fen(s[k]), 0)).toBe(fen(s.fund_pay_sumamt));
}

const register = (ipt: string) =>
  sendHis(
    t,
    hzCreds,
    '2201',
    {
      data: {
        psn_no: person.psn_no,
        insutype: '310',
        begntime: `${DATE} 09:40:00`,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: person.certno,
        ipt_otp_no: ipt,
      },
    },
    { envelope: { ...env, insuplc_admdvs: '370300' } },
  );

describe('HIS gateway: cross-region care with a filing', () => {
  it('refuses a filing from a hospital outside the insured region and a care region inside it', async () => {
    const before = await businessCounts(t);
    const refmedin = {
      psn_no: person.psn_no,
      insutype: '310',
      mdtrtarea_admdvs: '330500',
      begndate: '2026-06-01',
      fil_type: '1',
    };
    const foreign = await sendHis(t, hzCreds, '2501', { refmedin }, { envelope: env });
    expect(foreign.body.infcode).toBe(-1);
    expect(foreign.body.err_msg).toContain('无权执行此操作');
    const local = await sendHis(
      t,
      ziboCreds,
      '2501',
      { refmedin: { ...refmedin, mdtrtarea_admdvs: '370300' } },
      { envelope: env },
    );
    expect(local.body.infcode).toBe(-1);
    expect(local.body.err_msg).toContain('input.refmedin.mdtrtarea_admdvs');
    const kind = await sendHis(
      t,
      ziboCreds,
      '2501',
      { refmedin: { ...refmedin, fil_type: '9' } },
      { envelope: env },
    );
    expect(kind.body.infcode).toBe(-1);
    expect(kind.body.err_msg).toContain('input.refmedin.fil_type');
    expect(await businessCounts(t)).toEqual(before);
    const filings = await t.database.db.selectFrom('cross_region_filings').select('id').execute();
    expect(filings).toEqual([]);
  });

  it("settles at a 湖州 hospital under 淄博's policy with 湖州's catalogue, filed, and marked for clearing", async () => {
    // 2501 at the referring 淄博 hospital: long-term residence in 湖州 from 1 June.
    const filed = await sendHis(
      t,
      ziboCreds,
      '2501',
      {
        refmedin: {
          psn_no: person.psn_no,
          insutype: '310',
          tel: '13800000000',
          addr: '湖州市吴兴区',
          mdtrtarea_admdvs: '330500',
          begndate: '2026-06-01',
          fil_type: '1',
          refl_rea: '异地安置退休',
        },
      },
      { envelope: env },
    );
    expect(filed.body.infcode, filed.body.err_msg).toBe(0);
    const sn = filed.body.output.result.trt_dcla_detl_sn as string;
    expect(sn).toMatch(/^\d+$/);
    expect(filed.body.output.result.enddate).toBeNull();

    const info = await sendHis(
      t,
      hzCreds,
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: person.certno, psn_name: person.name } },
      { envelope: env },
    );
    expect(info.body.infcode, info.body.err_msg).toBe(0);
    const insu = info.body.output.insuinfo.find((i: { insutype: string }) => i.insutype === '310');
    expect(insu.insuplc_admdvs).toBe('370300');

    const reg = await register('HZ-MZ1');
    expect(reg.body.infcode, reg.body.err_msg).toBe(0);
    const mdtrtId = reg.body.output.data.mdtrt_id as string;
    const visit = await t.database.db
      .selectFrom('visits')
      .select(['region_code', 'insured_region_code', 'cross_region'])
      .where('id', '=', Number(mdtrtId))
      .executeTakeFirstOrThrow();
    expect(visit).toEqual({
      region_code: '330500',
      insured_region_code: '370300',
      cross_region: 'filedLongTerm',
    });

    const drug = await hzDrug();
    const cnt = Math.max(1, Math.ceil(100_00 / drug.paymentStandard));
    const total = cnt * drug.paymentStandard;
    const fees = await sendHis(
      t,
      hzCreds,
      '2204',
      {
        feedetail: [
          {
            feedetl_sn: 'HZ1',
            mdtrt_id: mdtrtId,
            psn_no: person.psn_no,
            chrg_bchno: 'B1',
            fee_ocur_time: `${DATE} 09:50:00`,
            med_list_codg: drug.code,
            det_item_fee_sumamt: yuan(total),
            cnt,
            pric: yuan(drug.paymentStandard),
          },
        ],
      },
      { envelope: env },
    );
    expect(fees.body.infcode, fees.body.err_msg).toBe(0);
    const row = fees.body.output.result[0];
    // 湖州's catalogue: its payment standard and class.
    expect(fen(row.pric_uplmt_amt)).toBe(drug.paymentStandard);
    expect(row.chrgitm_lv).toBe('02');

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
    const pre = await sendHis(t, hzCreds, '2206', { data }, { envelope: env });
    expect(pre.body.infcode, pre.body.err_msg).toBe(0);
    expectIdentities(pre.body.output.setlinfo);
    expect(await businessCounts(t)).toEqual(before);

    const msgid = `H${Date.now()}X2207`;
    const settled = await sendHis(
      t,
      hzCreds,
      '2207',
      { data: { ...data, invono: 'HZ-INV1' } },
      { envelope: env, msgid },
    );
    expect(settled.body.infcode, settled.body.err_msg).toBe(0);
    const s = settled.body.output.setlinfo;
    expectIdentities(s);
    expect(fen(s.medfee_sumamt)).toBe(total);
    expect(s.clr_optins).toBe('370300');
    expect(s.clr_type).toBe('11');
    expect(s.setl_id).toMatch(/\d/);
    // Pre-settlement and settlement agree.
    for (const k of ['medfee_sumamt', 'fund_pay_sumamt', 'preselfpay_amt', 'acct_pay', 'psn_cash_pay'])
      expect(s[k], k).toBe(pre.body.output.setlinfo[k]);

    const row2 = await t.database.db
      .selectFrom('settlements as s')
      .innerJoin('policies as p', 'p.policy_id', 's.policy_id')
      .select([
        's.region_code',
        's.insured_region_code',
        's.clearing_status',
        's.breakdown',
        'p.region_code as policy_region',
      ])
      .where('s.setl_no', '=', s.setl_id)
      .executeTakeFirstOrThrow();
    expect(row2).toMatchObject({
      region_code: '330500',
      insured_region_code: '370300',
      clearing_status: 'pending',
      policy_region: '370300',
    });
    // Filed long-term: 淄博 adds no cross-region first self-pay (it adds 10 % when not filed).
    const steps = (row2.breakdown as { steps: { rule: string }[] }).steps;
    expect(steps.some((st) => st.rule === 'line.crossRegionFirstSelfPay')).toBe(false);

    // 2208 reverses it exactly.
    const cancel = await sendHis(
      t,
      hzCreds,
      '2208',
      { data: { setl_id: s.setl_id, mdtrt_id: mdtrtId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(cancel.body.infcode, cancel.body.err_msg).toBe(0);
    expectIdentities(cancel.body.output.setlinfo);
    expect(fen(cancel.body.output.setlinfo.medfee_sumamt)).toBe(-total);

    // An admission (2401) at the 湖州 hospital is filed too; 2404 cancels it.
    const admit = await sendHis(
      t,
      hzCreds,
      '2401',
      {
        mdtrtinfo: {
          psn_no: person.psn_no,
          insutype: '310',
          begntime: `${DATE} 11:00:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          ipt_no: 'HZ-ZY1',
          dise_codg: 'J18.900',
          dise_name: '肺炎',
        },
      },
      { envelope: env },
    );
    expect(admit.body.infcode, admit.body.err_msg).toBe(0);
    const admission = await t.database.db
      .selectFrom('visits')
      .select(['cross_region', 'benefit'])
      .where('id', '=', Number(admit.body.output.result.mdtrt_id))
      .executeTakeFirstOrThrow();
    expect(admission).toEqual({ cross_region: 'filedLongTerm', benefit: 'inpatient' });
    const unadmit = await sendHis(
      t,
      hzCreds,
      '2404',
      { data: { mdtrt_id: admit.body.output.result.mdtrt_id, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(unadmit.body.infcode, unadmit.body.err_msg).toBe(0);

    // 2502 at the 淄博 hospital revokes the filing; the next 湖州 visit is not filed.
    const revoke = await sendHis(
      t,
      ziboCreds,
      '2502',
      { data: { psn_no: person.psn_no, trt_dcla_detl_sn: sn, memo: '返回淄博' } },
      { envelope: env },
    );
    expect(revoke.body.infcode, revoke.body.err_msg).toBe(0);
    const again = await sendHis(
      t,
      ziboCreds,
      '2502',
      { data: { psn_no: person.psn_no, trt_dcla_detl_sn: sn } },
      { envelope: env },
    );
    expect(again.body.infcode).toBe(-1);
    expect(again.body.err_msg).toContain('input.data.trt_dcla_detl_sn');
    const later = await register('HZ-MZ2');
    expect(later.body.infcode, later.body.err_msg).toBe(0);
    const v2 = await t.database.db
      .selectFrom('visits')
      .select('cross_region')
      .where('id', '=', Number(later.body.output.data.mdtrt_id))
      .executeTakeFirstOrThrow();
    expect(v2.cross_region).toBe('unfiledTemporary');
  });
});
