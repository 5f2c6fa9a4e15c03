import { Type } from 'typebox';
import { AppError } from '../../../domain/errors/app-error.js';
import type { FilingKind } from '../../../domain/filing/cross-region-filing.js';
import { FilingService } from '../../filing/filing-service.js';
import { activeBasicEnrolment } from '../../settlement/visit-service.js';
import { type GatewayContext, personByPsnNo, type TransactionHandler } from '../gateway-context.js';
import { checkWire, refuse, text, WireText, wireDay } from '../wire-input.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

/** fil_type (regional extension of 2501): the kind of filing; default 3, as 2501 is 转院备案. */
export const FIL_TYPES: Readonly<Record<string, FilingKind>> = {
  '1': 'longTermResidence', // 异地长期居住 (异地安置退休、常驻异地工作…)
  '2': 'temporary', // 临时外出就医
  '3': 'referral', // 转诊转院
};

const FilingInput = Type.Object({
  refmedin: Type.Object({
    psn_no: WireText(30),
    insutype: Opt(6),
    tel: Opt(50),
    addr: Opt(200),
    insu_optins: Opt(6),
    diag_code: Opt(30),
    diag_name: Opt(300),
    dise_cond_dscr: Opt(1000),
    reflin_medins_no: Opt(30),
    reflin_medins_name: Opt(200),
    /** 就医地医保区划: the care region filed for (a city, or a province) */
    mdtrtarea_admdvs: WireText(6),
    hosp_agre_sameflag: Opt(3),
    refl_type: Opt(6),
    refl_date: Opt(19),
    refl_rea: Opt(500),
    refl_opnn: Opt(500),
    begndate: WireText(19),
    enddate: Opt(19),
    refl_used_flag: Opt(3),
    fil_type: Opt(3),
    memo: Opt(500),
  }),
});

const CancelInput = Type.Object({
  data: Type.Object({ psn_no: WireText(30), trt_dcla_detl_sn: WireText(30), memo: Opt(500) }),
});

/**
 * The FilingService working in the gateway's transaction: every call passes ctx.tx, so the
 * service never opens a transaction of its own on the handle it is given.
 */
function filingsOf(ctx: GatewayContext): FilingService {
  return new FilingService(ctx.tx as never);
}

/** The service's field names as the wire names of refmedin. */
function wirePaths(e: unknown): unknown {
  if (!(e instanceof AppError) || !e.details.fields) return e;
  const names: Record<string, string> = {
    careRegionCode: 'mdtrtarea_admdvs',
    beginDate: 'begndate',
    endDate: 'enddate',
    kind: 'fil_type',
  };
  return new AppError(e.code, {
    ...e.details,
    fields: e.details.fields.map((f) => ({ ...f, path: `input.refmedin.${names[f.path] ?? f.path}` })),
  });
}

/**
 * 2501 转院备案, used for every cross-region filing (异地就医备案): the terminal's institution must
 * be in the person's insured region (the referring hospital). fil_type picks the kind (1 异地长期
 * 居住, 2 临时外出就医, 3 转诊转院, default 3); enddate defaults to none (1) or six months (2, 3).
 * Output result.trt_dcla_detl_sn is the filing number for 2502.
 */
export const fileCrossRegion: TransactionHandler = async (ctx, input) => {
  const { refmedin: r } = checkWire(FilingInput, input, 'input');
  const person = await personByPsnNo(ctx.tx, text(r.psn_no), 'input.refmedin.psn_no');
  const beginDate = wireDay(r.begndate, 'input.refmedin.begndate');
  const endDate = text(r.enddate) ? wireDay(r.enddate, 'input.refmedin.enddate') : null;
  const kind = FIL_TYPES[text(r.fil_type) || '3'];
  if (!kind) throw refuse('input.refmedin.fil_type', '应为 1、2 或 3', 'must be 1, 2 or 3');
  const enrolment = await activeBasicEnrolment(ctx.tx, person.id, beginDate);
  if (enrolment && text(r.insutype) && text(r.insutype) !== enrolment.insurance_type)
    throw refuse(
      'input.refmedin.insutype',
      `险种应为 ${enrolment.insurance_type}`,
      `insutype must be ${enrolment.insurance_type}`,
    );
  let filing: Awaited<ReturnType<FilingService['create']>>;
  try {
    filing = await filingsOf(ctx).create(
      ctx.actor,
      {
        personId: person.id,
        careRegionCode: text(r.mdtrtarea_admdvs),
        kind,
        beginDate,
        endDate,
        reason: text(r.refl_rea) || text(r.memo),
        referralInstitution: text(r.reflin_medins_name) || text(r.reflin_medins_no),
        diagnosisCode: text(r.diag_code),
        diagnosisName: text(r.diag_name),
        tel: text(r.tel),
        address: text(r.addr),
      },
      ctx.tx,
    );
  } catch (e) {
    throw wirePaths(e);
  }
  return {
    result: {
      trt_dcla_detl_sn: String(filing.id),
      begndate: filing.beginDate,
      enddate: filing.endDate,
    },
  };
};

/** 2502 备案撤销: revokes the filing trt_dcla_detl_sn of psn_no; memo is kept as the reason. */
export const cancelCrossRegionFiling: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(CancelInput, input, 'input');
  const person = await personByPsnNo(ctx.tx, text(data.psn_no), 'input.data.psn_no');
  const sn = text(data.trt_dcla_detl_sn);
  const filing = /^\d{1,9}$/.test(sn)
    ? await ctx.tx
        .selectFrom('cross_region_filings')
        .select(['id', 'person_id', 'status'])
        .where('id', '=', Number(sn))
        .executeTakeFirst()
    : undefined;
  if (!filing || filing.person_id !== person.id)
    throw new AppError('YB_ERR_FILING_NOT_FOUND', { detail: `input.data.trt_dcla_detl_sn=${sn}` });
  if (filing.status !== 'active')
    throw refuse('input.data.trt_dcla_detl_sn', '备案已撤销', 'already revoked');
  await filingsOf(ctx).revoke(
    ctx.actor,
    filing.id,
    text(data.memo) || `HIS ${ctx.envelope.infno} ${ctx.envelope.msgid}`,
    ctx.tx,
  );
  return {};
};
