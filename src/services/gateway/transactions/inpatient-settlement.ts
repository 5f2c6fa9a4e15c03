import { type Static, Type } from 'typebox';
import { wireDateTime } from '../../../domain/gateway/answer.js';
import type { TransactionHandler } from '../gateway-context.js';
import { amount, checkWire, refuse, text, WireAmount, WireText } from '../wire-input.js';
import { admissionOf, requireState } from './inpatient-visit.js';
import { checkTotal, reverseSettlement, settleAndAnswer } from './outpatient-settlement.js';
import { settlementFacts, settlementOutput } from './settlement-output.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));
const OptAmount = Type.Optional(Type.Union([WireAmount, Type.Null()]));

const SettleInput = Type.Object({
  data: Type.Object({
    psn_no: WireText(30),
    mdtrt_cert_type: WireText(3),
    mdtrt_cert_no: WireText(50),
    medfee_sumamt: WireAmount,
    psn_setlway: WireText(6),
    mdtrt_id: WireText(30),
    insutype: WireText(6),
    acct_used_flag: Opt(3),
    invono: Opt(30),
    mid_setl_flag: Opt(3),
    /** regional extra; when sent it must be the admission's */
    med_type: Opt(6),
    fulamt_ownpay_amt: OptAmount,
    overlmt_selfpay: OptAmount,
    preselfpay_amt: OptAmount,
    inscp_scp_amt: OptAmount,
    exp_content: Opt(4000),
  }),
});

const CancelInput = Type.Object({
  data: Type.Object({
    mdtrt_id: WireText(30),
    setl_id: WireText(30),
    psn_no: WireText(30),
    exp_content: Opt(4000),
  }),
});

type Data = Static<typeof SettleInput>['data'];

/** The checks 2303 and 2304 share: the admission, its insurance type, the flags, the total. */
async function checkedAdmission(ctx: Parameters<TransactionHandler>[0], data: Data) {
  const visit = await admissionOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  if (text(data.med_type) && text(data.med_type) !== visit.med_type)
    throw refuse(
      'input.data.med_type',
      `与入院登记不符（${visit.med_type}）`,
      `differs from the admission (${visit.med_type})`,
    );
  if (text(data.insutype) !== visit.insurance_type)
    throw refuse(
      'input.data.insutype',
      `与入院登记不符（${visit.insurance_type}）`,
      `differs from the admission (${visit.insurance_type})`,
    );
  const flag = text(data.acct_used_flag) || '0';
  if (flag !== '0' && flag !== '1')
    throw refuse('input.data.acct_used_flag', '应为 0 或 1', 'must be 0 or 1');
  const mid = text(data.mid_setl_flag) || '0';
  if (mid !== '0' && mid !== '1') throw refuse('input.data.mid_setl_flag', '应为 0 或 1', 'must be 0 or 1');
  return {
    visit,
    useAccount: flag === '1',
    mid: mid === '1',
    medfee: amount(data.medfee_sumamt, 'input.data.medfee_sumamt'),
  };
}

/** 2303 住院预结算: the settlement the engine would make now, before or after discharge; nothing is written. */
export const preSettleInpatient: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(SettleInput, input, 'input');
  const { visit, useAccount, medfee } = await checkedAdmission(ctx, data);
  requireState(visit, 'input.data.mdtrt_id', 'open', 'discharged');
  const pre = await ctx.settlements.preSettle(ctx.actor, visit.id, { useAccount }, ctx.tx);
  checkTotal(medfee, pre.breakdown.total);
  const facts = await settlementFacts(ctx.tx, visit);
  return settlementOutput(pre.breakdown, {
    ...facts,
    visit,
    mdtrtCertType: text(data.mdtrt_cert_type),
    setlId: null,
    setlTime: wireDateTime(ctx.nowMs),
    medinsSetlId: ctx.envelope.msgid,
    balanceAfter: facts.balance - pre.breakdown.personalAccount,
  });
};

/**
 * 2304 住院结算: settles a discharged admission (2402 first; 中途结算 is not supported) under the
 * envelope's msgid as the idempotency key; setl_id is our settlement number.
 */
export const settleInpatient: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(SettleInput, input, 'input');
  const { visit, useAccount, mid, medfee } = await checkedAdmission(ctx, data);
  if (mid) throw refuse('input.data.mid_setl_flag', '不支持中途结算', 'mid-stay settlement is not supported');
  requireState(visit, 'input.data.mdtrt_id', 'discharged');
  return settleAndAnswer(ctx, visit, useAccount, medfee, text(data.mdtrt_cert_type));
};

/** 2305 住院结算撤销: reverses the settlement exactly; the admission is discharged again (2405 next). */
export const cancelInpatientSettlement: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(CancelInput, input, 'input');
  const visit = await admissionOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  return reverseSettlement(ctx, visit, text(data.setl_id));
};
