import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessCounts, sendHis } from './fsi-test-kit.js';
import {
  DATE,
  drug,
  env,
  fenOf,
  type HisWorld,
  hisWorld,
  register,
  settledVisit,
  settleInput,
  upload,
  yuan,
} from './his-flow-kit.js';

/** 2601 冲正: undoing an earlier message by its msgid. */
let w: HisWorld;
let serial = 0;
const msgid = (tag: string) => `H${tag}${Date.now()}${++serial}`;

beforeAll(async () => {
  w = await hisWorld();
});
afterAll(async () => {
  await w?.t.close();
});

const reverse = (
  omsgid: string,
  oinfno: string,
  o: { msgid?: string; psn_no?: string; other?: boolean } = {},
) =>
  sendHis(
    w.t,
    o.other ? w.otherCreds : w.creds,
    '2601',
    { data: { psn_no: o.psn_no ?? w.person.psn_no, omsgid, oinfno } },
    { envelope: env, ...(o.msgid ? { msgid: o.msgid } : {}) },
  );

async function balance() {
  const row = await w.t.database.db
    .selectFrom('personal_accounts')
    .select('balance')
    .where('person_id', '=', w.person.id)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

async function accumulators() {
  const rows = await w.t.database.db
    .selectFrom('accumulators')
    .select(['year', 'key', 'value'])
    .where('person_id', '=', w.person.id)
    .orderBy('year')
    .orderBy('key')
    .execute();
  // A key that went back to 0 is the same state as a key never written.
  return rows.filter((r) => Number(r.value) !== 0).map((r) => `${r.year}:${r.key}=${Number(r.value)}`);
}

async function messageRow(id: string) {
  return w.t.database.db
    .selectFrom('gateway_messages')
    .select(['reversed_by_msgid', 'reversed_at'])
    .where('msgid', '=', id)
    .executeTakeFirstOrThrow();
}

describe('2601 冲正 of a settlement (HIS timed out waiting for 2207)', () => {
  it('reverses the settlement made under omsgid: balances and accumulators restored, opposite postings, link recorded; a second 2601 does not undo twice', async () => {
    const balanceBefore = await balance();
    const accBefore = await accumulators();
    const m2207 = msgid('S');
    const { setlinfo, total } = await settledVisit(w, m2207, 3);
    expect(fenOf(setlinfo.acct_pay)).toBeGreaterThan(0);
    expect(await balance()).toBe(balanceBefore - fenOf(setlinfo.acct_pay));
    expect(await accumulators()).not.toEqual(accBefore);

    const m2601 = msgid('R');
    const rev = await reverse(m2207, '2207', { msgid: m2601 });
    expect(rev.body.infcode, rev.body.err_msg).toBe(0);
    expect(fenOf(rev.body.output.setlinfo.medfee_sumamt)).toBe(-total);
    expect(fenOf(rev.body.output.setlinfo.acct_pay)).toBe(-fenOf(setlinfo.acct_pay));
    expect(rev.body.output.setlinfo.setl_id).toBe(setlinfo.setl_id);

    expect(await balance()).toBe(balanceBefore);
    expect(await accumulators()).toEqual(accBefore);
    const db = w.t.database.db;
    const s = await db
      .selectFrom('settlements')
      .select(['id', 'status', 'reverse_reason'])
      .where('setl_no', '=', String(setlinfo.setl_id))
      .executeTakeFirstOrThrow();
    expect(s.status).toBe('reversed');
    expect(s.reverse_reason).toContain(m2601);
    const postings = await db
      .selectFrom('postings')
      .select(['kind', 'account', 'amount'])
      .where('settlement_id', '=', s.id)
      .execute();
    const settle = postings.filter((p) => p.kind === 'settle');
    const rvs = postings.filter((p) => p.kind === 'reverse');
    expect(settle.length).toBeGreaterThan(1);
    expect(rvs.map((p) => `${p.account}:${-Number(p.amount)}`).sort()).toEqual(
      settle.map((p) => `${p.account}:${Number(p.amount)}`).sort(),
    );
    const link = await messageRow(m2207);
    expect(link.reversed_by_msgid).toBe(m2601);
    expect(link.reversed_at).not.toBeNull();

    // The same 2601 resent under its msgid: the stored answer, nothing more.
    const counts = await businessCounts(w.t);
    const again = await reverse(m2207, '2207', { msgid: m2601 });
    expect(again.body).toEqual(rev.body);
    // A second 2601 under a new msgid is refused, naming the first; nothing is undone twice.
    const second = await reverse(m2207, '2207');
    expect(second.body.infcode).toBe(-1);
    expect(second.body.err_msg).toContain('原交易已冲正');
    expect(second.body.err_msg).toContain('input.data.omsgid');
    expect(second.body.err_msg).toContain(m2601);
    expect(await businessCounts(w.t)).toEqual(counts);
    expect(await balance()).toBe(balanceBefore);
    expect(await accumulators()).toEqual(accBefore);
    // …and 2208 of the reversed settlement is refused too.
    const cancel = await sendHis(
      w.t,
      w.creds,
      '2208',
      { data: { setl_id: setlinfo.setl_id, mdtrt_id: setlinfo.mdtrt_id, psn_no: w.person.psn_no } },
      { envelope: env },
    );
    expect(cancel.body.infcode).toBe(-1);
    expect(await businessCounts(w.t)).toEqual(counts);
  });

  it('refuses to reverse a settlement already cancelled by 2208, and 2208/2305 themselves', async () => {
    const m2207 = msgid('S');
    const { setlinfo } = await settledVisit(w, m2207);
    const m2208 = msgid('C');
    const cancel = await sendHis(
      w.t,
      w.creds,
      '2208',
      { data: { setl_id: setlinfo.setl_id, mdtrt_id: setlinfo.mdtrt_id, psn_no: w.person.psn_no } },
      { envelope: env, msgid: m2208 },
    );
    expect(cancel.body.infcode, cancel.body.err_msg).toBe(0);
    const balanceAfter = await balance();
    const counts = await businessCounts(w.t);
    const rev = await reverse(m2207, '2207');
    expect(rev.body.infcode).toBe(-1);
    expect(rev.body.err_msg).toContain('原交易已冲正');
    expect(rev.body.err_msg).toContain('2208');
    const ofCancel = await reverse(m2208, '2208');
    expect(ofCancel.body.infcode).toBe(-1);
    expect(ofCancel.body.err_msg).toContain('该交易不能冲正');
    expect(ofCancel.body.err_msg).toContain('input.data.oinfno');
    expect(await businessCounts(w.t)).toEqual(counts);
    expect(await balance()).toBe(balanceAfter);
    expect((await messageRow(m2207)).reversed_by_msgid).toBeNull();
  });

  it('refuses an unknown msgid, a refused message, another institution’s message, a wrong oinfno or psn_no, with nothing changed', async () => {
    const a = await drug(w, 'A');
    const { mdtrtId } = await register(w);
    const total = await upload(w, mdtrtId, [{ sn: 'F1', item: a, cnt: 1 }]);
    // A 2207 refused (wrong total) leaves no trace: its msgid is unknown to 2601.
    const refused = msgid('X');
    const bad = await sendHis(w.t, w.creds, '2207', settleInput(w, mdtrtId, total + 1), {
      envelope: env,
      msgid: refused,
    });
    expect(bad.body.infcode).toBe(-1);
    const m2207 = msgid('S');
    const ok = await sendHis(w.t, w.creds, '2207', settleInput(w, mdtrtId, total), {
      envelope: env,
      msgid: m2207,
    });
    expect(ok.body.infcode, ok.body.err_msg).toBe(0);
    const counts = await businessCounts(w.t);
    const bal = await balance();

    for (const [omsgid, oinfno, o, expected] of [
      ['NO-SUCH-MSGID', '2207', {}, ['原交易不存在或未成功', 'input.data.omsgid']],
      [refused, '2207', {}, ['原交易不存在或未成功', 'input.data.omsgid']],
      [m2207, '2207', { other: true }, ['原交易不存在或未成功', 'input.data.omsgid']],
      [m2207, '2204', {}, ['input.data.oinfno', '2207']],
      [m2207, '2207', { psn_no: 'P-NOT-THIS-ONE' }, ['input.data.psn_no']],
    ] as const) {
      const res = await reverse(omsgid, oinfno, o);
      expect(res.body.infcode, `${omsgid} ${oinfno}`).toBe(-1);
      for (const text of expected) expect(res.body.err_msg).toContain(text);
    }
    const missing = await sendHis(
      w.t,
      w.creds,
      '2601',
      { data: { psn_no: w.person.psn_no, oinfno: '2207' } },
      { envelope: env },
    );
    expect(missing.body.infcode).toBe(-1);
    expect(missing.body.err_msg).toContain('input.data.omsgid');
    expect(await businessCounts(w.t)).toEqual(counts);
    expect(await balance()).toBe(bal);
    expect((await messageRow(m2207)).reversed_by_msgid).toBeNull();
    // Finally it is reversible by its own institution.
    expect((await reverse(m2207, '2207')).body.infcode).toBe(0);
  });
});

describe('2601 冲正 of registrations and fee uploads', () => {
  // PGlite has one connection, so a message cannot be held open beside another; PostgreSQL only.
  it.runIf(!!process.env.DATABASE_URL)(
    'waits for an original still in flight: reverses it once committed, refuses it once rolled back',
    async () => {
      const { body } = await register(w);
      const db = w.t.database.db;
      // A message standing for that visit, held uncommitted as if its 2201 were still running.
      const hold = (id: string, commit: boolean) => {
        let release!: () => void;
        let inserted!: () => void;
        const held = new Promise<void>((r) => {
          release = r;
        });
        const ready = new Promise<void>((r) => {
          inserted = r;
        });
        const done = db
          .transaction()
          .execute(async (tx) => {
            await tx
              .insertInto('gateway_messages')
              .values({
                msgid: id,
                institution_id: w.hospitalId,
                infno: '2201',
                request_hash: 'held',
                response: JSON.stringify(body),
              })
              .execute();
            inserted();
            await held;
            if (!commit) throw new Error('rolled back');
          })
          .catch(() => undefined);
        return { ready, release, done };
      };
      for (const commit of [true, false]) {
        const id = msgid('I');
        const h = hold(id, commit);
        await h.ready;
        let answered = false;
        const rev = reverse(id, '2201').then((r) => {
          answered = true;
          return r;
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(answered).toBe(false);
        h.release();
        await h.done;
        const res = await rev;
        if (commit) {
          expect(res.body.infcode, res.body.err_msg).toBe(0);
          expect((await messageRow(id)).reversed_by_msgid).not.toBeNull();
        } else {
          expect(res.body.infcode).toBe(-1);
          expect(res.body.err_msg).toContain('原交易不存在或未成功');
          const row = await db
            .selectFrom('gateway_messages')
            .select('msgid')
            .where('msgid', '=', id)
            .executeTakeFirst();
          expect(row).toBeUndefined();
        }
      }
    },
  );

  it('cancels the visit of a 2201, and refuses while it has fee lines', async () => {
    const m1 = msgid('G');
    const { mdtrtId } = await register(w, m1);
    const rev = await reverse(m1, '2201');
    expect(rev.body.infcode, rev.body.err_msg).toBe(0);
    const visit = await w.t.database.db
      .selectFrom('visits')
      .select('status')
      .where('id', '=', Number(mdtrtId))
      .executeTakeFirstOrThrow();
    expect(visit.status).toBe('cancelled');

    const m2 = msgid('G');
    const second = await register(w, m2);
    await upload(w, second.mdtrtId, [{ sn: 'F1', item: await drug(w, 'A'), cnt: 1 }]);
    const counts = await businessCounts(w.t);
    const refused = await reverse(m2, '2201');
    expect(refused.body.infcode).toBe(-1);
    expect(refused.body.err_msg).toContain('input.data.omsgid');
    expect(refused.body.err_msg).toContain('fee lines');
    expect(await businessCounts(w.t)).toEqual(counts);
  });

  it('cancels exactly the lines a 2204 wrote — not a later upload, not a reused serial — once', async () => {
    const a = await drug(w, 'A');
    const b = await drug(w, 'B');
    const { mdtrtId } = await register(w);
    const u1 = msgid('U');
    await upload(
      w,
      mdtrtId,
      [
        { sn: 'F1', item: a, cnt: 1 },
        { sn: 'F2', item: b, cnt: 1 },
      ],
      u1,
    );
    const u2 = msgid('U');
    await upload(w, mdtrtId, [{ sn: 'F3', item: a, cnt: 2 }], u2);
    const active = async () =>
      (
        await w.t.database.db
          .selectFrom('fee_lines')
          .select('external_id')
          .where('visit_id', '=', Number(mdtrtId))
          .where('status', '=', 'active')
          .orderBy('line_no')
          .execute()
      ).map((l) => l.external_id);
    expect(await active()).toEqual(['B1|F1', 'B1|F2', 'B1|F3']);

    const rev = await reverse(u1, '2204');
    expect(rev.body.infcode, rev.body.err_msg).toBe(0);
    expect(await active()).toEqual(['B1|F3']);

    // The serial F1 is free again; a new upload reuses it. 2601 of u1 must not touch it.
    await upload(w, mdtrtId, [{ sn: 'F1', item: a, cnt: 1 }]);
    const again = await reverse(u1, '2204');
    expect(again.body.infcode).toBe(-1);
    expect(again.body.err_msg).toContain('原交易已冲正');
    expect(await active()).toEqual(['B1|F3', 'B1|F1']);

    // An upload whose lines were cancelled by 2205 counts as already undone.
    const cancel = await sendHis(
      w.t,
      w.creds,
      '2205',
      { data: { mdtrt_id: mdtrtId, chrg_bchno: '0000', psn_no: w.person.psn_no } },
      { envelope: env },
    );
    expect(cancel.body.infcode, cancel.body.err_msg).toBe(0);
    const after2205 = await reverse(u2, '2204');
    expect(after2205.body.infcode).toBe(-1);
    expect(after2205.body.err_msg).toContain('2205');
    expect((await messageRow(u2)).reversed_by_msgid).toBeNull();
  });
});

describe('2601 冲正 on an admission', () => {
  it('cancels one 2301 upload by its drord_no lines, reverses a 2304, and refuses the 2401 while lines remain', async () => {
    const a2401 = msgid('A');
    const adm = await sendHis(
      w.t,
      w.creds,
      '2401',
      {
        mdtrtinfo: {
          psn_no: w.person.psn_no,
          insutype: '310',
          begntime: `${DATE} 10:00:00`,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: w.person.certno,
          med_type: '21',
          ipt_no: 'ZY1',
          dise_codg: 'J18.900',
          dise_name: '肺炎',
        },
      },
      { envelope: env, msgid: a2401 },
    );
    expect(adm.body.infcode, adm.body.err_msg).toBe(0);
    const mdtrtId = adm.body.output.result.mdtrt_id as string;
    const a = await drug(w, 'A');
    const fees = (drord: string, sn: string, cnt: number, id: string) =>
      sendHis(
        w.t,
        w.creds,
        '2301',
        {
          feedetail: [
            {
              feedetl_sn: sn,
              mdtrt_id: mdtrtId,
              drord_no: drord,
              psn_no: w.person.psn_no,
              fee_ocur_time: `${DATE} 11:00:00`,
              med_list_codg: a.code,
              det_item_fee_sumamt: yuan(cnt * a.paymentStandard),
              cnt,
              pric: yuan(a.paymentStandard),
            },
          ],
        },
        { envelope: env, msgid: id },
      );
    const u1 = msgid('U');
    expect((await fees('YZ1', 'F1', 1, u1)).body.infcode).toBe(0);
    expect((await fees('YZ2', 'F2', 2, msgid('U'))).body.infcode).toBe(0);
    const rev = await reverse(u1, '2301');
    expect(rev.body.infcode, rev.body.err_msg).toBe(0);
    const active = await w.t.database.db
      .selectFrom('fee_lines')
      .select('external_id')
      .where('visit_id', '=', Number(mdtrtId))
      .where('status', '=', 'active')
      .execute();
    expect(active.map((l) => l.external_id)).toEqual(['YZ2|F2']);

    const dscg = await sendHis(
      w.t,
      w.creds,
      '2402',
      {
        dscginfo: {
          mdtrt_id: mdtrtId,
          psn_no: w.person.psn_no,
          insutype: '310',
          endtime: `${DATE} 18:00:00`,
          dscg_way: '1',
        },
      },
      { envelope: env },
    );
    expect(dscg.body.infcode, dscg.body.err_msg).toBe(0);
    const bal = await balance();
    const s2304 = msgid('S');
    const settled = await sendHis(
      w.t,
      w.creds,
      '2304',
      {
        data: {
          psn_no: w.person.psn_no,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: w.person.certno,
          medfee_sumamt: yuan(2 * a.paymentStandard),
          psn_setlway: '01',
          mdtrt_id: mdtrtId,
          insutype: '310',
          acct_used_flag: '1',
          mid_setl_flag: '0',
        },
      },
      { envelope: env, msgid: s2304 },
    );
    expect(settled.body.infcode, settled.body.err_msg).toBe(0);
    expect(await balance()).toBe(bal - fenOf(settled.body.output.setlinfo.acct_pay));

    const counts = await businessCounts(w.t);
    const admission = await reverse(a2401, '2401');
    expect(admission.body.infcode).toBe(-1);
    expect(admission.body.err_msg).toContain('input.data.omsgid');
    expect(await businessCounts(w.t)).toEqual(counts);

    const undone = await reverse(s2304, '2304');
    expect(undone.body.infcode, undone.body.err_msg).toBe(0);
    expect(fenOf(undone.body.output.setlinfo.medfee_sumamt)).toBe(-2 * a.paymentStandard);
    expect(undone.body.output.setlinfo.clr_type).toBe('21');
    expect(await balance()).toBe(bal);
    const visit = await w.t.database.db
      .selectFrom('visits')
      .select('status')
      .where('id', '=', Number(mdtrtId))
      .executeTakeFirstOrThrow();
    expect(visit.status).toBe('discharged');
  });
});
