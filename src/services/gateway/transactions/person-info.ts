import type { Selectable } from 'kysely';
import { Type } from 'typebox';
import { AppError } from '../../../domain/errors/app-error.js';
import { gendOf, insuranceStatusOf, psnTypeOf } from '../../../domain/gateway/wire-codes.js';
import { maskName } from '../../../domain/identity/mask.js';
import { fen, formatYuan } from '../../../domain/money/fen.js';
import { ageOn } from '../../../domain/registry/person-input.js';
import type { PersonTable } from '../../../store/schema.js';
import type { TransactionHandler } from '../gateway-context.js';
import { checkWire, refuse, text, WireText, wireDay } from '../wire-input.js';

const PersonInfoInput = Type.Object({
  data: Type.Object({
    mdtrt_cert_type: Type.Union([Type.Literal('01'), Type.Literal('02'), Type.Literal('03')]),
    mdtrt_cert_no: WireText(50),
    card_sn: Type.Optional(Type.Union([WireText(50), Type.Null()])),
    begntime: Type.Optional(Type.Union([WireText(19), Type.Null()])),
    psn_cert_type: Type.Optional(Type.Union([WireText(6), Type.Null()])),
    certno: Type.Optional(Type.Union([WireText(50), Type.Null()])),
    psn_name: Type.Optional(Type.Union([WireText(50), Type.Null()])),
  }),
});

/**
 * 1101 人员信息获取. 01 (e-voucher) takes the scanned QR token: a valid one names the person (the
 * holder, also when a close relative shows it under a 代展 grant, which exp_content then notes);
 * an expired, forged, altered or revoked one is refused. 02 (ID card) and 03 (social security
 * card: its number is the ID number, and card_sn is required) find the person by ID number.
 * The lookup is recorded in the access log, as any institution lookup of a person; an e-voucher
 * scan also in e_voucher_scans.
 */
export const personInfo: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(PersonInfoInput, input, 'input');
  if (data.mdtrt_cert_type === '03' && !text(data.card_sn))
    throw refuse(
      'input.data.card_sn',
      '社会保障卡就诊须填卡识别码',
      'card_sn is required for a social security card',
    );
  const onDate = text(data.begntime)
    ? wireDay(data.begntime, 'input.data.begntime')
    : ctx.envelope.inf_time.slice(0, 10);
  let person: Selectable<PersonTable>;
  let shownBy: { name: string; relation: string } | null = null;
  if (data.mdtrt_cert_type === '01') {
    const resolved = await ctx.eVouchers.resolve(ctx.tx, text(data.mdtrt_cert_no), ctx.nowMs);
    await ctx.eVouchers.recordScan(ctx.tx, resolved, {
      institutionId: ctx.terminal.institutionId,
      channel: 'fsi:1101',
    });
    person = resolved.person;
    if (resolved.grant)
      shownBy = { name: maskName(resolved.grant.proxyName), relation: resolved.grant.relation };
  } else {
    const found = await ctx.tx
      .selectFrom('persons')
      .selectAll()
      .where('certno', '=', text(data.mdtrt_cert_no).toUpperCase())
      .executeTakeFirst();
    if (!found) throw new AppError('YB_ERR_PERSON_NOT_FOUND', { detail: 'input.data.mdtrt_cert_no' });
    person = found;
  }
  if (text(data.psn_name) && text(data.psn_name) !== person.name)
    throw refuse('input.data.psn_name', '姓名与证件号不符', 'the name does not match the ID number');
  const enrolments = await ctx.tx
    .selectFrom('enrolments as e')
    .leftJoin('employers as m', 'm.id', 'e.employer_id')
    .select([
      'e.insurance_type',
      'e.category',
      'e.status',
      'e.start_date',
      'e.end_date',
      'e.region_code',
      'm.name as emp_name',
    ])
    .where('e.person_id', '=', person.id)
    .where('e.start_date', '<=', onDate)
    .where((eb) => eb.or([eb('e.end_date', 'is', null), eb('e.end_date', '>=', onDate)]))
    .orderBy('e.insurance_type')
    .execute();
  const account = await ctx.tx
    .selectFrom('personal_accounts')
    .select('balance')
    .where('person_id', '=', person.id)
    .executeTakeFirst();
  await ctx.tx
    .insertInto('access_log')
    .values({
      user_id: 0,
      username: ctx.actor.username,
      role: ctx.actor.role,
      person_id: person.id,
      region_code: person.region_code,
      action: 'lookup',
      path: 'fsi:1101',
      ip: ctx.actor.ip ?? '',
    })
    .execute();
  const civilServant = enrolments.some((e) => e.insurance_type === '320' && e.status === 'active');
  const basic = enrolments.filter((e) => e.insurance_type === '310' || e.insurance_type === '390');
  return {
    baseinfo: {
      psn_no: person.psn_no,
      psn_cert_type: '01',
      certno: person.certno,
      psn_name: person.name,
      gend: gendOf(person.sex),
      naty: person.ethnicity || null,
      brdy: person.birth_date,
      age: ageOn(person.birth_date, onDate),
      // Who showed an e-voucher code under a 近亲代展 grant (masked name, relation to the holder).
      exp_content: shownBy
        ? JSON.stringify({
            ec_show_type: 'proxy',
            ec_show_psn_name: shownBy.name,
            ec_show_rlts: shownBy.relation,
          })
        : null,
    },
    insuinfo: enrolments.map((e) => ({
      balc: e.insurance_type === '310' ? Number(formatYuan(fen(account?.balance ?? 0))) : 0,
      insutype: e.insurance_type,
      psn_type: psnTypeOf(basic.includes(e) ? e.category : (basic[0]?.category ?? null)),
      psn_insu_stas: insuranceStatusOf(e.status),
      psn_insu_date: e.start_date,
      paus_insu_date: e.end_date,
      cvlserv_flag: civilServant ? '1' : '0',
      insuplc_admdvs: e.region_code,
      emp_name: e.emp_name ?? null,
    })),
    idetinfo: [],
  };
};
