/**
 * Reconciliation (对账, 3201 对总账 / 3202 对明细账): the institution's figures against the
 * settlements Yibao holds for it. Pure: parsing the HIS detail file, comparing, writing the result
 * file. Amounts are fen; the files carry yuan with two decimals.
 */
import { AppError, fieldProblem } from '../errors/app-error.js';
import { type Fen, fen, formatYuan, parseYuan } from '../money/fen.js';

/** Totals of a period: the four figures of 3201 (stmt input) in fen, and the settlement count. */
export interface StatementTotals {
  readonly medfee: number;
  readonly fund: number;
  readonly acct: number;
  readonly count: number;
}

/**
 * One settlement line of a period. A settlement settled in the period is a line with
 * refund = false and its amounts; one reversed in the period is a line with refund = true
 * (refd_setl_flag 1) and its amounts negated, as 2208/2305 answer them. A settlement settled and
 * reversed in the same period gives both lines.
 */
export interface DetailLine {
  readonly setlId: string;
  readonly mdtrtId: string;
  readonly psnNo: string;
  readonly medfee: number;
  readonly fund: number;
  readonly acct: number;
  readonly refund: boolean;
  /** the msgid that settled it (ours only; '' when settled outside the gateway) */
  readonly msgid?: string;
}

/** The columns of the HIS detail file, in order (header line optional). */
export const DETAIL_COLUMNS = [
  'setl_id',
  'mdtrt_id',
  'psn_no',
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
  'refd_setl_flag',
] as const;

/** The columns of the result file (reference: 3202 result), tab-separated with a header line. */
export const RESULT_COLUMNS = [
  'psn_no',
  'mdtrt_id',
  'setl_id',
  'msgid',
  'stmt_rslt',
  'refd_setl_flag',
  'memo',
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
] as const;

export const MAX_DETAIL_LINES = 100_000;

/** stmt_rslt: 0 对平 (agree), 1 不平 (disagree). */
export type StatementResult = '0' | '1';

/** Sums lines into totals; the count is settlements minus reversals (a refund line counts −1). */
export function totalsOf(lines: readonly DetailLine[]): StatementTotals {
  let medfee = 0;
  let fund = 0;
  let acct = 0;
  let count = 0;
  for (const l of lines) {
    medfee += l.medfee;
    fund += l.fund;
    acct += l.acct;
    count += l.refund ? -1 : 1;
  }
  return { medfee, fund, acct, count };
}

const TOTAL_FIELDS = [
  ['medfee_sumamt', 'medfee'],
  ['fund_pay_sumamt', 'fund'],
  ['acct_pay', 'acct'],
  ['fixmedins_setl_cnt', 'count'],
] as const;

/**
 * Compares the institution's totals with ours: stmt_rslt 0 when all four agree, else 1 with a
 * description naming each differing field with both figures (机构 = the HIS, 医保 = Yibao).
 *
 * @example compareTotals({medfee: 100, fund: 60, acct: 40, count: 1}, {medfee: 100, fund: 60, acct: 40, count: 1})
 * // { result: '0', description: '对账相符 / totals agree', differences: [] }
 */
export function compareTotals(
  his: StatementTotals,
  ours: StatementTotals,
): { result: StatementResult; description: string; differences: string[] } {
  const differences: string[] = [];
  for (const [wire, key] of TOTAL_FIELDS) {
    if (his[key] === ours[key]) continue;
    const show = (v: number) => (key === 'count' ? String(v) : formatYuan(fen(v)));
    differences.push(`${wire}：机构 ${show(his[key])}，医保 ${show(ours[key])}`);
  }
  if (differences.length === 0) return { result: '0', description: '对账相符 / totals agree', differences };
  return {
    result: '1',
    description: `对账不符 / totals differ：${differences.join('；')}`,
    differences,
  };
}

function lineProblem(path: string, line: number, column: string, zh: string, en: string): AppError {
  return new AppError('YB_ERR_FILE_INVALID', {
    fields: [
      fieldProblem(
        path,
        'file',
        `${path}：第 ${line} 行 ${column}：${zh}`,
        `${path}: line ${line} ${column}: ${en}`,
      ),
    ],
  });
}

/**
 * Parses the HIS detail file: UTF-8 text (a BOM is skipped), one settlement line per row,
 * fields separated by tabs (or by commas when the first row has no tab), in the order of
 * DETAIL_COLUMNS, an optional header row starting with `setl_id`, blank rows ignored. Amounts are
 * yuan with at most two decimals; refund rows (refd_setl_flag 1) carry them negated. Anything
 * else refuses the whole file, naming the row and column; `path` names the file in the message.
 */
