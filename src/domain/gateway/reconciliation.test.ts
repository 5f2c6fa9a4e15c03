import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import {
  compareDetail,
  compareTotals,
  type DetailLine,
  parseDetailFile,
  resultFileText,
  totalsOf,
} from './reconciliation.js';

const line = (
  setlId: string,
  medfee: number,
  refund = false,
  extra: Partial<DetailLine> = {},
): DetailLine => ({
  setlId,
  mdtrtId: '1',
  psnNo: 'P1',
  medfee,
  fund: 0,
  acct: medfee,
  refund,
  ...extra,
});

function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return (e.details.fields ?? []).map((p) => p.messageEn).join('; ');
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseDetailFile', () => {
  it('reads tab or comma rows, a BOM and a header, and amounts exactly in fen', () => {
    const tab =
      '\uFEFFsetl_id\tmdtrt_id\tpsn_no\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay\trefd_setl_flag\r\nS1\t7\tP1\t12.5\t10.01\t2.49\t0\r\n\r\nS1\t7\tP1\t-12.50\t-10.01\t-2.49\t1\r\n';
    expect(parseDetailFile(tab, 'f')).toEqual([
      { setlId: 'S1', mdtrtId: '7', psnNo: 'P1', medfee: 1250, fund: 1001, acct: 249, refund: false },
      { setlId: 'S1', mdtrtId: '7', psnNo: 'P1', medfee: -1250, fund: -1001, acct: -249, refund: true },
    ]);
    expect(parseDetailFile('S2,8,P2,0.10,0,0.10,0', 'f')).toHaveLength(1);
  });

  it('refuses, naming the line and column: a wrong header, signs, fractions of a fen, repeats', () => {
    expect(problem(() => parseDetailFile('setl_id\tpsn_no\tmdtrt_id\ta\tb\tc\td\n', 'f'))).toContain(
      'line 1 header',
    );
    expect(problem(() => parseDetailFile('S1,1,P,-1.00,0,0,0', 'f'))).toContain('line 1 medfee_sumamt');
    expect(problem(() => parseDetailFile('S1,1,P,1.00,0,0,1', 'f'))).toContain('negated');
    expect(problem(() => parseDetailFile('S1,1,P,1.00,0.001,0,0', 'f'))).toContain('line 1 fund_pay_sumamt');
    expect(problem(() => parseDetailFile('S1,1,P,1,0,1,0\nS1,1,P,1,0,1,0', 'f'))).toContain('line 2 setl_id');
    expect(problem(() => parseDetailFile(',1,P,1,0,1,0', 'f'))).toContain('line 1 setl_id');
  });
});

describe('compareTotals', () => {
  it('agrees only when all four figures are equal, and names each difference', () => {
    const t = totalsOf([line('S1', 1000), line('S2', 250), line('S2', -250, true)]);
    expect(t).toEqual({ medfee: 1000, fund: 0, acct: 1000, count: 1 });
    expect(compareTotals(t, t).result).toBe('0');
    const d = compareTotals({ ...t, acct: 999 }, t);
    expect(d.result).toBe('1');
    expect(d.differences).toEqual(['acct_pay：机构 9.99，医保 10.00']);
  });
});

describe('compareDetail', () => {
  it('matches by setl_id and refund flag; reports lines on one side only and differing ones', () => {
    const his = [line('S1', 100), line('S2', 200, false, { mdtrtId: '9' }), line('S4', 50)];
    const ours = [line('S1', 100), line('S2', 200), line('S1', -100, true), line('S3', 10)];
    const d = compareDetail(his, ours);
    expect(d.map((x) => `${x.kind}:${x.line.setlId}:${x.line.refund ? 1 : 0}`)).toEqual([
      'differs:S2:0',
      'onlyHis:S4:0',
      'onlyOurs:S1:1',
      'onlyOurs:S3:0',
    ]);
    expect(d[0]!.memo).toContain('mdtrt_id 机构 9');
    const text = resultFileText(d);
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toContain('P1\t1\tS1\t\t1\t1\t医保有、机构无 / only in Yibao\t-1.00\t0.00\t-1.00');
  });
});
