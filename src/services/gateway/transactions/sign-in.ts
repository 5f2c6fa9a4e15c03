import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { wireDateTime } from '../../../domain/gateway/answer.js';
import type { TransactionHandler } from '../gateway-context.js';
import { checkWire, refuse, text, WireText } from '../wire-input.js';

const SignInInput = Type.Object({
  signIn: Type.Object({ opter_no: WireText(20), mac: Type.Optional(WireText(20)), ip: WireText(20) }),
});
const SignOutInput = Type.Object({
  signOut: Type.Object({ sign_no: WireText(30), opter_no: WireText(20) }),
});

/** 9001 签到: a sign_no for the operator's session, carried in later envelopes' sign_no. */
export const signIn: TransactionHandler = async (ctx, input) => {
  checkWire(SignInInput, input, 'input');
  const signNo = `${wireDateTime(ctx.nowMs).replace(/\D/g, '')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  return { signinoutb: { sign_time: wireDateTime(ctx.nowMs), sign_no: signNo } };
};

/** 9002 签退: the sign_no must have been issued to this institution by 9001. */
export const signOut: TransactionHandler = async (ctx, input) => {
  const { signOut: data } = checkWire(SignOutInput, input, 'input');
  const signNo = text(data.sign_no);
  const issued = await ctx.tx
    .selectFrom('gateway_messages')
    .select('msgid')
    .where('institution_id', '=', ctx.terminal.institutionId)
    .where('infno', '=', '9001')
    .where(sql<string>`response -> 'output' -> 'signinoutb' ->> 'sign_no'`, '=', signNo)
    .executeTakeFirst();
  if (!issued) throw refuse('input.signOut.sign_no', '没有此签到流水号', 'no such sign-in');
  return { signoutoutb: { sign_time: wireDateTime(ctx.nowMs), sign_no: signNo } };
};
