import { Type } from 'typebox';
import { AppError, fieldProblem } from '../../../domain/errors/app-error.js';
import {
  compareDetail,
  compareTotals,
  type DetailLine,
  parseDetailFile,
  resultFileText,
  type StatementTotals,
  totalsOf,
} from '../../../domain/gateway/reconciliation.js';
import { clearingTypeOf } from '../../../domain/gateway/wire-codes.js';
import { fen, formatYuan, parseYuan } from '../../../domain/money/fen.js';
import type { GatewayContext, TransactionHandler } from '../gateway-context.js';
import { checkWire, refuse, text, WireAmount, WireText, wireDay } from '../wire-input.js';
import { unzipOne, zipOne } from '../zip-file.js';
import { loadFile, storeFile } from './files.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

const TotalsInput = Type.Object({
  data: Type.Object({
    insutype: WireText(6),
    clr_type: WireText(6),
    setl_optins: WireText(6),
    stmt_begndate: WireText(19),
    stmt_enddate: WireText(19),
    medfee_sumamt: WireAmount,
    fund_pay_sumamt: WireAmount,
    acct_pay: WireAmount,
    fixmedins_setl_cnt: WireText(12),
    /** 退费结算标志: absent = settlements minus reversals; 0 = settlements only; 1 = reversals only */
    refd_setl_flag: Opt(3),
  }),
});

const DetailInput = Type.Object({
  data: Type.Object({
    setl_optins: WireText(6),
    file_qury_no: WireText(64),
    stmt_begndate: WireText(19),
    stmt_enddate: WireText(19),
    medfee_sumamt: WireAmount,
    fund_pay_sumamt: WireAmount,
    cash_payamt: WireAmount,
    fixmedins_setl_cnt: WireText(12),
    clr_type: WireText(6),
    /** regional extra: limits the comparison to one insurance type */
    insutype: Opt(6),
  }),
});

/** The longest period one reconciliation covers. */
const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

/** Yuan that may be negative (reversals in a period can exceed settlements), as fen. */
function signedAmount(v: string | number, path: string): number {
  const t = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'NaN') : v;
  const r = parseYuan(t.replace(/^(-?\d+\.\d{2})0+$/, '$1'));
  if (!r.ok) throw refuse(path, '金额应为最多两位小数的元', 'amount must be yuan with at most two decimals');
  return r.value;
}

function count(v: string | number, path: string): number {
  const t = text(v);
  if (!/^-?\d{1,9}$/.test(t)) throw refuse(path, '应为整数', 'must be an integer');
  return Number(t);
}

/** The period [begin, end] (dates, inclusive, China Standard Time) as a half-open ms range. */
function period(begin: string | number, end: string | number) {
  const b = wireDay(begin, 'input.data.stmt_begndate');
  const e = wireDay(end, 'input.data.stmt_enddate');
  if (e < b) throw refuse('input.data.stmt_enddate', '早于开始日期', 'before stmt_begndate');
  const fromMs = Date.parse(`${b}T00:00:00+08:00`);
  const toMs = Date.parse(`${e}T00:00:00+08:00`) + DAY_MS;
  if (toMs - fromMs > MAX_PERIOD_DAYS * DAY_MS)
    throw refuse(
      'input.data.stmt_enddate',
      `对账期间超过 ${MAX_PERIOD_DAYS} 天`,
      `period longer than ${MAX_PERIOD_DAYS} days`,
    );
  return { begin: b, end: e, from: new Date(fromMs), to: new Date(toMs) };
}

/**
 * The institution's settlement lines in the period, as Yibao holds them: each settlement settled
 * in the period (its amounts), each reversed in the period (refund, amounts negated), limited to
 * the clearing institution (setl_optins = the insured region), clearing type and insurance type.
 */
export async function ourLines(
  ctx: GatewayContext,
  f: { from: Date; to: Date; setlOptins: string; clrType: string; insutype: string | null },
): Promise<DetailLine[]> {
  const rows = await ctx.tx
    .selectFrom('settlements as s')
    .innerJoin('visits as v', 'v.id', 's.visit_id')
    .innerJoin('persons as p', 'p.id', 's.person_id')
    .select([
      's.setl_no',
      's.visit_id',
      'p.psn_no',
      's.total',
      's.fund_total',
      's.personal_account',
      's.settled_at',
      's.reversed_at',
      's.client_key',
      'v.insurance_type',
      'v.benefit',
    ])
    .where('s.institution_id', '=', ctx.terminal.institutionId)
    .where('s.insured_region_code', '=', f.setlOptins)
    .where((w) =>
      w.or([
        w.and([w('s.settled_at', '>=', f.from), w('s.settled_at', '<', f.to)]),
        w.and([w('s.reversed_at', '>=', f.from), w('s.reversed_at', '<', f.to)]),
      ]),
    )
    .orderBy('s.id')
    .execute();
  const inPeriod = (d: Date | string | null) => {
    if (d === null) return false;
    const ms = new Date(d).getTime();
    return ms >= f.from.getTime() && ms < f.to.getTime();
  };
  const lines: DetailLine[] = [];
  for (const r of rows) {
    if (clearingTypeOf(r.benefit) !== f.clrType) continue;
    if (f.insutype && r.insurance_type !== f.insutype) continue;
    const base = {
      setlId: r.setl_no,
      mdtrtId: String(r.visit_id),
      psnNo: r.psn_no,
      msgid: r.client_key.startsWith('fsi:') ? r.client_key.slice(4) : '',
    };
    const total = Number(r.total);
    const fund = Number(r.fund_total);
    const acct = Number(r.personal_account);
    if (inPeriod(r.settled_at)) lines.push({ ...base, medfee: total, fund, acct, refund: false });
    if (inPeriod(r.reversed_at))
      lines.push({ ...base, medfee: -total, fund: -fund, acct: -acct, refund: true });
  }
  return lines;
}

