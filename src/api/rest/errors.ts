import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors/app-error.js';
import { ERRORS, type ErrorCode, type FieldProblem } from '../../domain/errors/catalogue.js';

/** Whether the caller reads English; Chinese is the default. */
export function prefersEnglish(request: FastifyRequest): boolean {
  const lang = request.headers['accept-language'] ?? '';
  return /^en\b/i.test(lang.trim());
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    messageZh: string;
    messageEn: string;
    detail?: string;
    fields?: readonly FieldProblem[];
    rows?: readonly unknown[];
  };
}

export function errorBody(e: AppError, english: boolean): ErrorBody {
  const entry = ERRORS[e.code];
  return {
    error: {
      code: e.code,
      message: english ? entry.en : entry.zh,
      messageZh: entry.zh,
      messageEn: entry.en,
      ...(e.details.detail && e.status < 500 ? { detail: e.details.detail } : {}),
      ...(e.details.fields ? { fields: e.details.fields } : {}),
      ...(e.details.rows ? { rows: e.details.rows } : {}),
    },
  };
}

/** Turns Ajv's messages for a request into field problems that name each bad field. */
function fieldsFromValidation(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const base = (v.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
    const missing =
      v.keyword === 'required'
        ? String((v.params as { missingProperty?: string }).missingProperty ?? '')
        : '';
    const path = [error.validationContext === 'body' ? '' : error.validationContext, base, missing]
      .filter(Boolean)
      .join('.');
    return {
      path: path || String(error.validationContext ?? ''),
      code: v.keyword,
      messageZh: zhFor(v.keyword, v.params as Record<string, unknown>),
      messageEn: v.message ?? v.keyword,
    };
  });
}

function zhFor(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'required':
      return '必填项缺失';
    case 'type':
      return `类型应为 ${String(params.type)}`;
    case 'enum':
      return `取值应为：${Array.isArray(params.allowedValues) ? params.allowedValues.join('、') : ''}`;
    case 'pattern':
    case 'format':
      return '格式不正确';
    case 'minLength':
      return `长度至少 ${String(params.limit)}`;
    case 'maxLength':
      return `长度至多 ${String(params.limit)}`;
    case 'minimum':
      return `不能小于 ${String(params.limit)}`;
    case 'maximum':
      return `不能大于 ${String(params.limit)}`;
    case 'additionalProperties':
      return `不允许的字段 ${String(params.additionalProperty)}`;
    default:
      return '取值无效';
  }
}

/** The one place that turns anything thrown into a response. */
export function handleError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const english = prefersEnglish(request);
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else if ((error as FastifyError).validation)
    appError = new AppError('YB_ERR_VALIDATION', { fields: fieldsFromValidation(error as FastifyError) });
  else if ((error as FastifyError).statusCode === 429) appError = new AppError('YB_ERR_RATE_LIMITED');
  else if ((error as FastifyError).statusCode && (error as FastifyError).statusCode! < 500) {
    const status = (error as FastifyError).statusCode!;
    appError = new AppError(
      status === 404 ? 'YB_ERR_NOT_FOUND' : status === 415 ? 'YB_ERR_FILE_TYPE' : 'YB_ERR_BAD_REQUEST',
      { detail: error.message },
    );
  } else {
    request.log.error({ err: error }, 'unhandled error');
    appError = new AppError('YB_ERR_INTERNAL');
  }
  return reply.status(appError.status).send(errorBody(appError, english));
}
