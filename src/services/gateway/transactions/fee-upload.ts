import { Type } from 'typebox';
import { AppError } from '../../../domain/errors/app-error.js';
import { chrgitmLvOf, ratioOf } from '../../../domain/gateway/wire-codes.js';
import { type Fen, fen, formatYuan } from '../../../domain/money/fen.js';
import type { LineResult } from '../../../domain/settlement/breakdown.js';
import { type TransactionHandler, visitOf } from '../gateway-context.js';
import { amount, checkWire, refuse, text, WireAmount, WireText, wireDay } from '../wire-input.js';
import { outpatientVisitOf } from './outpatient-visit.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

const FeeUploadInput = Type.Object({
  feedetail: Type.Array(
    Type.Object({
      feedetl_sn: WireText(30),
      mdtrt_id: WireText(30),
      psn_no: WireText(30),
      chrg_bchno: WireText(30),
      fee_ocur_time: WireText(19),
      med_list_codg: WireText(50),
      medins_list_codg: Opt(150),
      det_item_fee_sumamt: WireAmount,
      cnt: WireAmount,
      pric: WireAmount,
      dise_codg: Opt(30),
      rxno: Opt(30),
      bilg_dept_codg: Opt(30),
      bilg_dr_codg: Opt(30),
    }),
    { minItems: 1, maxItems: 500 },
  ),
});

const FeeCancelInput = Type.Object({
  data: Type.Object({ mdtrt_id: WireText(30), chrg_bchno: WireText(30), psn_no: WireText(30) }),
});

/** A fee line's external id keeps the HIS batch and serial: chrg_bchno|feedetl_sn. */
function lineKey(batch: string, serial: string): string {
  return `${batch}|${serial}`;
}

const yuan = (f: number) => Number(formatYuan(fen(f)));

/** Our field names in a service error, as the wire names of the row that caused them. */
function wirePaths(e: unknown): unknown {
  if (!(e instanceof AppError) || !e.details.fields) return e;
  const names: Record<string, string> = {
    code: 'med_list_codg',
    quantity: 'cnt',
    unitPrice: 'pric',
    serviceDate: 'fee_ocur_time',
  };
  return new AppError(e.code, {
    ...e.details,
    fields: e.details.fields.map((f) => ({
      ...f,
      path: f.path.replace(
        /^lines\.(\d+)\.(\w+)$/,
        (_m, i: string, k: string) => `input.feedetail.${i}.${names[k] ?? k}`,
      ),
    })),
  });
}

/** The fields of a fee row that 2204 and 2301 share. */
export interface WireFeeRow {
  readonly feedetl_sn: string | number;
  readonly mdtrt_id: string | number;
  readonly psn_no: string | number;
  readonly fee_ocur_time: string | number;
  readonly med_list_codg: string | number;
  readonly det_item_fee_sumamt: string | number;
  readonly cnt: string | number;
  readonly pric: string | number;
}

/**
 * 2204 门诊费用明细上传: every row is checked (catalogue code at the fee date, quantity, price,
 * det_item_fee_sumamt = pric × cnt to the fen, feedetl_sn unique in the visit) and the upload is
 * all or nothing. Each result row splits the amount the way the settlement engine would now.
 */
export const uploadFees: TransactionHandler = async (ctx, input) => {
  const { feedetail } = checkWire(FeeUploadInput, input, 'input');
  const first = feedetail[0]!;
  await outpatientVisitOf(ctx, text(first.mdtrt_id), text(first.psn_no), 'input.feedetail.0');
  return feeUpload(ctx, feedetail, (row) => text(row.chrg_bchno));
};

/**
 * The upload of 2204 and 2301: `batchOf` gives the batch kept in the line's external id
 * (chrg_bchno for 2204, drord_no for 2301); `checkVisit` may refuse the visit first.
 */