/**
 * 3201 对总账: the HIS's totals for one insutype × clr_type × setl_optins × period against
 * Yibao's (settled minus reversed in the period; refd_setl_flag 0 or 1 compares one side only).
 * Answers `stmtinfo{setl_optins, stmt_rslt (0 agree / 1 differ), stmt_rslt_dscr}`; changes nothing.
 */
export const reconcileTotals: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(TotalsInput, input, 'input');
  const p = period(data.stmt_begndate, data.stmt_enddate);
  const flag = text(data.refd_setl_flag);
  if (flag !== '' && flag !== '0' && flag !== '1')
    throw refuse('input.data.refd_setl_flag', '应为 0 或 1', 'must be 0 or 1');
  const his: StatementTotals = {
    medfee: signedAmount(data.medfee_sumamt, 'input.data.medfee_sumamt'),
    fund: signedAmount(data.fund_pay_sumamt, 'input.data.fund_pay_sumamt'),
    acct: signedAmount(data.acct_pay, 'input.data.acct_pay'),
    count: count(data.fixmedins_setl_cnt, 'input.data.fixmedins_setl_cnt'),
  };
  const lines = await ourLines(ctx, {
    ...p,
    setlOptins: text(data.setl_optins),
    clrType: text(data.clr_type),
    insutype: text(data.insutype),
  });
  const chosen = flag === '' ? lines : lines.filter((l) => l.refund === (flag === '1'));
  const ours = totalsOf(chosen);
  // With refd_setl_flag 1 the count is of reversals, a positive number.
  const oursCounted = flag === '1' ? { ...ours, count: -ours.count } : ours;
  const cmp = compareTotals(his, oursCounted);
  return {
    stmtinfo: {
      setl_optins: text(data.setl_optins),
      stmt_rslt: cmp.result,
      stmt_rslt_dscr: cmp.description,
    },
  };
};

function fileProblem(path: string, zh: string, en: string): AppError {
  return new AppError('YB_ERR_FILE_INVALID', {
    fields: [fieldProblem(path, 'file', `${path}：${zh}`, `${path}: ${en}`)],
  });
}

/**
 * 3202 对明细账: compares the detail file the HIS uploaded (9101; a zip holding one text file, see
 * docs/his-integration.md) line by line with Yibao's settlements of the period, stores the
 * differences as a result zip and answers its file_qury_no (download with 9102) with
 * `stmtinfo{stmt_rslt, stmt_rslt_dscr}`. The declared totals must be the file's.
 */
export const reconcileDetail: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(DetailInput, input, 'input');
  const p = period(data.stmt_begndate, data.stmt_enddate);
  const path = 'input.data.file_qury_no';
  const upload = await loadFile(ctx, text(data.file_qury_no), path);
  if (upload.kind !== 'upload')
    throw fileProblem(path, '不是机构上传的文件', 'not a file the institution uploaded');
  const inner = unzipOne(upload.content, path);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(inner.content);
  } catch {
    throw fileProblem(path, `${inner.name} 不是 UTF-8 文本`, `${inner.name} is not UTF-8 text`);
  }
  const his = parseDetailFile(content, path);
  const declared = totalsOf(his);
  const checks: [string, number, number, boolean][] = [
    ['medfee_sumamt', signedAmount(data.medfee_sumamt, 'input.data.medfee_sumamt'), declared.medfee, true],
    [
      'fund_pay_sumamt',
      signedAmount(data.fund_pay_sumamt, 'input.data.fund_pay_sumamt'),
      declared.fund,
      true,
    ],
    [
      'cash_payamt',
      signedAmount(data.cash_payamt, 'input.data.cash_payamt'),
      declared.medfee - declared.fund - declared.acct,
      true,
    ],
    [
      'fixmedins_setl_cnt',
      count(data.fixmedins_setl_cnt, 'input.data.fixmedins_setl_cnt'),
      declared.count,
      false,
    ],
  ];
  for (const [field, sent, inFile, money] of checks)
    if (sent !== inFile) {
      const show = money ? formatYuan(fen(inFile)) : String(inFile);
      throw refuse(
        `input.data.${field}`,
        `与明细文件合计 ${show} 不符`,
        `does not match the detail file's total ${show}`,
      );
    }
  const ours = await ourLines(ctx, {
    ...p,
    setlOptins: text(data.setl_optins),
    clrType: text(data.clr_type),
    insutype: text(data.insutype) || null,
  });
  const differences = compareDetail(his, ours);
  const base = `STMT_${ctx.terminal.institutionCode}_${p.begin.replace(/-/g, '')}_${p.end.replace(/-/g, '')}_${text(data.clr_type)}`;
  const zip = zipOne(`${base}.txt`, new TextEncoder().encode(resultFileText(differences)));
  const stored = await storeFile(ctx, 'result', `${base}.zip`, zip);
  const n = (k: string) => differences.filter((d) => d.kind === k).length;
  return {
    fileinfo: { file_qury_no: stored.fileQuryNo, filename: stored.filename, dld_endtime: stored.dldEndtime },
    stmtinfo: {
      setl_optins: text(data.setl_optins),
      stmt_rslt: differences.length === 0 ? '0' : '1',
      stmt_rslt_dscr:
        differences.length === 0
          ? `明细相符（${his.length} 行）/ all ${his.length} lines agree`
          : `机构有医保无 ${n('onlyHis')} 行，医保有机构无 ${n('onlyOurs')} 行，不符 ${n('differs')} 行 / only in the HIS file ${n('onlyHis')}, only in Yibao ${n('onlyOurs')}, differing ${n('differs')}`,
    },
  };
};
