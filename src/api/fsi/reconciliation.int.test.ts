import { createHash } from 'node:crypto';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadedBytes, downloadInput, uploadInput } from '../../cli/his-client.js';
import { wireDate } from '../../domain/gateway/answer.js';
import { businessCounts, sendHis } from './fsi-test-kit.js';
import { env, fenOf, type HisWorld, hisWorld, settledVisit, yuan } from './his-flow-kit.js';

/** 3201 对总账 and 3202 对明细账 through 9101/9102, against settlements made through the gateway. */
let w: HisWorld;
const today = wireDate(Date.now());
interface Setl {
  setlId: string;
  mdtrtId: string;
  msgid: string;
  medfee: number;
  fund: number;
  acct: number;
}
let s1: Setl;
let s2: Setl;
let s3: Setl;

async function settle(tag: string, cnt: number): Promise<Setl> {
  const msgid = `H${tag}${Date.now()}`;
  const { setlinfo, mdtrtId } = await settledVisit(w, msgid, cnt);
  return {
    setlId: String(setlinfo.setl_id),
    mdtrtId,
    msgid,
    medfee: fenOf(setlinfo.medfee_sumamt),
    fund: fenOf(setlinfo.fund_pay_sumamt),
    acct: fenOf(setlinfo.acct_pay),
  };
}

beforeAll(async () => {
  w = await hisWorld();
  s1 = await settle('A', 1);
  s2 = await settle('B', 2);
  s3 = await settle('C', 3);
  // s3 is settled and cancelled (2208) in the same period: a settlement line and a refund line.
  const cancel = await sendHis(
    w.t,
    w.creds,
    '2208',
    { data: { setl_id: s3.setlId, mdtrt_id: s3.mdtrtId, psn_no: w.person.psn_no } },
    { envelope: env },
  );
  if (cancel.body.infcode !== 0) throw new Error(String(cancel.body.err_msg));
});
afterAll(async () => {
  await w?.t.close();
});