export async function feeUpload<R extends WireFeeRow>(
  ctx: Parameters<TransactionHandler>[0],
  feedetail: readonly R[],
  batchOf: (row: R) => string,
  checkVisit?: (visit: Awaited<ReturnType<typeof visitOf>>) => void,
) {
  const first = feedetail[0]!;
  const visit = await visitOf(ctx, text(first.mdtrt_id), text(first.psn_no), 'input.feedetail.0');
  checkVisit?.(visit);
  const existing = await ctx.tx
    .selectFrom('fee_lines')
    .select('external_id')
    .where('visit_id', '=', visit.id)
    .where('status', '=', 'active')
    .execute();
  const serials = new Set(existing.map((r) => (r.external_id ?? '').split('|').slice(1).join('|')));
  const rows = feedetail.map((row, i) => {
    const path = `input.feedetail.${i}`;
    if (text(row.mdtrt_id) !== String(visit.id) || text(row.psn_no) !== visit.psn_no)
      throw refuse(`${path}.mdtrt_id`, '一次上传只能属于同一就诊', 'all rows must belong to one visit');
    const serial = text(row.feedetl_sn);
    if (!serial || serials.has(serial))
      throw refuse(`${path}.feedetl_sn`, '费用明细流水号重复或为空', 'duplicate or empty serial');
    serials.add(serial);
    const unitPrice = amount(row.pric, `${path}.pric`);
    const total = amount(row.det_item_fee_sumamt, `${path}.det_item_fee_sumamt`);
    return {
      key: lineKey(batchOf(row), serial),
      serial,
      total,
      line: {
        code: text(row.med_list_codg),
        quantity: text(row.cnt),
        unitPrice,
        serviceDate: wireDay(row.fee_ocur_time, `${path}.fee_ocur_time`),
        externalId: lineKey(batchOf(row), serial),
      },
    };
  });
  try {
    await ctx.visits.addLines(
      ctx.actor,
      visit.id,
      rows.map((r) => r.line),
      ctx.tx,
    );
  } catch (e) {
    throw wirePaths(e);
  }
  const stored = await ctx.tx
    .selectFrom('fee_lines')
    .selectAll()
    .where('visit_id', '=', visit.id)
    .where(
      'external_id',
      'in',
      rows.map((r) => r.key),
    )
    .where('status', '=', 'active')
    .execute();
  const byKey = new Map(stored.map((l) => [l.external_id, l]));
  for (const [i, r] of rows.entries()) {
    const line = byKey.get(r.key);
    if (line && line.amount !== r.total)
      throw refuse(
        `input.feedetail.${i}.det_item_fee_sumamt`,
        `应为单价×数量 = ${formatYuan(fen(line.amount))}`,
        `must equal pric × cnt = ${formatYuan(fen(line.amount))}`,
      );
  }
  // The split per line as a pre-settlement would make it now; when the claim cannot be settled
  // yet (e.g. no policy in force), the split fields are null and 2206 will say why.
  let split = new Map<number, LineResult>();
  try {
    const pre = await ctx.settlements.preSettle(ctx.actor, visit.id, {}, ctx.tx);
    split = new Map(pre.breakdown.lines.map((l) => [l.lineNo, l as unknown as LineResult]));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
  }
  return {
    result: rows.map((r) => {
      const line = byKey.get(r.key)!;
      const s = split.get(line.line_no);
      const part = (f: (l: LineResult) => Fen) => (s ? yuan(f(s)) : null);
      return {
        feedetl_sn: r.serial,
        det_item_fee_sumamt: yuan(line.amount),
        cnt: line.quantity10k / 10000,
        pric: yuan(line.unit_price),
        pric_uplmt_amt: line.payment_standard === null ? null : yuan(line.payment_standard),
        selfpay_prop: ratioOf(line.first_self_pay_bp),
        fulamt_ownpay_amt: part((l) => l.fullSelfPay),
        overlmt_amt: part((l) => l.overLimitSelfPay),
        preselfpay_amt: part((l) => l.firstSelfPay),
        inscp_scp_amt: part((l) => l.inScope),
        chrgitm_lv: chrgitmLvOf(line.item_class),
        med_chrgitm_type: null,
        bas_medn_flag: '0',
        hi_nego_drug_flag: line.negotiated ? '1' : '0',
        lmt_used_flag: '0',
        drt_reim_flag: '0',
        memo: s?.reason ?? null,
        exp_content: null,
      };
    }),
  };
}

/** 2205 门诊费用明细撤销: chrg_bchno "0000" cancels every unsettled line, else that batch's lines. */
export const cancelFees: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(FeeCancelInput, input, 'input');
  const visit = await outpatientVisitOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  if (visit.status !== 'open')
    throw refuse('input.data.mdtrt_id', `就诊状态为 ${visit.status}`, `visit is ${visit.status}`);
  const batch = text(data.chrg_bchno);
  let q = ctx.tx
    .selectFrom('fee_lines')
    .select('line_no')
    .where('visit_id', '=', visit.id)
    .where('status', '=', 'active');
  if (batch !== '0000') q = q.where('external_id', 'like', `${batch.replace(/[\\%_]/g, '\\$&')}|%`);
  const lines = await q.execute();
  if (lines.length === 0)
    throw refuse('input.data.chrg_bchno', '没有可撤销的费用明细', 'no fee lines to cancel');
  await ctx.visits.cancelLines(
    ctx.actor,
    visit.id,
    lines.map((l) => l.line_no),
    ctx.tx,
  );
  return {};
};
