import { sql } from 'kysely';
import { Type } from 'typebox';
import { AppError, fieldProblem } from '../../../domain/errors/app-error.js';
import { type GatewayContext, type TransactionHandler, visitOf } from '../gateway-context.js';
import { checkWire, refuse, text, WireText } from '../wire-input.js';
import { reverseSettlement } from './outpatient-settlement.js';

/**
 * The messages 2601 can reverse, and what reversing means: a settlement (2207/2304) is reversed as
 * 2208/2305 would; a registration (2201/2401) is cancelled as 2202/2404 would; a fee upload
 * (2204/2301) has exactly the lines it wrote cancelled. 2208/2305 (themselves undos) are not
 * reversible: settle again with 2207/2304.
 */
export const REVERSIBLE_INFNOS: ReadonlySet<string> = new Set([
  '2201',
  '2401',
  '2204',
  '2301',
  '2207',
  '2304',
]);

const ReversalInput = Type.Object({
  data: Type.Object({
    psn_no: WireText(30),
    /** 原发送方报文ID */
    omsgid: WireText(64),
    /** 原交易编号 */
    oinfno: WireText(4),
    exp_content: Type.Optional(Type.Union([WireText(4000), Type.Null()])),
  }),
});

const OMSGID = 'input.data.omsgid';

function alreadyReversed(zh: string, en: string): AppError {
  return new AppError('YB_ERR_ALREADY_REVERSED', {
    fields: [fieldProblem(OMSGID, 'state', `${OMSGID}：${zh}`, `${OMSGID}: ${en}`)],
  });
}

function stored(value: unknown): Record<string, unknown> {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/**
 * 2601 冲正交易: undoes an earlier successful message of this institution named by its msgid
 * (`omsgid`) and infno (`oinfno`), for the person `psn_no`. Typical use: the HIS timed out
 * waiting for 2207's answer and does not know whether it settled — 2601 answers either the
 * reversal or "unknown or did not succeed; nothing to reverse".
 *
 * Refused (nothing changed): an unknown msgid, another institution's (the same answer, so a msgid
 * reveals nothing), oinfno or psn_no not the original's, a type that cannot be reversed, and an
 * original already undone — by an earlier 2601 (the answer names its msgid) or by 2202/2205/2208/
 * 2302/2305/2404. A second 2601 under a new msgid therefore refuses rather than answering success
 * again; the same 2601 resent under its own msgid replays its stored answer.
 */
export const reverseMessage: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(ReversalInput, input, 'input');
  const omsgid = text(data.omsgid);
  const psnNo = text(data.psn_no);
  const original = await originalMessage(ctx, omsgid);
  if (!original || original.institution_id !== ctx.terminal.institutionId || !original.response)
    throw new AppError('YB_ERR_ORIGINAL_MESSAGE_NOT_FOUND', {
      fields: [fieldProblem(OMSGID, 'notFound', `${OMSGID}：${omsgid}`, `${OMSGID}: ${omsgid}`)],
    });
  if (text(data.oinfno) !== original.infno)
    throw refuse(
      'input.data.oinfno',
      `与原交易不符（原交易为 ${original.infno}）`,
      `differs from the original message (${original.infno})`,
    );
  if (original.reversed_by_msgid)
    throw alreadyReversed(
      `已由报文 ${original.reversed_by_msgid} 冲正`,
      `already reversed by message ${original.reversed_by_msgid}`,
    );
  if (!REVERSIBLE_INFNOS.has(original.infno))
    throw new AppError('YB_ERR_NOT_REVERSIBLE', {
      fields: [
        fieldProblem(
          'input.data.oinfno',
          'notReversible',
          `input.data.oinfno：${original.infno} 不能冲正（可冲正：${[...REVERSIBLE_INFNOS].join('、')}）`,
          `input.data.oinfno: ${original.infno} cannot be reversed (reversible: ${[...REVERSIBLE_INFNOS].join(', ')})`,
        ),
      ],
    });
  const output = await undo(
    ctx,
    original.infno,
    omsgid,
    psnNo,
    stored(original.response),
    stored(original.request),
  );
  await ctx.tx
    .updateTable('gateway_messages')
    .set({ reversed_by_msgid: ctx.envelope.msgid, reversed_at: new Date(ctx.nowMs) })
    .where('msgid', '=', omsgid)
    .execute();
  return output;
};

/**
 * The original message row, locked: two concurrent 2601s of one original queue and the second
 * sees reversed_by_msgid. When no row is visible the original may still be running (the HIS gave
 * up waiting for 2207, which is still settling): its uncommitted row holds the msgid's unique
 * key, so claiming the msgid here waits for it to commit or roll back. A committed original is
 * then read; otherwise the claim succeeded and the refusal that follows rolls it back.
 */
async function originalMessage(ctx: GatewayContext, omsgid: string) {
  const read = () =>
    ctx.tx
      .selectFrom('gateway_messages')
      .select(['msgid', 'institution_id', 'infno', 'response', 'request', 'reversed_by_msgid'])
      .where('msgid', '=', omsgid)
      .forUpdate()
      .executeTakeFirst();
  const visible = await read();
  if (visible) return visible;
  const claimed = await ctx.tx
    .insertInto('gateway_messages')
    .values({
      msgid: omsgid,
      institution_id: ctx.terminal.institutionId,
      infno: 'probe',
      request_hash: '',
      response: null,
    })
    .onConflict((oc) => oc.column('msgid').doNothing())
    .returning('msgid')
    .executeTakeFirst();
  return claimed ? undefined : read();
}

