import { Type } from 'typebox';
import { recordHistory } from '../../audit/history.js';
import { activeBasicEnrolment, MED_TYPES } from '../../settlement/visit-service.js';
import { type GatewayContext, personByPsnNo, type TransactionHandler, visitOf } from '../gateway-context.js';
import { checkWire, refuse, text, WireText, wireDay } from '../wire-input.js';
import { INPATIENT_MED_TYPES } from './inpatient-visit.js';

/** Whether a med_type is an outpatient one (2201/2203): known, and neither 21 nor 52 (those are 2401's). */
export function isOutpatientMedType(medType: string): boolean {
  const benefit = MED_TYPES[medType];
  return benefit !== undefined && benefit !== 'inpatient' && !INPATIENT_MED_TYPES.has(medType);
}

/**
 * The visit named by mdtrt_id, which must be an outpatient visit (2201): the outpatient
 * transactions (2202–2208) refuse an admission's mdtrt_id, as the inpatient ones refuse an
 * outpatient visit's.
 */
export async function outpatientVisitOf(ctx: GatewayContext, mdtrtId: string, psnNo: string, path: string) {
  const visit = await visitOf(ctx, mdtrtId, psnNo, path);
  if (INPATIENT_MED_TYPES.has(visit.med_type))
    throw refuse(
      `${path}.mdtrt_id`,
      '是住院就诊（2401），请用住院交易',
      'is an admission (2401); use the inpatient transactions',
    );
  return visit;
}

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

const RegisterInput = Type.Object({
  data: Type.Object({
    psn_no: WireText(30),
    insutype: WireText(6),
    begntime: WireText(19),
    mdtrt_cert_type: WireText(3),
    mdtrt_cert_no: WireText(50),
    ipt_otp_no: WireText(30),
    atddr_no: Opt(30),
    dr_name: Opt(50),
    dept_code: Opt(30),
    dept_name: Opt(100),
    caty: Opt(10),
    /** regional extension: the medical type at registration; default 11 普通门诊 */
    med_type: Opt(6),
  }),
});

const CancelInput = Type.Object({
  data: Type.Object({ psn_no: WireText(30), mdtrt_id: WireText(30), ipt_otp_no: Opt(30) }),
});

const VisitInfoInput = Type.Object({
  mdtrtinfo: Type.Object({
    mdtrt_id: WireText(30),
    psn_no: WireText(30),
    med_type: WireText(6),
    begntime: Opt(19),
    main_cond_dscr: Opt(1000),
    dise_codg: Opt(30),
    dise_name: Opt(300),
  }),
  diseinfo: Type.Optional(
    Type.Array(
      Type.Object({
        diag_type: Opt(3),
        diag_srt_no: Opt(3),
        diag_code: WireText(30),
        diag_name: WireText(300),
      }),
      { maxItems: 50 },
    ),
  ),
});

/** 2201 门诊挂号: registers an outpatient visit; mdtrt_id is our visit id. */
export const registerOutpatient: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(RegisterInput, input, 'input');
  const person = await personByPsnNo(ctx.tx, text(data.psn_no), 'input.data.psn_no');
  const beginDate = wireDay(data.begntime, 'input.data.begntime');
  const medType = text(data.med_type) || '11';
  if (!isOutpatientMedType(medType))
    throw refuse('input.data.med_type', '不是门诊医疗类别', 'not an outpatient medical type');
  const enrolment = await activeBasicEnrolment(ctx.tx, person.id, beginDate);
  if (enrolment && text(data.insutype) !== enrolment.insurance_type)
    throw refuse(
      'input.data.insutype',
      `险种应为 ${enrolment.insurance_type}`,
      `insutype must be ${enrolment.insurance_type}`,
    );
  const visit = await ctx.visits.register(
    ctx.actor,
    { personId: person.id, institutionId: ctx.terminal.institutionId, medType, beginDate },
    ctx.tx,
  );
  return {
    data: {
      mdtrt_id: String(visit.id),
      psn_no: person.psn_no,
      ipt_otp_no: text(data.ipt_otp_no),
      exp_content: null,
    },
  };
};

/** 2202 挂号撤销: cancels an unsettled outpatient visit. */
export const cancelOutpatient: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(CancelInput, input, 'input');
  const visit = await outpatientVisitOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  if (visit.status !== 'open')
    throw refuse('input.data.mdtrt_id', `就诊状态为 ${visit.status}`, `visit is ${visit.status}`);
  await ctx.visits.setStatus(ctx.actor, visit.id, 'cancel', undefined, ctx.tx);
  return {};
};

/**
 * 2203 门诊就诊信息上传: the diagnosis (mdtrtinfo.dise_codg/dise_name, else the first diseinfo row)
 * and the medical type, which may change only while no fee line is uploaded.
 */
export const uploadVisitInfo: TransactionHandler = async (ctx, input) => {
  const { mdtrtinfo, diseinfo } = checkWire(VisitInfoInput, input, 'input');
  const visit = await outpatientVisitOf(
    ctx,
    text(mdtrtinfo.mdtrt_id),
    text(mdtrtinfo.psn_no),
    'input.mdtrtinfo',
  );
  if (visit.status !== 'open')
    throw refuse('input.mdtrtinfo.mdtrt_id', `就诊状态为 ${visit.status}`, `visit is ${visit.status}`);
  const medType = text(mdtrtinfo.med_type);
  const benefit = MED_TYPES[medType];
  if (!benefit || !isOutpatientMedType(medType))
    throw refuse('input.mdtrtinfo.med_type', '不是门诊医疗类别', 'not an outpatient medical type');
  if (medType !== visit.med_type) {
    const lines = await ctx.tx
      .selectFrom('fee_lines')
      .select('id')
      .where('visit_id', '=', visit.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (lines)
      throw refuse(
        'input.mdtrtinfo.med_type',
        '已有费用明细，不能变更医疗类别',
        'fee lines exist; med_type cannot change',
      );
  }
  const main = (diseinfo ?? []).find((d) => text(d.diag_srt_no) === '1') ?? diseinfo?.[0];
  const code = text(mdtrtinfo.dise_codg) || text(main?.diag_code);
  const name = text(mdtrtinfo.dise_name) || text(main?.diag_name);
  await ctx.tx
    .updateTable('visits')
    .set({ med_type: medType, benefit, diagnosis_code: code, diagnosis_name: name, updated_at: new Date() })
    .where('id', '=', visit.id)
    .execute();
  await recordHistory(ctx.tx, ctx.actor, {
    entityType: 'visit',
    entityId: visit.id,
    regionCode: visit.region_code,
    action: 'visitInfo',
    before: { med_type: visit.med_type, diagnosis_code: visit.diagnosis_code },
    after: { med_type: medType, diagnosis_code: code },
  });
  return {};
};
