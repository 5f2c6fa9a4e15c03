import { type Static, Type } from 'typebox';
import { recordHistory } from '../../audit/history.js';
import { activeBasicEnrolment } from '../../settlement/visit-service.js';
import { type GatewayContext, personByPsnNo, type TransactionHandler, visitOf } from '../gateway-context.js';
import { checkWire, refuse, text, WireText, wireDay } from '../wire-input.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

/** The medical types an admission (2401) may have: 21 普通住院, 52 生育住院; default 21. */
export const INPATIENT_MED_TYPES: ReadonlySet<string> = new Set(['21', '52']);

type Visit = Awaited<ReturnType<typeof visitOf>>;

/** The visit named by mdtrt_id, which must be an admission (2401), not an outpatient visit. */
export async function admissionOf(ctx: GatewayContext, mdtrtId: string, psnNo: string, path: string) {
  const visit = await visitOf(ctx, mdtrtId, psnNo, path);
  if (!INPATIENT_MED_TYPES.has(visit.med_type))
    throw refuse(`${path}.mdtrt_id`, '不是住院就诊（2401）', 'not an admission (2401)');
  return visit;
}

/** Refuses unless the admission is in one of the states; names what to do first. */
export function requireState(visit: Visit, path: string, ...allowed: Visit['status'][]): void {
  if (allowed.includes(visit.status)) return;
  const hint: Record<Visit['status'], [string, string]> = {
    open: ['尚未办理出院（2402）', 'not discharged yet (2402 first)'],
    discharged: ['已办理出院，请先出院撤销（2405）', 'discharged; undo the discharge (2405) first'],
    settled: ['已结算，请先结算撤销（2305）', 'settled; cancel the settlement (2305) first'],
    cancelled: ['入院已撤销', 'the admission is cancelled'],
    payment_pending: [
      '待患者移动支付确认，请先撤销支付订单',
      "awaiting the patient's mobile payment; cancel the payment order first",
    ],
  };
  const [zh, en] = hint[visit.status];
  throw refuse(path, zh, en);
}

const DiseInfo = Type.Optional(
  Type.Array(
    Type.Object({
      psn_no: Opt(30),
      diag_type: Opt(3),
      maindiag_flag: Opt(3),
      diag_srt_no: Opt(3),
      diag_code: WireText(30),
      diag_name: WireText(300),
      adm_cond: Opt(500),
      diag_dept: Opt(50),
      dise_dor_no: Opt(30),
      dise_dor_name: Opt(50),
      diag_time: Opt(19),
    }),
    { maxItems: 50 },
  ),
);

const AdmissionInfo = {
  mdtrt_cert_type: WireText(3),
  mdtrt_cert_no: WireText(50),
  med_type: Opt(6),
  ipt_no: WireText(30),
  medrcdno: Opt(30),
  atddr_no: Opt(30),
  chfpdr_name: Opt(50),
  adm_diag_dscr: Opt(200),
  adm_dept_codg: Opt(30),
  adm_dept_name: Opt(100),
  adm_bed: Opt(30),
  dscg_maindiag_code: Opt(30),
  dscg_maindiag_name: Opt(300),
  main_cond_dscr: Opt(1000),
  dise_codg: Opt(30),
  dise_name: Opt(300),
  coner_name: Opt(50),
  tel: Opt(50),
};

const AdmitInput = Type.Object({
  mdtrtinfo: Type.Object({
    psn_no: WireText(30),
    insutype: WireText(6),
    begntime: WireText(19),
    ...AdmissionInfo,
  }),
  diseinfo: DiseInfo,
});

const EditInput = Type.Object({
  mdtrtinfo: Type.Object({
    mdtrt_id: WireText(30),
    psn_no: WireText(30),
    insutype: Opt(6),
    begntime: Opt(19),
    mdtrt_cert_type: Opt(3),
    mdtrt_cert_no: Opt(50),
    med_type: Opt(6),
    ipt_no: Opt(30),
    adm_diag_dscr: Opt(200),
    adm_dept_codg: Opt(30),
    adm_dept_name: Opt(100),
    adm_bed: Opt(30),
    main_cond_dscr: Opt(1000),
    dise_codg: Opt(30),
    dise_name: Opt(300),
  }),
  diseinfo: DiseInfo,
});

const DischargeInput = Type.Object({
  dscginfo: Type.Object({
    mdtrt_id: WireText(30),
    psn_no: WireText(30),
    insutype: WireText(6),
    endtime: WireText(19),
    dise_codg: Opt(30),
    dise_name: Opt(300),
    oprn_oprt_code: Opt(30),
    oprn_oprt_name: Opt(500),
    dscg_dept_codg: Opt(30),
    dscg_dept_name: Opt(100),
    dscg_bed: Opt(30),
    dscg_way: WireText(3),
    die_date: Opt(19),
  }),
  diseinfo: DiseInfo,
});

