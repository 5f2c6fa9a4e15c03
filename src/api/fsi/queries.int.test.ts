import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { downloadCatalogue } from '../../cli/his-catalogue.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { CATALOGUE_COLUMNS, catalogueEntryToCells } from '../../domain/catalogue/catalogue-entry.js';
import type { Fen } from '../../domain/money/fen.js';
import { parseYuan } from '../../domain/money/fen.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { businessCounts, sendHis } from './fsi-test-kit.js';

/** Catalogue download (1301/1305) and query (1312); visit (5201) and settlement (5203) queries. */
let t: TestApp;
let creds: HisCredentials;
let otherCreds: HisCredentials;
let otherInstitutionId: number;
let person: { psn_no: string; certno: string; id: number };
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
  const hospital = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.code', 'i.id'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  const other = await db
    .selectFrom('institutions')
    .select(['code', 'id'])
    .where('region_code', 'like', '3703%')
    .where('id', '!=', hospital.id)
    .where('kind', '=', 'hospital')
    .where('agreement_status', '=', 'active')
    .where('status', '=', 'active')
    .where('agreement_start', '<=', DATE)
    .where('agreement_end', '>=', DATE)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  otherInstitutionId = other.id;
  creds = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: hospital.code });
  otherCreds = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: other.code });
  person = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.psn_no', 'p.certno', 'p.id'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', '2026-01-01')
    .orderBy('p.id')
    .offset(3)
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await t?.close();
});