async function undo(
  ctx: GatewayContext,
  infno: string,
  omsgid: string,
  psnNo: string,
  response: Record<string, unknown>,
  request: Record<string, unknown>,
): Promise<unknown> {
  const output = stored(response.output);
  switch (infno) {
    case '2207':
    case '2304':
      return undoSettlement(ctx, omsgid, psnNo);
    case '2201':
    case '2401':
      return undoRegistration(
        ctx,
        String(stored(infno === '2201' ? output.data : output.result).mdtrt_id ?? ''),
        psnNo,
      );
    case '2204':
    case '2301':
      return undoFeeUpload(ctx, infno, omsgid, psnNo, request);
    default:
      throw new AppError('YB_ERR_NOT_REVERSIBLE', { detail: infno });
  }
}

/** 2207/2304: the settlement made under that msgid, reversed exactly as 2208/2305 would. */
async function undoSettlement(ctx: GatewayContext, omsgid: string, psnNo: string) {
  const s = await ctx.tx
    .selectFrom('settlements')
    .select(['setl_no', 'visit_id', 'status'])
    .where('institution_id', '=', ctx.terminal.institutionId)
    .where('client_key', '=', `fsi:${omsgid}`)
    .executeTakeFirst();
  if (!s)
    throw new AppError('YB_ERR_ORIGINAL_MESSAGE_NOT_FOUND', {
      fields: [fieldProblem(OMSGID, 'notFound', `${OMSGID}：${omsgid}`, `${OMSGID}: ${omsgid}`)],
    });
  const visit = await visitOf(ctx, String(s.visit_id), psnNo, 'input.data');
  if (s.status !== 'settled')
    throw alreadyReversed(
      `结算 ${s.setl_no} 已撤销（2208/2305）`,
      `settlement ${s.setl_no} is already cancelled (2208/2305)`,
    );
  return reverseSettlement(ctx, visit, s.setl_no);
}

/** 2201/2401: the visit, cancelled as 2202/2404 would — only while open and without fee lines. */
async function undoRegistration(ctx: GatewayContext, mdtrtId: string, psnNo: string) {
  const visit = await visitOf(ctx, mdtrtId, psnNo, 'input.data');
  if (visit.status === 'cancelled')
    throw alreadyReversed(
      `就诊 ${mdtrtId} 已撤销（2202/2404）`,
      `visit ${mdtrtId} is already cancelled (2202/2404)`,
    );
  if (visit.status !== 'open')
    throw refuse(
      OMSGID,
      `就诊 ${mdtrtId} 状态为 ${visit.status}，请先冲正或撤销结算/出院`,
      `visit ${mdtrtId} is ${visit.status}; reverse or cancel the settlement/discharge first`,
    );
  const line = await ctx.tx
    .selectFrom('fee_lines')
    .select('id')
    .where('visit_id', '=', visit.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (line)
    throw refuse(
      OMSGID,
      `就诊 ${mdtrtId} 仍有费用明细，请先撤销`,
      `visit ${mdtrtId} still has fee lines; cancel them first`,
    );
  await ctx.visits.setStatus(ctx.actor, visit.id, 'cancel', undefined, ctx.tx);
  return {};
}

/**
 * 2204/2301: exactly the lines that upload wrote — same visit, same batch|serial, written in the
 * same database transaction as the original message (so a serial reused after 2205 is not touched)
 * — cancelled while the visit is open. Lines already cancelled (2205/2302) are left; when none is
 * left the upload counts as already undone.
 */
async function undoFeeUpload(
  ctx: GatewayContext,
  infno: string,
  omsgid: string,
  psnNo: string,
  request: Record<string, unknown>,
) {
  const rows = Array.isArray(request.feedetail) ? (request.feedetail as Record<string, unknown>[]) : [];
  const first = rows[0];
  if (!first) throw new AppError('YB_ERR_NOT_REVERSIBLE', { detail: `${OMSGID}: no stored fee lines` });
  const wire = (v: unknown) => text(typeof v === 'number' || typeof v === 'string' ? v : null);
  const visit = await visitOf(ctx, wire(first.mdtrt_id), psnNo, 'input.data');
  const keys = rows.map((r) => `${wire(infno === '2204' ? r.chrg_bchno : r.drord_no)}|${wire(r.feedetl_sn)}`);
  const lines = await ctx.tx
    .selectFrom('fee_lines')
    .select('line_no')
    .where('visit_id', '=', visit.id)
    .where('status', '=', 'active')
    .where('external_id', 'in', keys)
    .where('created_at', '=', sql<Date>`(select created_at from gateway_messages where msgid = ${omsgid})`)
    .execute();
  if (lines.length === 0)
    throw alreadyReversed(
      '该次上传的明细已撤销（2205/2302）',
      "that upload's lines are already cancelled (2205/2302)",
    );
  if (visit.status !== 'open')
    throw refuse(
      OMSGID,
      `就诊状态为 ${visit.status}，请先冲正或撤销结算`,
      `the visit is ${visit.status}; reverse or cancel the settlement first`,
    );
  await ctx.visits.cancelLines(
    ctx.actor,
    visit.id,
    lines.map((l) => l.line_no),
    ctx.tx,
  );
  return {};
}
