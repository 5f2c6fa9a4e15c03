import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { parseYuan } from '../../domain/money/fen.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { sendHis } from './fsi-test-kit.js';

/** A test app with a terminal of the demo hospital, one of another institution, and an insured person. */
export interface HisWorld {
  readonly t: TestApp;
  readonly creds: HisCredentials;
  readonly otherCreds: HisCredentials;
  readonly hospitalId: number;
  readonly person: { psn_no: string; certno: string; id: number };
}

export const DATE = '2026-06-10';
export const env = { inf_time: `${DATE} 09:30:00` };

/** Yuan on the wire as fen; throws on anything else. */
export function fenOf(v: unknown): number {
  const r = parseYuan(String(v));
  if (!r.ok) throw new Error(`not yuan: ${String(v)}`);
  return r.value;
}

export const yuan = (f: number) =>
  `${f < 0 ? '-' : ''}${Math.trunc(Math.abs(f) / 100)}.${String(Math.abs(f) % 100).padStart(2, '0')}`;

export async function hisWorld(accountBalance = 500_00): Promise<HisWorld> {
  const t = await createTestApp();
  const db = t.database.db;
  const hospital = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.code', 'i.id'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  const another = await db
    .selectFrom('institutions')
    .select('code')
    .where('id', '!=', hospital.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const creds = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: hospital.code });
  const otherCreds = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: another.code });
  const person = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.psn_no', 'p.certno', 'p.id'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', DATE)
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('personal_accounts')
    .values({ person_id: person.id, region_code: '370300', balance: accountBalance })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ balance: accountBalance }))
    .execute();
  return { t, creds, otherCreds, hospitalId: hospital.id, person };
}

/** A class A or B drug without restrictions, in force on DATE. */
export async function drug(w: HisWorld, itemClass: 'A' | 'B') {
  const page = await w.t.services.catalogue.list({
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

/** 2201: an outpatient visit of the world's person; returns mdtrt_id and the answer. */
export async function register(w: HisWorld, msgid?: string) {
  const res = await sendHis(
    w.t,
    w.creds,
    '2201',
    {
      data: {
        psn_no: w.person.psn_no,
        insutype: '310',
        begntime: `${DATE} 09:31:00`,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: w.person.certno,
        ipt_otp_no: 'MZ1',
      },
    },
    { envelope: env, ...(msgid ? { msgid } : {}) },
  );
  if (res.body.infcode !== 0) throw new Error(`2201: ${res.body.err_msg}`);
  return { mdtrtId: res.body.output.data.mdtrt_id as string, body: res.body };
}

/** 2204: uploads `count` units of a drug as one line per serial in batch `batch`; returns the total in fen. */
export async function upload(
  w: HisWorld,
  mdtrtId: string,
  rows: { sn: string; item: { code: string; paymentStandard: number }; cnt: number; batch?: string }[],
  msgid?: string,
) {
  const res = await sendHis(
    w.t,
    w.creds,
    '2204',
    {
      feedetail: rows.map((r) => ({
        feedetl_sn: r.sn,
        mdtrt_id: mdtrtId,
        psn_no: w.person.psn_no,
        chrg_bchno: r.batch ?? 'B1',
        fee_ocur_time: `${DATE} 09:40:00`,
        med_list_codg: r.item.code,
        det_item_fee_sumamt: yuan(r.cnt * r.item.paymentStandard),
        cnt: r.cnt,
        pric: yuan(r.item.paymentStandard),
      })),
    },
    { envelope: env, ...(msgid ? { msgid } : {}) },
  );
  if (res.body.infcode !== 0) throw new Error(`2204: ${res.body.err_msg}`);
  return rows.reduce((s, r) => s + r.cnt * r.item.paymentStandard, 0);
}

/** The 2207 input for a visit whose lines total `total` fen. */
export function settleInput(w: HisWorld, mdtrtId: string, total: number) {
  return {
    data: {
      psn_no: w.person.psn_no,
      mdtrt_cert_type: '02',
      mdtrt_cert_no: w.person.certno,
      med_type: '11',
      medfee_sumamt: yuan(total),
      psn_setlway: '01',
      mdtrt_id: mdtrtId,
      chrg_bchno: 'B1',
      acct_used_flag: '1',
      insutype: '310',
    },
  };
}

/** 2201 → 2204 → 2207 under `msgid`; returns the setlinfo. */
export async function settledVisit(w: HisWorld, msgid: string, cnt = 2) {
  const a = await drug(w, 'A');
  const { mdtrtId } = await register(w);
  const total = await upload(w, mdtrtId, [{ sn: 'F1', item: a, cnt }]);
  const res = await sendHis(w.t, w.creds, '2207', settleInput(w, mdtrtId, total), { envelope: env, msgid });
  if (res.body.infcode !== 0) throw new Error(`2207: ${res.body.err_msg}`);
  return { mdtrtId, total, setlinfo: res.body.output.setlinfo as Record<string, unknown> };
}
