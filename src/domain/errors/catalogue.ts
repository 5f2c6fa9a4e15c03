/**
 * The one catalogue of error codes. Each has an HTTP status and a Chinese and an English message;
 * docs/errors.md is generated from this table (`npm run docs:errors`).
 */
export const ERRORS = {
  YB_ERR_VALIDATION: { status: 400, zh: '请求数据校验未通过', en: 'The request did not pass validation' },
  YB_ERR_BAD_REQUEST: { status: 400, zh: '请求格式错误', en: 'The request is malformed' },
  YB_ERR_UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  YB_ERR_BAD_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  YB_ERR_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  YB_ERR_FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You may not do this' },
  YB_ERR_OUT_OF_REGION: {
    status: 403,
    zh: '超出本账号管辖的统筹区',
    en: 'Outside the regions this account serves',
  },
  YB_ERR_NOT_FOUND: { status: 404, zh: '记录不存在', en: 'No such record' },
  YB_ERR_PERSON_NOT_FOUND: { status: 404, zh: '参保人不存在', en: 'No such insured person' },
  YB_ERR_EMPLOYER_NOT_FOUND: { status: 404, zh: '参保单位不存在', en: 'No such employer' },
  YB_ERR_INSTITUTION_NOT_FOUND: {
    status: 404,
    zh: '定点医药机构不存在',
    en: 'No such designated institution',
  },
  YB_ERR_REGION_NOT_FOUND: { status: 404, zh: '行政区划代码不存在', en: 'No such region code' },
  YB_ERR_CATALOGUE_ITEM_NOT_FOUND: {
    status: 404,
    zh: '目录项目不存在或在该日期未生效',
    en: 'No such catalogue item in force on that date',
  },
  YB_ERR_ENROLMENT_NOT_FOUND: { status: 404, zh: '参保登记不存在', en: 'No such enrolment' },
  YB_ERR_DUPLICATE_CERTNO: {
    status: 409,
    zh: '该身份证号已登记',
    en: 'This ID number is already registered',
  },
  YB_ERR_DUPLICATE_USCC: {
    status: 409,
    zh: '该统一社会信用代码已登记',
    en: 'This unified social credit code is already registered',
  },
  YB_ERR_DUPLICATE_CODE: { status: 409, zh: '编码已存在', en: 'This code already exists' },
  YB_ERR_DUPLICATE_USERNAME: { status: 409, zh: '用户名已存在', en: 'This user name is taken' },
  YB_ERR_ALREADY_ENROLLED: {
    status: 409,
    zh: '该人员已有有效的同险种参保登记',
    en: 'The person already has an active enrolment of this insurance type',
  },
  YB_ERR_BASIC_ENROLMENT_CONFLICT: {
    status: 409,
    zh: '该人员已有有效的职工医保登记，不能同时参加居民医保',
    en: 'The person holds active employee insurance and cannot also join resident insurance',
  },
  YB_ERR_INACTIVE: { status: 409, zh: '记录已停用', en: 'The record is inactive' },
  YB_ERR_STATE: { status: 409, zh: '当前状态不允许此操作', en: 'Not allowed in the current state' },
  YB_ERR_CATALOGUE_IMPORT_INVALID: {
    status: 422,
    zh: '目录文件有错误行，未导入任何数据',
    en: 'The catalogue file has bad rows; nothing was imported',
  },
  YB_ERR_FILE_TYPE: {
    status: 415,
    zh: '不支持的文件类型，请上传 CSV 或 XLSX',
    en: 'Unsupported file type; upload CSV or XLSX',
  },
  YB_ERR_VISIT_NOT_FOUND: { status: 404, zh: '就诊记录不存在', en: 'No such visit' },
  YB_ERR_SETTLEMENT_NOT_FOUND: { status: 404, zh: '结算记录不存在', en: 'No such settlement' },
  YB_ERR_POLICY_NOT_FOUND: {
    status: 404,
    zh: '未找到适用的待遇政策',
    en: 'No policy applies to this region, insurance type and date',
  },
  YB_ERR_POLICY_INVALID: { status: 400, zh: '政策文件校验未通过', en: 'The policy document is not valid' },
  YB_ERR_NOT_ENROLLED: {
    status: 409,
    zh: '就诊日期参保人无有效基本医保参保登记',
    en: 'The person has no active basic enrolment on the service date',
  },
  YB_ERR_INSTITUTION_NOT_ACTIVE: {
    status: 409,
    zh: '定点医药机构协议状态不允许结算',
    en: "The institution's agreement does not allow settlement",
  },
  YB_ERR_VISIT_STATE: {
    status: 409,
    zh: '就诊当前状态不允许此操作',
    en: "The visit's state does not allow this",
  },
  YB_ERR_UNKNOWN_ITEM: {
    status: 400,
    zh: '费用明细含目录中不存在的项目',
    en: 'A fee line names an item not in the catalogue',
  },
  YB_ERR_NO_LINES: { status: 409, zh: '没有可结算的费用明细', en: 'There are no fee lines to settle' },
  YB_ERR_IDEMPOTENCY_CONFLICT: {
    status: 409,
    zh: '该业务流水号已用于另一笔不同的请求',
    en: 'This idempotency key was used for a different request',
  },
  YB_ERR_BENEFIT_NOT_COVERED: {
    status: 409,
    zh: '参保地政策不支付该类就诊',
    en: "The insured region's policy does not pay for this kind of visit",
  },
  YB_ERR_NO_RATIO_RULE: {
    status: 409,
    zh: '政策中没有适用于该机构等级和人员类别的支付比例',
    en: 'No ratio rule of the policy fits this institution level and person category',
  },
  YB_ERR_BAD_CLAIM: { status: 400, zh: '结算数据无效', en: 'The claim is not valid' },
  YB_ERR_FILING_NOT_FOUND: { status: 404, zh: '异地就医备案不存在', en: 'No such cross-region filing' },
  YB_ERR_FILING_OVERLAP: {
    status: 409,
    zh: '该人员在此期间已有有效的异地就医备案',
    en: 'The person already has an active cross-region filing for this period',
  },
  YB_ERR_ORIGINAL_MESSAGE_NOT_FOUND: {
    status: 404,
    zh: '原交易不存在或未成功，无需冲正',
    en: 'The original message is unknown or did not succeed; there is nothing to reverse',
  },
  YB_ERR_NOT_REVERSIBLE: { status: 409, zh: '该交易不能冲正', en: 'This transaction cannot be reversed' },
  YB_ERR_ALREADY_REVERSED: {
    status: 409,
    zh: '原交易已冲正',
    en: 'The original message is already reversed',
  },
  YB_ERR_FILE_NOT_FOUND: {
    status: 404,
    zh: '文件不存在或已过下载期限',
    en: 'No such file, or its download period has ended',
  },
  YB_ERR_FILE_TOO_LARGE: { status: 413, zh: '文件超过大小限制', en: 'The file is larger than allowed' },
  YB_ERR_FILE_INVALID: { status: 422, zh: '文件格式错误', en: 'The file is malformed' },
  YB_ERR_PAYMENT_ORDER_NOT_FOUND: { status: 404, zh: '支付订单不存在', en: 'No such payment order' },
  YB_ERR_PAYMENT_ORDER_STATE: {
    status: 409,
    zh: '支付订单当前状态不允许此操作',
    en: "The payment order's state does not allow this",
  },
  YB_ERR_PAYMENT_ORDER_EXPIRED: {
    status: 409,
    zh: '支付订单已过期，请联系医疗机构重新发起',
    en: 'The payment order has expired; ask the institution to create a new one',
  },
  YB_ERR_PAYMENT_FIGURES_CHANGED: {
    status: 409,
    zh: '结算金额已变化，订单已按最新金额更新，请核对后重新确认',
    en: 'The amounts changed; the order now shows the new amounts, review and confirm again',
  },
  YB_ERR_CREDIT_NOT_ELIGIBLE: {
    status: 409,
    zh: '不符合先诊疗后付费条件',
    en: 'Not eligible for credit payment (treat first, pay later)',
  },
  YB_ERR_DEBT_NOT_FOUND: { status: 404, zh: '待还款记录不存在', en: 'No such credit debt' },
  YB_ERR_TERMINAL_NOT_FOUND: { status: 404, zh: '终端不存在', en: 'No such terminal' },
  YB_ERR_TERMINAL_REVOKED: { status: 409, zh: '该终端已注销', en: 'The terminal is already revoked' },
  YB_ERR_RATE_LIMITED: {
    status: 429,
    zh: '请求过于频繁，请稍后再试',
    en: 'Too many requests; try again later',
  },
  YB_ERR_EVOUCHER_IDENTITY: {
    status: 403,
    zh: '身份核验未通过：证件号码、姓名或密码与登记信息不符',
    en: 'Identity check failed: the ID number, name or password does not match the record',
  },
  YB_ERR_EVOUCHER_NOT_ACTIVE: {
    status: 409,
    zh: '医保电子凭证未激活',
    en: 'The e-voucher is not activated',
  },
  YB_ERR_EVOUCHER_ALREADY_ACTIVE: {
    status: 409,
    zh: '医保电子凭证已激活',
    en: 'The e-voucher is already activated',
  },
  YB_ERR_EVOUCHER_TOKEN_INVALID: {
    status: 400,
    zh: '电子凭证二维码无效（格式错误、被篡改或非本平台签发）',
    en: 'The e-voucher code is not valid (malformed, altered or not issued here)',
  },
  YB_ERR_EVOUCHER_TOKEN_EXPIRED: {
    status: 400,
    zh: '电子凭证二维码已过期，请参保人刷新后重新出示',
    en: 'The e-voucher code has expired; ask for a fresh code',
  },
  YB_ERR_EVOUCHER_REVOKED: {
    status: 409,
    zh: '电子凭证已注销或代展授权已撤销',
    en: 'The e-voucher has been revoked, or the permission to show it was withdrawn',
  },
  YB_ERR_EVOUCHER_NOT_RELATIVE: {
    status: 409,
    zh: '只能授权已登记的近亲属（配偶、父母、子女）代为出示',
    en: 'Only a registered close relative (spouse, parent, child) may be allowed to show the code',
  },
  YB_ERR_INTERNAL: { status: 500, zh: '系统内部错误', en: 'Internal error' },
} as const satisfies Record<string, { readonly status: number; readonly zh: string; readonly en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** What was wrong with one field: a stable code and messages in both languages. */
export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

/** What was wrong with one row of an imported file. */
export interface RowProblem {
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
}