async function drugCount(region: string) {
  const row = await t.database.db
    .selectFrom('catalogue_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region_code', '=', region)
    .where('kind', '=', 'drug')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('HIS gateway: catalogue download (1301) and query (1312)', () => {
  it('downloads the care region’s catalogue in pages, then only what a later version changed', async () => {
    const first = await sendHis(
      t,
      creds,
      '1301',
      { data: { ver: '', page_num: 1, page_size: 50 } },
      { envelope: env },
    );
    expect(first.body.infcode, first.body.err_msg).toBe(0);
    const out = first.body.output;
    const all = await drugCount('370300');
    expect(out).toMatchObject({ pageNum: 1, pageSize: 50, size: 50, recordCounts: all, has_more: '1' });
    expect(out.pages).toBe(Math.ceil(all / 50));
    const row = out.data[0];
    expect(row).toMatchObject({ insu_admdvs: '370300', list_type: '101', vali_flag: '1' });
    expect(Object.keys(row)).toEqual(
      expect.arrayContaining(['hilist_code', 'hilist_name', 'begndate', 'enddate', 'chrgitm_lv', 'ver']),
    );
    const baseVer = out.ver as string;
    for (const r of out.data) expect(Number(r.ver)).toBeLessThanOrEqual(Number(baseVer));

    // The last page says nothing more remains; pages do not repeat rows.
    const last = await sendHis(
      t,
      creds,
      '1301',
      { data: { ver: '0', page_num: out.pages, page_size: 50 } },
      { envelope: env },
    );
    expect(last.body.output.has_more).toBe('0');
    expect(last.body.output.size).toBe(all - 50 * (out.pages - 1));
    const second = await sendHis(
      t,
      creds,
      '1301',
      { data: { ver: '0', page_num: 2, page_size: 50 } },
      { envelope: env },
    );
    const codes1 = new Set(out.data.map((r: { hilist_code: string }) => r.hilist_code));
    for (const r of second.body.output.data) expect(codes1.has(r.hilist_code)).toBe(false);

    // A later version re-prices two drugs from 1 July: an incremental download returns just them.
    const page = await t.services.catalogue.list({
      regionCode: '370300',
      date: DATE,
      kind: 'drug',
      pageSize: 2,
    });
    const changed = page.items.map((i) => ({ ...i, paymentStandard: (i.paymentStandard + 11) as Fen }));
    await t.services.catalogue.importTable(SYSTEM_ACTOR, {
      regionCode: '370300',
      effectiveFrom: '2026-07-01',
      fileName: 'delta.csv',
      table: { headers: CATALOGUE_COLUMNS.map((c) => c.key), rows: changed.map(catalogueEntryToCells) },
    });
    const delta = await sendHis(t, creds, '1301', { data: { ver: baseVer } }, { envelope: env });
    expect(delta.body.infcode, delta.body.err_msg).toBe(0);
    const d = delta.body.output;
    expect(Number(d.ver)).toBe(Number(baseVer) + 1);
    expect(d).toMatchObject({ recordCounts: 2, size: 2, has_more: '0' });
    expect(d.data.map((r: { hilist_code: string }) => r.hilist_code)).toEqual(
      changed.map((c) => c.code).sort(),
    );
    for (const r of d.data) {
      expect(r.ver).toBe(d.ver);
      expect(r.begndate).toBe('2026-07-01');
      const c = changed.find((x) => x.code === r.hilist_code)!;
      expect(fen(r.pric_uplmt_amt)).toBe(c.paymentStandard);
    }
    // The CLI's loop (yibao his catalogue) pages to the end and keeps the newest version.
    const cli = await downloadCatalogue(
      async (input) => (await sendHis(t, creds, '1301', input, { envelope: env })).body,
      {
        pageSize: 400,
      },
    );
    expect(cli.ver).toBe(d.ver);
    expect(cli.rows).toHaveLength(all + 2);
    expect(cli.pages).toBe(Math.ceil((all + 2) / 400));
    const again2 = await downloadCatalogue(
      async (input) => (await sendHis(t, creds, '1301', input, { envelope: env })).body,
      {
        ver: baseVer,
      },
    );
    expect(again2.rows.map((r) => r.hilist_code)).toEqual(changed.map((c) => c.code).sort());
    // Up to date: nothing.
    const none = await sendHis(t, creds, '1301', { data: { ver: d.ver } }, { envelope: env });
    expect(none.body.output).toMatchObject({ ver: d.ver, recordCounts: 0, data: [], has_more: '0' });

    // 1312 finds the item at a date: the old price before July, the new one after.
    const code = changed[0]!.code;
    const q = (date: string) =>
      sendHis(
        t,
        creds,
        '1312',
        {
          data: {
            hilist_code: code,
            query_date: date,
            updt_time: '2000-01-01 00:00:00',
            page_num: 1,
            page_size: 10,
          },
        },
        { envelope: env },
      );
    const june = await q(DATE);
    const july = await q('2026-07-10');
    expect(june.body.infcode, june.body.err_msg).toBe(0);
    expect(june.body.output.data).toHaveLength(1);
    expect(fen(june.body.output.data[0].pric_uplmt_amt)).toBe(page.items[0]!.paymentStandard);
    expect(fen(july.body.output.data[0].pric_uplmt_amt)).toBe(changed[0]!.paymentStandard);
    expect(july.body.output.data[0].ver).toBe(d.ver);
  });

  it('downloads services with 1305, queries by name in pages, and refuses bad paging, versions and regions', async () => {
    const services = await sendHis(t, creds, '1305', { data: { ver: '0', page_size: 5 } }, { envelope: env });
    expect(services.body.infcode, services.body.err_msg).toBe(0);
    for (const r of services.body.output.data) expect(r.list_type).toBe('201');

    const name = (
      await t.services.catalogue.list({ regionCode: '370300', date: DATE, kind: 'drug', pageSize: 1 })
    ).items[0]!.genericName;
    const byName = await sendHis(
      t,
      creds,
      '1312',
      { data: { hilist_name: name, query_date: DATE, list_type: '101', page_num: 1, page_size: 1 } },
      { envelope: env },
    );
    expect(byName.body.infcode, byName.body.err_msg).toBe(0);
    expect(byName.body.output.size).toBe(1);
    expect(byName.body.output.recordCounts).toBeGreaterThanOrEqual(1);
    expect(byName.body.output.data[0].drug_genname).toBe(name);

    const refusals: [string, Record<string, unknown>, string][] = [
      ['1301', { data: { ver: 'v1' } }, 'input.data.ver'],
      ['1301', { data: { ver: '999999' } }, 'input.data.ver'],
      ['1301', { data: { ver: '0', page_size: 5000 } }, 'input.data.page_size'],
      ['1301', { data: { ver: '0', page_num: 0 } }, 'input.data.page_num'],
      ['1301', { data: { ver: '0', insu_admdvs: '330500' } }, 'input.data.insu_admdvs'],
      ['1312', { data: { page_num: 1, page_size: 201 } }, 'input.data.page_size'],
      ['1312', { data: { list_type: '999', page_num: 1, page_size: 10 } }, 'input.data.list_type'],
      ['1312', { data: { query_date: '10/06/2026', page_num: 1, page_size: 10 } }, 'input.data.query_date'],
    ];
    for (const [infno, input, path] of refusals) {
      const r = await sendHis(t, creds, infno, input, { envelope: env });
      expect(r.body.infcode, `${infno} ${path}`).toBe(-1);
      expect(r.body.err_msg).toContain(path);
    }
  });
});

describe('HIS gateway: visit (5201) and settlement (5203) queries', () => {
  it('answers the institution’s own visits and settlements only, as 2207 answered them', async () => {
    const register = (c: HisCredentials, day: string, ipt: string) =>
      sendHis(
        t,
        c,
        '2201',
        {
          data: {
            psn_no: person.psn_no,
            insutype: '310',
            begntime: `${day} 09:00:00`,
            mdtrt_cert_type: '02',
            mdtrt_cert_no: person.certno,
            ipt_otp_no: ipt,
          },
        },
        { envelope: env },
      );
    const may = await register(creds, '2026-05-20', 'Q1');
    const june = await register(creds, DATE, 'Q2');
    const elsewhere = await register(otherCreds, DATE, 'Q3');
    for (const r of [may, june, elsewhere]) expect(r.body.infcode, r.body.err_msg).toBe(0);
    const juneId = june.body.output.data.mdtrt_id as string;

    const visits = await sendHis(
      t,
      creds,
      '5201',
      { data: { psn_no: person.psn_no, begntime: '2026-06-01 00:00:00', endtime: '2026-06-30 23:59:59' } },
      { envelope: env },
    );
    expect(visits.body.infcode, visits.body.err_msg).toBe(0);
    expect(visits.body.output.mdtrtinfo.map((v: { mdtrt_id: string }) => v.mdtrt_id)).toEqual([juneId]);
    expect(visits.body.output.mdtrtinfo[0]).toMatchObject({
      psn_no: person.psn_no,
      med_type: '11',
      insutype: '310',
      begntime: `${DATE} 00:00:00`,
      insuplc_admdvs: '370300',
      vali_flag: '1',
      fixmedins_code: creds.fixmedinsCode,
    });
    const wide = await sendHis(
      t,
      creds,
      '5201',
      { data: { psn_no: person.psn_no, begntime: '2026-01-01 00:00:00', endtime: '2026-12-31 00:00:00' } },
      { envelope: env },
    );
    expect(wide.body.output.mdtrtinfo).toHaveLength(2);
    const backwards = await sendHis(
      t,
      creds,
      '5201',
      { data: { psn_no: person.psn_no, begntime: '2026-06-30 00:00:00', endtime: '2026-06-01 00:00:00' } },
      { envelope: env },
    );
    expect(backwards.body.infcode).toBe(-1);
    expect(backwards.body.err_msg).toContain('input.data.endtime');

    // Settle the June visit, then query the settlement by setl_id and by mdtrt_id.
    const item = (
      await t.services.catalogue.list({
        regionCode: '370300',
        date: DATE,
        kind: 'drug',
        itemClass: 'A',
        pageSize: 50,
      })
    ).items.find((i) => Object.keys(i.restrictions).length === 0 && i.paymentStandard > 0)!;
    const fees = await sendHis(
      t,
      creds,
      '2204',
      {
        feedetail: [
          {
            feedetl_sn: 'Q1',
            mdtrt_id: juneId,
            psn_no: person.psn_no,
            chrg_bchno: 'B1',
            fee_ocur_time: `${DATE} 09:10:00`,
            med_list_codg: item.code,
            det_item_fee_sumamt: yuan(item.paymentStandard * 3),
            cnt: 3,
            pric: yuan(item.paymentStandard),
          },
        ],
      },
      { envelope: env },
    );
    expect(fees.body.infcode, fees.body.err_msg).toBe(0);
    const msgid = `H${Date.now()}Q2207`;
    const settled = await sendHis(
      t,
      creds,
      '2207',
      {
        data: {
          psn_no: person.psn_no,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: person.certno,
          med_type: '11',
          medfee_sumamt: yuan(item.paymentStandard * 3),
          psn_setlway: '01',
          mdtrt_id: juneId,
          chrg_bchno: 'B1',
          acct_used_flag: '1',
          insutype: '310',
        },
      },
      { envelope: env, msgid },
    );
    expect(settled.body.infcode, settled.body.err_msg).toBe(0);
    const s = settled.body.output;

    const before = await businessCounts(t);
    const bySetl = await sendHis(
      t,
      creds,
      '5203',
      { data: { psn_no: person.psn_no, setl_id: s.setlinfo.setl_id } },
      { envelope: env },
    );
    expect(bySetl.body.infcode, bySetl.body.err_msg).toBe(0);
    const { balc: _b, mdtrt_cert_type: _m, setl_time: _t, ...same } = s.setlinfo;
    expect(bySetl.body.output.setlinfo).toMatchObject({ ...same, vali_flag: '1', balc: null });
    expect(bySetl.body.output.setlinfo.medins_setl_id).toBe(msgid);
    expect(bySetl.body.output.setldetail).toEqual(s.setldetail);
    const byVisit = await sendHis(
      t,
      creds,
      '5203',
      { data: { psn_no: person.psn_no, mdtrt_id: juneId } },
      { envelope: env },
    );
    expect(byVisit.body.output.setlinfo.setl_id).toBe(s.setlinfo.setl_id);
    expect(await businessCounts(t)).toEqual(before);

    // Another institution's terminal sees neither the visit nor the settlement.
    const foreign = await sendHis(
      t,
      otherCreds,
      '5203',
      { data: { psn_no: person.psn_no, setl_id: s.setlinfo.setl_id } },
      { envelope: env },
    );
    expect(foreign.body.infcode).toBe(-1);
    expect(foreign.body.err_msg).toContain('结算记录不存在');
    const foreignVisits = await sendHis(
      t,
      otherCreds,
      '5201',
      { data: { psn_no: person.psn_no, begntime: '2026-01-01 00:00:00', endtime: '2026-12-31 00:00:00' } },
      { envelope: env },
    );
    expect(foreignVisits.body.output.mdtrtinfo.map((v: { mdtrt_id: string }) => v.mdtrt_id)).toEqual([
      elsewhere.body.output.data.mdtrt_id,
    ]);
    expect(otherInstitutionId).toBeGreaterThan(0);

    const neither = await sendHis(t, creds, '5203', { data: { psn_no: person.psn_no } }, { envelope: env });
    expect(neither.body.infcode).toBe(-1);
    expect(neither.body.err_msg).toContain('input.data.setl_id');

    // After 2208 the settlement is shown as reversed.
    const cancel = await sendHis(
      t,
      creds,
      '2208',
      { data: { setl_id: s.setlinfo.setl_id, mdtrt_id: juneId, psn_no: person.psn_no } },
      { envelope: env },
    );
    expect(cancel.body.infcode, cancel.body.err_msg).toBe(0);
    const reversed = await sendHis(
      t,
      creds,
      '5203',
      { data: { psn_no: person.psn_no, setl_id: s.setlinfo.setl_id, mdtrt_id: juneId } },
      { envelope: env },
    );
    expect(reversed.body.output.setlinfo).toMatchObject({
      vali_flag: '0',
      medfee_sumamt: s.setlinfo.medfee_sumamt,
    });
  });
});