async function fileCount() {
  const r = await w.t.database.db
    .selectFrom('gateway_files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function snapshot() {
  return { ...(await businessCounts(w.t)), files: await fileCount() };
}

const totals = (o: { medfee: number; fund: number; acct: number; count: number }, extra = {}) => ({
  data: {
    insutype: '310',
    clr_type: '11',
    setl_optins: '370300',
    stmt_begndate: today,
    stmt_enddate: today,
    medfee_sumamt: yuan(o.medfee),
    fund_pay_sumamt: yuan(o.fund),
    acct_pay: yuan(o.acct),
    fixmedins_setl_cnt: String(o.count),
    ...extra,
  },
});

const net = () => ({
  medfee: s1.medfee + s2.medfee,
  fund: s1.fund + s2.fund,
  acct: s1.acct + s2.acct,
  count: 2,
});

describe('3201 对总账', () => {
  it('agrees with settled minus reversed in the period, and with each side by refd_setl_flag', async () => {
    const before = await snapshot();
    const agree = await sendHis(w.t, w.creds, '3201', totals(net()), { envelope: env });
    expect(agree.body.infcode, agree.body.err_msg).toBe(0);
    expect(agree.body.output.stmtinfo).toMatchObject({ setl_optins: '370300', stmt_rslt: '0' });

    const settledOnly = {
      medfee: s1.medfee + s2.medfee + s3.medfee,
      fund: s1.fund + s2.fund + s3.fund,
      acct: s1.acct + s2.acct + s3.acct,
      count: 3,
    };
    const r0 = await sendHis(w.t, w.creds, '3201', totals(settledOnly, { refd_setl_flag: '0' }), {
      envelope: env,
    });
    expect(r0.body.output.stmtinfo.stmt_rslt, r0.body.output.stmtinfo.stmt_rslt_dscr).toBe('0');
    const refunds = { medfee: -s3.medfee, fund: -s3.fund, acct: -s3.acct, count: 1 };
    const r1 = await sendHis(w.t, w.creds, '3201', totals(refunds, { refd_setl_flag: '1' }), {
      envelope: env,
    });
    expect(r1.body.output.stmtinfo.stmt_rslt, r1.body.output.stmtinfo.stmt_rslt_dscr).toBe('0');

    // Another clearing type, and a period without settlements: zero totals agree.
    const zero = { medfee: 0, fund: 0, acct: 0, count: 0 };
    const inpatient = await sendHis(w.t, w.creds, '3201', totals(zero, { clr_type: '21' }), {
      envelope: env,
    });
    expect(inpatient.body.output.stmtinfo.stmt_rslt).toBe('0');
    const lastYear = await sendHis(
      w.t,
      w.creds,
      '3201',
      totals(net(), { stmt_begndate: '2025-01-01', stmt_enddate: '2025-12-31' }),
      { envelope: env },
    );
    expect(lastYear.body.output.stmtinfo.stmt_rslt).toBe('1');
    // Another institution holds none of these settlements.
    const other = await sendHis(w.t, w.otherCreds, '3201', totals(net()), { envelope: env });
    expect(other.body.infcode, other.body.err_msg).toBe(0);
    expect(other.body.output.stmtinfo.stmt_rslt).toBe('1');
    expect(await snapshot()).toEqual(before);
  });

  it('disagrees by one fen or one settlement, naming the field and both figures', async () => {
    const n = net();
    const res = await sendHis(w.t, w.creds, '3201', totals({ ...n, medfee: n.medfee + 1, count: 3 }), {
      envelope: env,
    });
    expect(res.body.infcode, res.body.err_msg).toBe(0);
    const info = res.body.output.stmtinfo;
    expect(info.stmt_rslt).toBe('1');
    expect(info.stmt_rslt_dscr).toContain(
      `medfee_sumamt：机构 ${yuan(n.medfee + 1)}，医保 ${yuan(n.medfee)}`,
    );
    expect(info.stmt_rslt_dscr).toContain('fixmedins_setl_cnt：机构 3，医保 2');
    expect(info.stmt_rslt_dscr).not.toContain('fund_pay_sumamt');
  });

  it('refuses a bad period or amount, naming the field', async () => {
    const bad = await sendHis(
      w.t,
      w.creds,
      '3201',
      totals(net(), { stmt_begndate: today, stmt_enddate: '2020-01-01' }),
      { envelope: env },
    );
    expect(bad.body.infcode).toBe(-1);
    expect(bad.body.err_msg).toContain('input.data.stmt_enddate');
    const amount = await sendHis(w.t, w.creds, '3201', totals(net(), { medfee_sumamt: '1.234' }), {
      envelope: env,
    });
    expect(amount.body.infcode).toBe(-1);
    expect(amount.body.err_msg).toContain('input.data.medfee_sumamt');
    const flag = await sendHis(w.t, w.creds, '3201', totals(net(), { refd_setl_flag: '2' }), {
      envelope: env,
    });
    expect(flag.body.err_msg).toContain('input.data.refd_setl_flag');
  });
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function upload9101(bytes: Uint8Array, filename = 'detail.zip', creds = w.creds) {
  return sendHis(w.t, creds, '9101', uploadInput(filename, bytes, creds.fixmedinsCode ?? ''), {
    envelope: env,
  });
}

async function download9102(fileQuryNo: string, creds = w.creds) {
  return sendHis(w.t, creds, '9102', downloadInput(fileQuryNo, creds.fixmedinsCode ?? '', 'x'), {
    envelope: env,
  });
}

type Row = [
  setlId: string,
  mdtrtId: string,
  psnNo: string,
  medfee: number,
  fund: number,
  acct: number,
  refund: 0 | 1,
];

function detailText(rows: readonly Row[]) {
  const header = 'setl_id\tmdtrt_id\tpsn_no\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay\trefd_setl_flag';
  return `${[header, ...rows.map((r) => [r[0], r[1], r[2], yuan(r[3]), yuan(r[4]), yuan(r[5]), r[6]].join('\t'))].join('\r\n')}\r\n`;
}

const row = (s: Setl, refund: 0 | 1 = 0): Row =>
  refund
    ? [s.setlId, s.mdtrtId, w.person.psn_no, -s.medfee, -s.fund, -s.acct, 1]
    : [s.setlId, s.mdtrtId, w.person.psn_no, s.medfee, s.fund, s.acct, 0];

function detailInput(fileQuryNo: string, rows: readonly Row[], extra = {}) {
  const medfee = rows.reduce((s, r) => s + r[3], 0);
  const fund = rows.reduce((s, r) => s + r[4], 0);
  const acct = rows.reduce((s, r) => s + r[5], 0);
  return {
    data: {
      setl_optins: '370300',
      file_qury_no: fileQuryNo,
      stmt_begndate: today,
      stmt_enddate: today,
      medfee_sumamt: yuan(medfee),
      fund_pay_sumamt: yuan(fund),
      cash_payamt: yuan(medfee - fund - acct),
      fixmedins_setl_cnt: String(rows.reduce((s, r) => s + (r[6] ? -1 : 1), 0)),
      clr_type: '11',
      ...extra,
    },
  };
}

async function resultRows(fileQuryNo: string) {
  const dl = await download9102(fileQuryNo);
  expect(dl.body.infcode, dl.body.err_msg).toBe(0);
  const bytes = downloadedBytes(dl.body)!;
  expect(bytes.length).toBe(dl.body.output.file_size);
  const files = unzipSync(bytes);
  const names = Object.keys(files);
  expect(names).toHaveLength(1);
  const lines = new TextDecoder().decode(files[names[0]!]).trimEnd().split('\n');
  expect(lines[0]).toBe(
    'psn_no\tmdtrt_id\tsetl_id\tmsgid\tstmt_rslt\trefd_setl_flag\tmemo\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay',
  );
  return lines.slice(1).map((l) => l.split('\t'));
}

describe('3202 对明细账 through 9101 and 9102', () => {
  it('finds a planted difference, a line only the HIS has and a line only Yibao has', async () => {
    const fake: Row = ['NOSUCH0001', '999999', w.person.psn_no, 100, 0, 100, 0];
    const planted: Row = [s2.setlId, s2.mdtrtId, w.person.psn_no, s2.medfee + 1, s2.fund, s2.acct, 0];
    // The HIS forgot s3's refund line.
    const rows = [row(s1), planted, row(s3), fake];
    const zip = zipSync({ 'detail.txt': strToU8(detailText(rows)) });
    const up = await upload9101(zip);
    expect(up.body.infcode, up.body.err_msg).toBe(0);
    expect(up.body.output.filename).toBe('detail.zip');
    const fileQuryNo = up.body.output.file_qury_no as string;

    const before = await businessCounts(w.t);
    const res = await sendHis(w.t, w.creds, '3202', detailInput(fileQuryNo, rows), { envelope: env });
    expect(res.body.infcode, res.body.err_msg).toBe(0);
    expect(res.body.output.stmtinfo.stmt_rslt).toBe('1');
    expect(res.body.output.stmtinfo.stmt_rslt_dscr).toContain(
      '机构有医保无 1 行，医保有机构无 1 行，不符 1 行',
    );
    expect(res.body.output.fileinfo.filename).toMatch(/\.zip$/);
    // reconciling changes no business data; it only leaves the result file to download
    expect(await businessCounts(w.t)).toEqual({ ...before, files: before.files + 1 });

    const result = await resultRows(res.body.output.fileinfo.file_qury_no);
    expect(result).toHaveLength(3);
    const bySetl = (id: string, flag: string) => result.find((r) => r[2] === id && r[5] === flag);
    const onlyHis = bySetl('NOSUCH0001', '0');
    expect(onlyHis?.[6]).toContain('only in the HIS file');
    expect(onlyHis?.slice(7)).toEqual(['1.00', '0.00', '1.00']);
    const differs = bySetl(s2.setlId, '0');
    expect(differs?.[6]).toContain(`medfee_sumamt 机构 ${yuan(s2.medfee + 1)}`);
    expect(differs?.[6]).not.toContain('fund_pay_sumamt');
    expect(differs?.[7]).toBe(yuan(s2.medfee));
    expect(differs?.[3]).toBe(s2.msgid);
    const onlyOurs = bySetl(s3.setlId, '1');
    expect(onlyOurs?.[6]).toContain('only in Yibao');
    expect(onlyOurs?.slice(7)).toEqual([yuan(-s3.medfee), yuan(-s3.fund), yuan(-s3.acct)]);
    expect(onlyOurs?.[4]).toBe('1');
    expect(bySetl(s1.setlId, '0')).toBeUndefined();
  });

  it('agrees when the file holds every line, settled and refunded; the result holds no row', async () => {
    const rows = [row(s1), row(s2), row(s3), row(s3, 1)];
    // Comma-separated, no header: also accepted.
    const text = rows
      .map((r) => [r[0], r[1], r[2], yuan(r[3]), yuan(r[4]), yuan(r[5]), r[6]].join(','))
      .join('\n');
    const up = await upload9101(zipSync({ 'd.csv': strToU8(text) }));
    const res = await sendHis(w.t, w.creds, '3202', detailInput(up.body.output.file_qury_no, rows), {
      envelope: env,
    });
    expect(res.body.infcode, res.body.err_msg).toBe(0);
    expect(res.body.output.stmtinfo.stmt_rslt).toBe('0');
    expect(await resultRows(res.body.output.fileinfo.file_qury_no)).toEqual([]);
  });

  it('refuses malformed files, zip bombs and totals that are not the file’s, with nothing changed', async () => {
    const good = [row(s1), row(s2)];
    const cases: [string, Uint8Array, string[], Record<string, unknown>?][] = [
      ['not a zip', strToU8('setl_id\tmdtrt_id'), ['不是 zip 文件']],
      [
        'two files',
        zipSync({ 'a.txt': strToU8(detailText(good)), 'b.txt': strToU8('x') }),
        ['exactly one file'],
      ],
      ['empty zip', zipSync({}), ['holds no file']],
      ['truncated', zipSync({ 'a.txt': strToU8(detailText(good).repeat(50)) }).slice(0, 60), ['zip']],
      // 40 MiB of zeros compress to ~40 KiB: refused once 16 MiB have been unpacked.
      [
        'bomb',
        zipSync({ 'a.txt': new Uint8Array(40 * 1024 * 1024) }, { level: 9 }),
        ['文件超过大小限制', '16777216'],
      ],
      [
        'bad amount',
        zipSync({ 'a.txt': strToU8(detailText(good).replace(yuan(s2.medfee), `${yuan(s2.medfee)}1`)) }),
        ['第 3 行 medfee_sumamt'],
      ],
      [
        'bad flag',
        zipSync({ 'a.txt': strToU8(detailText([[...row(s1).slice(0, 6), 2] as unknown as Row])) }),
        ['第 2 行 refd_setl_flag'],
      ],
      ['columns', zipSync({ 'a.txt': strToU8('S1\t1\tP\t1.00\n') }), ['第 1 行 columns']],
      ['not utf-8', zipSync({ 'a.txt': new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]) }), ['UTF-8']],
      ['repeated', zipSync({ 'a.txt': strToU8(detailText([row(s1), row(s1)])) }), ['重复']],
      [
        'declared total',
        zipSync({ 'a.txt': strToU8(detailText(good)) }),
        ['input.data.medfee_sumamt', '与明细文件合计'],
        { medfee_sumamt: yuan(s1.medfee) },
      ],
      [
        'declared count',
        zipSync({ 'a.txt': strToU8(detailText(good)) }),
        ['input.data.fixmedins_setl_cnt'],
        { fixmedins_setl_cnt: '3' },
      ],
    ];
    for (const [name, zip, expected, extra] of cases) {
      const up = await upload9101(zip.length ? zip : strToU8('x'));
      expect(up.body.infcode, `${name}: ${up.body.err_msg}`).toBe(0);
      const before = await snapshot();
      const res = await sendHis(w.t, w.creds, '3202', detailInput(up.body.output.file_qury_no, good, extra), {
        envelope: env,
      });
      expect(res.body.infcode, name).toBe(-1);
      if (!extra) expect(res.body.err_msg, name).toContain('input.data.file_qury_no');
      for (const e of expected) expect(res.body.err_msg, name).toContain(e);
      expect(await snapshot(), name).toEqual(before);
    }
  });

  it('refuses an unknown file, another institution’s file and a result file as input', async () => {
    const up = await upload9101(zipSync({ 'a.txt': strToU8(detailText([row(s1)])) }));
    const fileQuryNo = up.body.output.file_qury_no as string;
    const before = await snapshot();
    const unknown = await sendHis(w.t, w.creds, '3202', detailInput('U-NO-SUCH-FILE', [row(s1)]), {
      envelope: env,
    });
    expect(unknown.body.infcode).toBe(-1);
    expect(unknown.body.err_msg).toContain('文件不存在');
    expect(unknown.body.err_msg).toContain('input.data.file_qury_no');
    const theirs = await sendHis(w.t, w.otherCreds, '3202', detailInput(fileQuryNo, [row(s1)]), {
      envelope: env,
    });
    expect(theirs.body.infcode).toBe(-1);
    expect(theirs.body.err_msg).toContain('文件不存在');
    const dlOther = await download9102(fileQuryNo, w.otherCreds);
    expect(dlOther.body.infcode).toBe(-1);
    expect(dlOther.body.err_msg).toContain('input.fsDownloadIn.file_qury_no');
    expect(await snapshot()).toEqual(before);

    const ok = await sendHis(w.t, w.creds, '3202', detailInput(fileQuryNo, [row(s1)]), { envelope: env });
    const resultNo = ok.body.output.fileinfo.file_qury_no as string;
    const asInput = await sendHis(w.t, w.creds, '3202', detailInput(resultNo, [row(s1)]), { envelope: env });
    expect(asInput.body.infcode).toBe(-1);
    expect(asInput.body.err_msg).toContain('not a file the institution uploaded');
  });
});

describe('9101 文件上传 / 9102 文件下载', () => {
  it('stores a file and gives it back byte for byte to the same institution', async () => {
    const bytes = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
    const up = await upload9101(bytes, 'blob.bin');
    expect(up.body.infcode, up.body.err_msg).toBe(0);
    expect(up.body.output.file_qury_no).toMatch(/^U\d{14}[0-9a-f]{16}$/);
    expect(up.body.output.dld_endtime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const dl = await download9102(up.body.output.file_qury_no);
    expect(dl.body.infcode, dl.body.err_msg).toBe(0);
    expect(dl.body.output).toMatchObject({
      filename: 'blob.bin',
      file_size: 3000,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(new Uint8Array(Buffer.from(dl.body.output.file_content, 'base64'))).toEqual(bytes);
  });

  it('refuses bad base64, an oversize or empty file, a bad name and another institution’s code, storing nothing', async () => {
    const before = await fileCount();
    const send = (fsUploadIn: Record<string, unknown>) =>
      sendHis(
        w.t,
        w.creds,
        '9101',
        {
          fsUploadIn: { filename: 'a.zip', fixmedins_code: w.creds.fixmedinsCode, in: 'AAAA', ...fsUploadIn },
        },
        { envelope: env },
      );
    const cases: [Record<string, unknown>, string[]][] = [
      [{ in: 'not base64!' }, ['input.fsUploadIn.in', 'base64']],
      [{ in: b64(new Uint8Array(1024 * 1024 + 1)) }, ['input.fsUploadIn.in', '文件超过大小限制']],
      [{ in: '' }, ['input.fsUploadIn.in']],
      [{ filename: '../etc/passwd' }, ['input.fsUploadIn.filename']],
      [{ fixmedins_code: w.otherCreds.fixmedinsCode }, ['input.fsUploadIn.fixmedins_code']],
      [{ in: undefined }, ['input.fsUploadIn.in']],
    ];
    for (const [input, expected] of cases) {
      const res = await send(input);
      expect(res.body.infcode, JSON.stringify(input).slice(0, 80)).toBe(-1);
      for (const e of expected) expect(res.body.err_msg).toContain(e);
    }
    expect(await fileCount()).toBe(before);
  });
});