const DataInput = Type.Object({
  data: Type.Object({ mdtrt_id: WireText(30), psn_no: WireText(30), exp_content: Opt(4000) }),
});

type Dise = NonNullable<Static<typeof DiseInfo>>;

/** The main diagnosis: the node's own dise_codg/dise_name, else diseinfo's main row. */
function mainDiagnosis(
  code: string | number | null | undefined,
  name: string | number | null | undefined,
  diseinfo: Dise | undefined,
) {
  const rows = diseinfo ?? [];
  const main =
    rows.find((d) => text(d.maindiag_flag) === '1') ??
    rows.find((d) => text(d.diag_srt_no) === '1') ??
    rows[0];
  const c = text(code) || text(main?.diag_code);
  const n = text(name) || text(main?.diag_name);
  return { code: c, name: n };
}

/** 2401 入院办理: registers an admission; mdtrt_id is our visit id. */
export const admit: TransactionHandler = async (ctx, input) => {
  const { mdtrtinfo: m, diseinfo } = checkWire(AdmitInput, input, 'input');
  const person = await personByPsnNo(ctx.tx, text(m.psn_no), 'input.mdtrtinfo.psn_no');
  const beginDate = wireDay(m.begntime, 'input.mdtrtinfo.begntime');
  const medType = text(m.med_type) || '21';
  if (!INPATIENT_MED_TYPES.has(medType))
    throw refuse(
      'input.mdtrtinfo.med_type',
      '不是住院医疗类别（21/52）',
      'not an inpatient medical type (21/52)',
    );
  const enrolment = await activeBasicEnrolment(ctx.tx, person.id, beginDate);
  if (enrolment && text(m.insutype) !== enrolment.insurance_type)
    throw refuse(
      'input.mdtrtinfo.insutype',
      `险种应为 ${enrolment.insurance_type}`,
      `insutype must be ${enrolment.insurance_type}`,
    );
  const dx = mainDiagnosis(m.dise_codg, m.dise_name, diseinfo);
  const visit = await ctx.visits.register(
    ctx.actor,
    {
      personId: person.id,
      institutionId: ctx.terminal.institutionId,
      medType,
      beginDate,
      diagnosisCode: dx.code,
      diagnosisName: dx.name,
    },
    ctx.tx,
  );
  return { result: { mdtrt_id: String(visit.id), psn_no: person.psn_no, ipt_no: text(m.ipt_no) } };
};

/**
 * 2403 入院信息变更: the diagnosis and the admission date of an unsettled admission. A new
 * begntime must keep the same enrolment and not pass the first fee line or the discharge.
 */
