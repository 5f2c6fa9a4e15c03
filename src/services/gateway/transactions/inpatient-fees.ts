import { Type } from 'typebox';
import type { TransactionHandler } from '../gateway-context.js';
import { checkWire, refuse, text, WireAmount, WireText } from '../wire-input.js';
import { feeUpload } from './fee-upload.js';
import { admissionOf, requireState } from './inpatient-visit.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

const FeeUploadInput = Type.Object({
  feedetail: Type.Array(
    Type.Object({
      feedetl_sn: WireText(30),
      init_feedetl_sn: Opt(30),
      mdtrt_id: WireText(30),
      drord_no: Opt(30),
      psn_no: WireText(30),
      med_type: Opt(6),
      fee_ocur_time: WireText(19),
      med_list_codg: WireText(50),
      medins_list_codg: Opt(150),
      det_item_fee_sumamt: WireAmount,
      cnt: WireAmount,
      pric: WireAmount,
      bilg_dept_codg: Opt(30),
      bilg_dept_name: Opt(100),
      bilg_dr_codg: Opt(30),
      bilg_dr_name: Opt(50),
      memo: Opt(500),
    }),
    { minItems: 1, maxItems: 500 },
  ),
});

const FeeCancelInput = Type.Object({
  data: Type.Object({
    feedetl_sn: WireText(30),
    mdtrt_id: WireText(30),
    psn_no: WireText(30),
    exp_content: Opt(4000),
  }),
});

/**
 * 2301 住院费用明细上传: as 2204 (same checks, all or nothing, same result rows) on an open
 * admission; the batch kept with each line is drord_no. Refund rows (negative cnt,
 * init_feedetl_sn) are not taken: cancel the original line with 2302 instead.
 */
export const uploadInpatientFees: TransactionHandler = async (ctx, input) => {
  const { feedetail } = checkWire(FeeUploadInput, input, 'input');
  const first = feedetail[0]!;
  await admissionOf(ctx, text(first.mdtrt_id), text(first.psn_no), 'input.feedetail.0');
  for (const [i, row] of feedetail.entries())
    if (text(row.init_feedetl_sn))
      throw refuse(
        `input.feedetail.${i}.init_feedetl_sn`,
        '不支持退单明细，请用 2302 撤销原明细',
        'refund rows are not taken; cancel the original line with 2302',
      );
  return feeUpload(
    ctx,
    feedetail,
    (row) => text(row.drord_no),
    (visit) => {
      requireState(visit, 'input.feedetail.0.mdtrt_id', 'open');
      for (const [i, row] of feedetail.entries())
        if (text(row.med_type) && text(row.med_type) !== visit.med_type)
          throw refuse(
            `input.feedetail.${i}.med_type`,
            `与入院登记不符（${visit.med_type}）`,
            `differs from the admission (${visit.med_type})`,
          );
    },
  );
};

/** 2302 住院费用明细撤销: feedetl_sn "0000" cancels every unsettled line, else that line. */
export const cancelInpatientFees: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(FeeCancelInput, input, 'input');
  const visit = await admissionOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  requireState(visit, 'input.data.mdtrt_id', 'open');
  const serial = text(data.feedetl_sn);
  const active = await ctx.tx
    .selectFrom('fee_lines')
    .select(['line_no', 'external_id'])
    .where('visit_id', '=', visit.id)
    .where('status', '=', 'active')
    .execute();
  const lines =
    serial === '0000'
      ? active
      : active.filter((l) => (l.external_id ?? '').split('|').slice(1).join('|') === serial);
  if (lines.length === 0)
    throw refuse('input.data.feedetl_sn', '没有可撤销的费用明细', 'no fee lines to cancel');
  await ctx.visits.cancelLines(
    ctx.actor,
    visit.id,
    lines.map((l) => l.line_no),
    ctx.tx,
  );
  return {};
};
