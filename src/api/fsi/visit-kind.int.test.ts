import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { businessCounts, sendHis } from './fsi-test-kit.js';

/**
 * Outpatient transactions (2202–2208) refuse an admission's mdtrt_id and inpatient ones
 * (2301–2305, 2402–2405) an outpatient visit's, naming mdtrt_id and changing nothing.
 */
let t: TestApp;
let creds: HisCredentials;
let person: { psn_no: string; certno: string; id: number };
const DATE = '2026-06-10';
const env = { inf_time: `${DATE} 09:30:00` };
let admissionId: string;
let outpatientId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const hospital = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.code'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  creds = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: hospital.code });
  person = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.psn_no', 'p.certno', 'p.id'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', DATE)
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  const admit = await sendHis(
    t,
    creds,
    '2401',
    {
      mdtrtinfo: {
        psn_no: person.psn_no,
        insutype: '310',
        begntime: `${DATE} 10:00:00`,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: person.certno,
        ipt_no: 'ZY-K1',
        dise_codg: 'J18.900',
        dise_name: '肺炎',
      },
    },
    { envelope: env },
  );
  expect(admit.body.infcode, admit.body.err_msg).toBe(0);
  admissionId = admit.body.output.result.mdtrt_id;
  const reg = await sendHis(
    t,
    creds,
    '2201',
    {
      data: {
        psn_no: person.psn_no,
        insutype: '310',
        begntime: `${DATE} 11:00:00`,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: person.certno,
        ipt_otp_no: 'MZ-K1',
      },
    },
    { envelope: env },
  );
  expect(reg.body.infcode, reg.body.err_msg).toBe(0);
  outpatientId = reg.body.output.data.mdtrt_id;
});
afterAll(async () => {
  await t?.close();
});

const settleData = (mdtrtId: string, medType: string) => ({
  psn_no: person.psn_no,
  mdtrt_cert_type: '02',
  mdtrt_cert_no: person.certno,
  med_type: medType,
  medfee_sumamt: '0.00',
  psn_setlway: '01',
  mdtrt_id: mdtrtId,
  chrg_bchno: 'B1',
  acct_used_flag: '0',
  insutype: '310',
  invono: 'INV-K',
});

const feeRow = (mdtrtId: string) => ({
  feedetl_sn: 'K1',
  mdtrt_id: mdtrtId,
  psn_no: person.psn_no,
  chrg_bchno: 'B1',
  drord_no: 'YZ1',
  fee_ocur_time: `${DATE} 12:00:00`,
  med_list_codg: 'X',
  det_item_fee_sumamt: '1.00',
  cnt: 1,
  pric: '1.00',
});

describe('HIS gateway: outpatient and inpatient transactions keep to their own visits', () => {
  it('refuses every outpatient transaction on an admission, naming mdtrt_id', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['2202', { data: { psn_no: person.psn_no, mdtrt_id: admissionId, ipt_otp_no: 'x' } }, 'input.data'],
      [
        '2203',
        { mdtrtinfo: { mdtrt_id: admissionId, psn_no: person.psn_no, med_type: '11' } },
        'input.mdtrtinfo',
      ],
      ['2204', { feedetail: [feeRow(admissionId)] }, 'input.feedetail.0'],
      ['2205', { data: { mdtrt_id: admissionId, chrg_bchno: '0000', psn_no: person.psn_no } }, 'input.data'],
      ['2206', { data: settleData(admissionId, '21') }, 'input.data'],
      ['2207', { data: settleData(admissionId, '21') }, 'input.data'],
      ['2208', { data: { setl_id: '1', mdtrt_id: admissionId, psn_no: person.psn_no } }, 'input.data'],
    ];
    const before = await businessCounts(t);
    for (const [infno, input, path] of cases) {
      const r = await sendHis(t, creds, infno, input, { envelope: env });
      expect(r.body.infcode, `${infno}: ${r.body.err_msg}`).toBe(-1);
      expect(r.body.err_msg, infno).toContain(`${path}.mdtrt_id`);
      expect(r.body.err_msg, infno).toContain('2401');
    }
    expect(await businessCounts(t)).toEqual(before);
    const visit = await t.database.db
      .selectFrom('visits')
      .select('status')
      .where('id', '=', Number(admissionId))
      .executeTakeFirstOrThrow();
    expect(visit.status).toBe('open');
  });

  it('refuses every inpatient transaction on an outpatient visit, naming mdtrt_id', async () => {
    const data = { mdtrt_id: outpatientId, psn_no: person.psn_no };
    const cases: [string, Record<string, unknown>, string][] = [
      ['2301', { feedetail: [feeRow(outpatientId)] }, 'input.feedetail.0'],
      ['2302', { data: { ...data, feedetl_sn: '0000' } }, 'input.data'],
      ['2303', { data: { ...settleData(outpatientId, '11'), mid_setl_flag: '0' } }, 'input.data'],
      ['2304', { data: { ...settleData(outpatientId, '11'), mid_setl_flag: '0' } }, 'input.data'],
      ['2305', { data: { ...data, setl_id: '1' } }, 'input.data'],
      [
        '2402',
        {
          dscginfo: {
            ...data,
            insutype: '310',
            endtime: `${DATE} 18:00:00`,
            dscg_way: '1',
          },
        },
        'input.dscginfo',
      ],
      ['2403', { mdtrtinfo: { ...data, dise_codg: 'J18.000', dise_name: '支气管肺炎' } }, 'input.mdtrtinfo'],
      ['2404', { data }, 'input.data'],
      ['2405', { data }, 'input.data'],
    ];
    const before = await businessCounts(t);
    for (const [infno, input, path] of cases) {
      const r = await sendHis(t, creds, infno, input, { envelope: env });
      expect(r.body.infcode, `${infno}: ${r.body.err_msg}`).toBe(-1);
      expect(r.body.err_msg, infno).toContain(`${path}.mdtrt_id`);
    }
    expect(await businessCounts(t)).toEqual(before);
  });

  it('refuses the inpatient medical types at 2201 and 2203', async () => {
    const reg = await sendHis(
      t,
      creds,
      '2201',
      {
        data: {
          psn_no: person.psn_no,
          insutype: '310',
          begntime: `${DATE} 11:00:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          ipt_otp_no: 'MZ-K2',
          med_type: '52',
        },
      },
      { envelope: env },
    );
    expect(reg.body.infcode).toBe(-1);
    expect(reg.body.err_msg).toContain('input.data.med_type');
    const info = await sendHis(
      t,
      creds,
      '2203',
      { mdtrtinfo: { mdtrt_id: outpatientId, psn_no: person.psn_no, med_type: '21' } },
      { envelope: env },
    );
    expect(info.body.infcode).toBe(-1);
    expect(info.body.err_msg).toContain('input.mdtrtinfo.med_type');
  });
});