export const editAdmission: TransactionHandler = async (ctx, input) => {
  const { mdtrtinfo: m, diseinfo } = checkWire(EditInput, input, 'input');
  const visit = await admissionOf(ctx, text(m.mdtrt_id), text(m.psn_no), 'input.mdtrtinfo');
  requireState(visit, 'input.mdtrtinfo.mdtrt_id', 'open', 'discharged');
  if (text(m.insutype) && text(m.insutype) !== visit.insurance_type)
    throw refuse(
      'input.mdtrtinfo.insutype',
      `与入院登记不符（${visit.insurance_type}）`,
      `differs from the admission (${visit.insurance_type})`,
    );
  if (text(m.med_type) && text(m.med_type) !== visit.med_type)
    throw refuse('input.mdtrtinfo.med_type', '医疗类别不能变更', 'med_type cannot change');
  let beginDate = visit.begin_date;
  if (text(m.begntime)) {
    beginDate = wireDay(m.begntime, 'input.mdtrtinfo.begntime');
    if (visit.end_date && beginDate > visit.end_date)
      throw refuse('input.mdtrtinfo.begntime', '晚于出院日期', 'after the discharge date');
    const firstLine = await ctx.tx
      .selectFrom('fee_lines')
      .select((eb) => eb.fn.min('service_date').as('d'))
      .where('visit_id', '=', visit.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (firstLine?.d && beginDate > firstLine.d)
      throw refuse(
        'input.mdtrtinfo.begntime',
        `晚于最早的费用日期 ${firstLine.d}`,
        `after the first fee date ${firstLine.d}`,
      );
    const person = await personByPsnNo(ctx.tx, visit.psn_no, 'input.mdtrtinfo.psn_no');
    const enrolment = await activeBasicEnrolment(ctx.tx, person.id, beginDate);
    if (
      !enrolment ||
      enrolment.insurance_type !== visit.insurance_type ||
      enrolment.region_code !== visit.insured_region_code
    )
      throw refuse('input.mdtrtinfo.begntime', '该日期不在同一参保期内', 'not within the same enrolment');
  }
  const dx = mainDiagnosis(m.dise_codg, m.dise_name, diseinfo);
  const code = dx.code || visit.diagnosis_code;
  const name = dx.name || visit.diagnosis_name;
  await ctx.tx
    .updateTable('visits')
    .set({ begin_date: beginDate, diagnosis_code: code, diagnosis_name: name, updated_at: new Date() })
    .where('id', '=', visit.id)
    .execute();
  await recordHistory(ctx.tx, ctx.actor, {
    entityType: 'visit',
    entityId: visit.id,
    regionCode: visit.region_code,
    action: 'admissionInfo',
    before: { begin_date: visit.begin_date, diagnosis_code: visit.diagnosis_code },
    after: { begin_date: beginDate, diagnosis_code: code },
  });
  return {};
};

/** 2404 入院撤销: cancels an open admission whose fee lines have all been cancelled (2302). */
export const cancelAdmission: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(DataInput, input, 'input');
  const visit = await admissionOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  if (visit.status !== 'open')
    throw refuse('input.data.mdtrt_id', `就诊状态为 ${visit.status}`, `visit is ${visit.status}`);
  const line = await ctx.tx
    .selectFrom('fee_lines')
    .select('id')
    .where('visit_id', '=', visit.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (line)
    throw refuse(
      'input.data.mdtrt_id',
      '仍有费用明细，请先撤销（2302）',
      'fee lines remain; cancel them (2302) first',
    );
  await ctx.visits.setStatus(ctx.actor, visit.id, 'cancel', undefined, ctx.tx);
  return {};
};

/** 2402 出院办理: discharges an open admission on endtime's date; the diagnosis may be updated. */
export const discharge: TransactionHandler = async (ctx, input) => {
  const { dscginfo: d, diseinfo } = checkWire(DischargeInput, input, 'input');
  const visit = await admissionOf(ctx, text(d.mdtrt_id), text(d.psn_no), 'input.dscginfo');
  requireState(visit, 'input.dscginfo.mdtrt_id', 'open');
  if (text(d.insutype) !== visit.insurance_type)
    throw refuse(
      'input.dscginfo.insutype',
      `与入院登记不符（${visit.insurance_type}）`,
      `differs from the admission (${visit.insurance_type})`,
    );
  const endDate = wireDay(d.endtime, 'input.dscginfo.endtime');
  if (endDate < visit.begin_date)
    throw refuse('input.dscginfo.endtime', '早于入院日期', 'before the admission date');
  const lastLine = await ctx.tx
    .selectFrom('fee_lines')
    .select((eb) => eb.fn.max('service_date').as('d'))
    .where('visit_id', '=', visit.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (lastLine?.d && lastLine.d > endDate)
    throw refuse('input.dscginfo.endtime', `早于费用日期 ${lastLine.d}`, `before the fee date ${lastLine.d}`);
  const dx = mainDiagnosis(d.dise_codg, d.dise_name, diseinfo);
  if (dx.code && (dx.code !== visit.diagnosis_code || dx.name !== visit.diagnosis_name)) {
    await ctx.tx
      .updateTable('visits')
      .set({ diagnosis_code: dx.code, diagnosis_name: dx.name || visit.diagnosis_name })
      .where('id', '=', visit.id)
      .execute();
    await recordHistory(ctx.tx, ctx.actor, {
      entityType: 'visit',
      entityId: visit.id,
      regionCode: visit.region_code,
      action: 'dischargeDiagnosis',
      before: { diagnosis_code: visit.diagnosis_code },
      after: { diagnosis_code: dx.code },
    });
  }
  await ctx.visits.setStatus(ctx.actor, visit.id, 'discharge', endDate, ctx.tx);
  return {};
};

/** 2405 出院撤销: reopens a discharged, unsettled admission (after 2305 when it was settled). */
export const undoDischarge: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(DataInput, input, 'input');
  const visit = await admissionOf(ctx, text(data.mdtrt_id), text(data.psn_no), 'input.data');
  requireState(visit, 'input.data.mdtrt_id', 'discharged');
  await ctx.visits.setStatus(ctx.actor, visit.id, 'undoDischarge', undefined, ctx.tx);
  return {};
};
