import { type Static, Type } from 'typebox';
import { AppError } from '../../../domain/errors/app-error.js';
import { wireDateTime } from '../../../domain/gateway/answer.js';
import { fen, formatYuan } from '../../../domain/money/fen.js';
import type { GatewayContext, TransactionHandler, visitOf } from '../gateway-context.js';
import { amount, checkWire, refuse, text, WireAmount, WireText } from '../wire-input.js';
import { outpatientVisitOf } from './outpatient-visit.js';
import { settlementFacts, settlementOutput } from './settlement-output.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

const PreSettleInput = Type.Object({
  data: Type.Object({
    psn_no: WireText(30),
    mdtrt_cert_type: WireText(3),
    mdtrt_cert_no: WireText(50),
    med_type: WireText(6),
    medfee_sumamt: WireAmount,
    psn_setlway: WireText(6),
    mdtrt_id: WireText(30),
    chrg_bchno: WireText(30),
    acct_used_flag: Opt(3),
    insutype: WireText(6),
    invono: Opt(30),
    fulamt_ownpay_amt: Type.Optional(Type.Union([WireAmount, Type.Null()])),
    overlmt_selfpay: Type.Optional(Type.Union([WireAmount, Type.Null()])),
    preselfpay_amt: Type.Optional(Type.Union([WireAmount, Type.Null()])),
    inscp_scp_amt: Type.Optional(Type.Union([WireAmount, Type.Null()])),
  }),
});

const CancelInput = Type.Object({
  data: Type.Object({ setl_id: WireText(30), mdtrt_id: WireText(30), psn_no: WireText(30) }),
});

type Data = Static<typeof PreSettleInput>['data'];

/** The checks 2206 and 2207 share: the visit, its medical type and insurance type, the total. */
async function checkedVisit(ctx: Parameters<TransactionHandler>[0], data: Data) {
  const visit = await outpatientVisitOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  if (text(data.med_type) !== visit.med_type)
    throw refuse(
      'input.data.med_type',
      `与就诊登记不符（${visit.med_type}）`,
      `differs from the visit (${visit.med_type})`,
    );
  if (text(data.insutype) !== visit.insurance_type)
    throw refuse(
      'input.data.insutype',
      `与就诊登记不符（${visit.insurance_type}）`,
      `differs from the visit (${visit.insurance_type})`,
    );
  const flag = text(data.acct_used_flag) || '0';
  if (flag !== '0' && flag !== '1')
    throw refuse('input.data.acct_used_flag', '应为 0 或 1', 'must be 0 or 1');
  return { visit, useAccount: flag === '1', medfee: amount(data.medfee_sumamt, 'input.data.medfee_sumamt') };
}

export function checkTotal(medfee: number, total: number): void {
  if (medfee !== total)
    throw refuse(
      'input.data.medfee_sumamt',
      `与已上传明细合计 ${formatYuan(fen(total))} 不符`,
      `does not match the uploaded lines' total ${formatYuan(fen(total))}`,
    );
}

/** 2206 门诊预结算: the settlement the engine would make now; nothing is written. */
export const preSettleOutpatient: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(PreSettleInput, input, 'input');
  const { visit, useAccount, medfee } = await checkedVisit(ctx, data);
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
 * 2207 门诊结算: settles the visit under the envelope's msgid as the idempotency key; setl_id is
 * our settlement number. The HIS's own figures (when sent) must agree with ours.
 */
export const settleOutpatient: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(PreSettleInput, input, 'input');
  const { visit, useAccount, medfee } = await checkedVisit(ctx, data);
  return settleAndAnswer(ctx, visit, useAccount, medfee, text(data.mdtrt_cert_type));
};

/**
 * Settles a visit under the envelope's msgid (2207, 2304) and answers setlinfo/setldetail. The
 * HIS's total, when sent, must agree with ours; a mismatch throws and the transaction takes the
 * settlement back.
 */
export async function settleAndAnswer(
  ctx: GatewayContext,
  visit: Awaited<ReturnType<typeof visitOf>>,
  useAccount: boolean,
  medfee: Parameters<typeof checkTotal>[0],
  mdtrtCertType: string,
) {
  const s = await ctx.settlements.settle(
    ctx.actor,
    visit.id,
    { clientKey: `fsi:${ctx.envelope.msgid}`, useAccount },
    ctx.tx,
  );
  checkTotal(medfee, s.total);
  const facts = await settlementFacts(ctx.tx, visit);
  return settlementOutput(s.breakdown, {
    ...facts,
    visit: { ...visit, status: 'settled' },
    mdtrtCertType,
    setlId: s.setlNo,
    setlTime: wireDateTime(Date.parse(s.settledAt)),
    medinsSetlId: ctx.envelope.msgid,
    balanceAfter: facts.balance,
  });
}

/** 2208 门诊结算撤销: reverses the settlement exactly; the output repeats it with amounts negated. */
export const cancelSettlement: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(CancelInput, input, 'input');
  const visit = await outpatientVisitOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  return reverseSettlement(ctx, visit, text(data.setl_id));
};

/** The reversal of 2208 and 2305: the settlement setl_id of the visit, reversed; amounts negated. */
export async function reverseSettlement(
  ctx: Parameters<TransactionHandler>[0],
  visit: Awaited<ReturnType<typeof visitOf>>,
  setlId: string,
) {
  const s = await ctx.tx
    .selectFrom('settlements')
    .select(['id', 'visit_id', 'status'])
    .where('setl_no', '=', setlId)
    .where('institution_id', '=', ctx.terminal.institutionId)
    .executeTakeFirst();
  if (!s || s.visit_id !== visit.id)
    throw new AppError('YB_ERR_SETTLEMENT_NOT_FOUND', { detail: 'input.data.setl_id' });
  if (s.status !== 'settled') throw refuse('input.data.setl_id', '结算已撤销', 'already cancelled');
  const reversed = await ctx.settlements.reverse(
    ctx.actor,
    s.id,
    { reason: `HIS ${ctx.envelope.infno} ${ctx.envelope.msgid}` },
    ctx.tx,
  );
  const after = await ctx.tx
    .selectFrom('visits')
    .selectAll()
    .where('id', '=', visit.id)
    .executeTakeFirstOrThrow();
  const facts = await settlementFacts(ctx.tx, after);
  return settlementOutput(
    reversed.breakdown,
    {
      ...facts,
      visit: after,
      mdtrtCertType: '',
      setlId: reversed.setlNo,
      setlTime: wireDateTime(ctx.nowMs),
      medinsSetlId: ctx.envelope.msgid,
      balanceAfter: facts.balance,
    },
    -1,
  );
}