export function parseDetailFile(text: string, path: string): DetailLine[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstData = rows.find((r) => r.trim() !== '') ?? '';
  const separator = firstData.includes('\t') ? '\t' : ',';
  const lines: DetailLine[] = [];
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const lineNo = i + 1;
    if (row.trim() === '') continue;
    const cells = row.split(separator).map((c) => c.trim());
    if (lines.length === 0 && seen.size === 0 && cells[0] === 'setl_id') {
      const header = cells.slice(0, DETAIL_COLUMNS.length).join(',');
      if (header !== DETAIL_COLUMNS.join(','))
        throw lineProblem(
          path,
          lineNo,
          'header',
          `表头应为 ${DETAIL_COLUMNS.join(',')}`,
          `the header must be ${DETAIL_COLUMNS.join(',')}`,
        );
      seen.add('\u0000header');
      continue;
    }
    if (cells.length !== DETAIL_COLUMNS.length)
      throw lineProblem(
        path,
        lineNo,
        'columns',
        `应有 ${DETAIL_COLUMNS.length} 列，实际 ${cells.length} 列`,
        `expected ${DETAIL_COLUMNS.length} columns, found ${cells.length}`,
      );
    const [setlId, mdtrtId, psnNo, medfeeText, fundText, acctText, flag] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^[\w.:-]{1,40}$/.test(setlId))
      throw lineProblem(path, lineNo, 'setl_id', '为空或格式不正确', 'empty or malformed');
    if (flag !== '0' && flag !== '1')
      throw lineProblem(path, lineNo, 'refd_setl_flag', '应为 0 或 1', 'must be 0 or 1');
    const refund = flag === '1';
    const money = (t: string, column: string): Fen => {
      const r = parseYuan(t);
      if (!r.ok)
        throw lineProblem(path, lineNo, column, '金额应为最多两位小数的元', 'yuan with at most two decimals');
      if (refund ? r.value > 0 : r.value < 0)
        throw lineProblem(
          path,
          lineNo,
          column,
          refund ? '退费行金额应为负数或零' : '金额不能为负数',
          refund ? 'a refund row carries negated amounts' : 'must not be negative',
        );
      return r.value;
    };
    const key = `${setlId}|${flag}`;
    if (seen.has(key))
      throw lineProblem(path, lineNo, 'setl_id', `结算 ${setlId} 重复`, `settlement ${setlId} is repeated`);
    seen.add(key);
    lines.push({
      setlId,
      mdtrtId,
      psnNo,
      medfee: money(medfeeText, 'medfee_sumamt'),
      fund: money(fundText, 'fund_pay_sumamt'),
      acct: money(acctText, 'acct_pay'),
      refund,
    });
    if (lines.length > MAX_DETAIL_LINES)
      throw lineProblem(
        path,
        lineNo,
        'rows',
        `超过 ${MAX_DETAIL_LINES} 行`,
        `more than ${MAX_DETAIL_LINES} rows`,
      );
  }
  return lines;
}

/** One row of the result file. */
export interface DetailDifference {
  readonly kind: 'onlyHis' | 'onlyOurs' | 'differs';
  /** the line as Yibao holds it (for onlyHis: as the HIS sent it) */
  readonly line: DetailLine;
  readonly memo: string;
}

/**
 * Compares line by line, matched by setl_id and refd_setl_flag: lines only the HIS has, lines
 * only Yibao has, and matched lines whose mdtrt_id, psn_no or amounts differ.
 */
export function compareDetail(his: readonly DetailLine[], ours: readonly DetailLine[]): DetailDifference[] {
  const key = (l: DetailLine) => `${l.setlId}|${l.refund ? 1 : 0}`;
  const ourByKey = new Map(ours.map((l) => [key(l), l]));
  const hisKeys = new Set(his.map(key));
  const out: DetailDifference[] = [];
  for (const h of his) {
    const o = ourByKey.get(key(h));
    if (!o) {
      out.push({ kind: 'onlyHis', line: h, memo: '机构有、医保无 / only in the HIS file' });
      continue;
    }
    const diffs: string[] = [];
    if (h.mdtrtId !== o.mdtrtId) diffs.push(`mdtrt_id 机构 ${h.mdtrtId}`);
    if (h.psnNo !== o.psnNo) diffs.push(`psn_no 机构 ${h.psnNo}`);
    for (const [wire, k] of [
      ['medfee_sumamt', 'medfee'],
      ['fund_pay_sumamt', 'fund'],
      ['acct_pay', 'acct'],
    ] as const)
      if (h[k] !== o[k]) diffs.push(`${wire} 机构 ${formatYuan(fen(h[k]))}`);
    if (diffs.length)
      out.push({ kind: 'differs', line: o, memo: `不符 / differs：${diffs.join('；')}（医保数据见本行）` });
  }
  for (const o of ours)
    if (!hisKeys.has(key(o))) out.push({ kind: 'onlyOurs', line: o, memo: '医保有、机构无 / only in Yibao' });
  return out;
}

/** The result file: a header row and one tab-separated row per difference (stmt_rslt 1). */
export function resultFileText(differences: readonly DetailDifference[]): string {
  const clean = (s: string) => s.replace(/[\t\r\n]/g, ' ');
  const rows = differences.map((d) =>
    [
      d.line.psnNo,
      d.line.mdtrtId,
      d.line.setlId,
      d.line.msgid ?? '',
      '1',
      d.line.refund ? '1' : '0',
      d.memo,
      formatYuan(fen(d.line.medfee)),
      formatYuan(fen(d.line.fund)),
      formatYuan(fen(d.line.acct)),
    ]
      .map(clean)
      .join('\t'),
  );
  return `${[RESULT_COLUMNS.join('\t'), ...rows].join('\n')}\n`;
}
