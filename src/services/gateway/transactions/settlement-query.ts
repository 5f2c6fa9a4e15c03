import { Type } from 'typebox';
import { AppError } from '../../../domain/errors/app-error.js';
import { wireDateTime } from '../../../domain/gateway/answer.js';
import { psnTypeOf } from '../../../domain/gateway/wire-codes.js';
import type { Breakdown } from '../../../domain/settlement/breakdown.js';
import type { Plain } from '../../view.js';
import { personByPsnNo, type TransactionHandler, visitOf } from '../gateway-context.js';
import { checkWire, refuse, text, WireText, wireDay } from '../wire-input.js';
import { settlementFacts, settlementOutput } from './settlement-output.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

/** At most this many visits in one 5201 answer, newest first. */
export const VISIT_QUERY_LIMIT = 500;

const VisitQueryInput = Type.Object({
  data: Type.Object({
    psn_no: WireText(30),
    begntime: WireText(19),
    endtime: Opt(19),
    med_type: Opt(6),
    mdtrt_id: Opt(30),
  }),
});

const SettlementQueryInput = Type.Object({
  data: Type.Object({ psn_no: WireText(30), setl_id: Opt(30), mdtrt_id: Opt(30) }),
});

const STATUS_CODES: Readonly<Record<string, string>> = {
  open: '1',
  discharged: '2',
  settled: '3',
  cancelled: '9',
};

/**
 * 5201 就诊信息查询: the person's visits at the terminal's institution that began between
 * begntime and endtime (default: today), newest first; med_type and mdtrt_id narrow it.
 * Visits at other institutions are not shown.
 */
export const queryVisits: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(VisitQueryInput, input, 'input');
  const person = await personByPsnNo(ctx.tx, text(data.psn_no), 'input.data.psn_no');
  const from = wireDay(data.begntime, 'input.data.begntime');
  const to = text(data.endtime)
    ? wireDay(data.endtime, 'input.data.endtime')
    : wireDateTime(ctx.nowMs).slice(0, 10);
  if (to < from) throw refuse('input.data.endtime', '早于开始时间', 'before begntime');
  let q = ctx.tx
    .selectFrom('visits as v')
    .innerJoin('institutions as i', 'i.id', 'v.institution_id')
    .selectAll('v')
    .select(['i.code as fixmedins_code', 'i.name as fixmedins_name', 'i.level as hosp_lv'])
    .where('v.person_id', '=', person.id)
    .where('v.institution_id', '=', ctx.terminal.institutionId)
    .where('v.begin_date', '>=', from)
    .where('v.begin_date', '<=', to);
  if (text(data.med_type)) q = q.where('v.med_type', '=', text(data.med_type));
  if (text(data.mdtrt_id)) {
    const id = text(data.mdtrt_id);
    if (!/^\d{1,9}$/.test(id)) return { mdtrtinfo: [] };
    q = q.where('v.id', '=', Number(id));
  }
  const rows = await q
    .orderBy('v.begin_date', 'desc')
    .orderBy('v.id', 'desc')
    .limit(VISIT_QUERY_LIMIT)
    .execute();
  const category = async (insuranceType: string) =>
    (
      await ctx.tx
        .selectFrom('enrolments')
        .select('category')
        .where('person_id', '=', person.id)
        .where('insurance_type', '=', insuranceType as never)
        .orderBy('start_date', 'desc')
        .executeTakeFirst()
    )?.category ?? null;
  const categories = new Map<string, string | null>();
  for (const r of rows)
    if (!categories.has(r.insurance_type)) categories.set(r.insurance_type, await category(r.insurance_type));
  return {
    mdtrtinfo: rows.map((v) => ({
      mdtrt_id: String(v.id),
      psn_no: person.psn_no,
      psn_name: person.name,
      insutype: v.insurance_type,
      psn_type: psnTypeOf(categories.get(v.insurance_type) ?? null),
      med_type: v.med_type,
      begntime: `${v.begin_date} 00:00:00`,
      endtime: v.end_date ? `${v.end_date} 00:00:00` : null,
      dise_codg: v.diagnosis_code || null,
      dise_name: v.diagnosis_name || null,
      fixmedins_code: v.fixmedins_code,
      fixmedins_name: v.fixmedins_name,
      hosp_lv: v.hosp_lv === null ? null : String(v.hosp_lv),
      insuplc_admdvs: v.insured_region_code,
      mdtrtarea_admvs: v.region_code,
      vali_flag: v.status === 'cancelled' ? '0' : '1',
      // regional extensions: the visit's state and cross-region status
      mdtrt_stas: STATUS_CODES[v.status] ?? null,
      cross_region: v.cross_region,
    })),
  };
};

/**
 * 5203 结算信息查询: one settlement of the terminal's institution by setl_id (and mdtrt_id, when
 * both are sent they must agree), or the visit's current settlement by mdtrt_id, as 2207
 * answered it: setlinfo + setldetail. vali_flag 0 marks a reversed settlement (its amounts stay
 * positive, as settled); balc is null (the balance after the settlement is not kept).
 */
export const querySettlement: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(SettlementQueryInput, input, 'input');
  const psnNo = text(data.psn_no);
  await personByPsnNo(ctx.tx, psnNo, 'input.data.psn_no');
  const setlId = text(data.setl_id);
  const mdtrtId = text(data.mdtrt_id);
  if (!setlId && !mdtrtId)
    throw refuse('input.data.setl_id', 'setl_id 与 mdtrt_id 至少填一项', 'send setl_id or mdtrt_id');
  let q = ctx.tx
    .selectFrom('settlements')
    .selectAll()
    .where('institution_id', '=', ctx.terminal.institutionId);
  if (setlId) q = q.where('setl_no', '=', setlId);
  if (mdtrtId) {
    const visit = await visitOf(ctx, mdtrtId, psnNo, 'input.data');
    q = q.where('visit_id', '=', visit.id);
  }
  // The visit's current settlement first, then the newest reversed one.
  const s = await q
    .orderBy((eb) => eb.case().when('status', '=', 'settled').then(0).else(1).end())
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!s)
    throw new AppError('YB_ERR_SETTLEMENT_NOT_FOUND', {
      detail: setlId ? `input.data.setl_id=${setlId}` : `input.data.mdtrt_id=${mdtrtId}`,
    });
  const visit = await visitOf(ctx, String(s.visit_id), psnNo, 'input.data');
  const facts = await settlementFacts(ctx.tx, visit);
  const out = settlementOutput(s.breakdown as Plain<Breakdown>, {
    ...facts,
    visit,
    mdtrtCertType: '',
    setlId: s.setl_no,
    setlTime: wireDateTime(s.settled_at.getTime()),
    medinsSetlId: s.client_key.startsWith('fsi:') ? s.client_key.slice(4) : s.client_key,
    balanceAfter: 0,
  });
  return {
    setlinfo: {
      ...out.setlinfo,
      mdtrt_cert_type: null,
      balc: null,
      vali_flag: s.status === 'settled' ? '1' : '0',
    },
    setldetail: out.setldetail,
  };
};
