import type { Static, TSchema } from 'typebox';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { type AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { FieldProblem } from '../../domain/errors/catalogue.js';
import { type Fen, parseYuan } from '../../domain/money/fen.js';

/** A wire string: the HIS sends text, sometimes numbers for codes. */
export const WireText = (max = 200) => Type.Union([Type.String({ maxLength: max }), Type.Number()]);
/** Yuan on the wire: a string or a number with at most two decimals. */
export const WireAmount = Type.Union([Type.String({ maxLength: 20 }), Type.Number()]);

/** The request envelope (reference §1.2); fields the platform marks Y are required. */
export const Envelope = Type.Object({
  infno: Type.String({ pattern: '^\\d{4}$' }),
  msgid: Type.String({ pattern: '^[\\w.:-]{1,64}$' }),
  mdtrtarea_admvs: Type.String({ maxLength: 6 }),
  insuplc_admdvs: Type.Optional(Type.Union([Type.String({ maxLength: 6 }), Type.Null()])),
  recer_sys_code: Type.String({ maxLength: 10 }),
  dev_no: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  dev_safe_info: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  cainfo: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()])),
  signtype: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  infver: Type.String({ maxLength: 6 }),
  opter_type: Type.String({ pattern: '^[123]$' }),
  opter: Type.String({ minLength: 1, maxLength: 30 }),
  opter_name: Type.String({ minLength: 1, maxLength: 50 }),
  inf_time: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' }),
  fixmedins_code: Type.String({ minLength: 1, maxLength: 30 }),
  fixmedins_name: Type.String({ maxLength: 200 }),
  sign_no: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
  input: Type.Record(Type.String(), Type.Unknown()),
});
export type Envelope = Static<typeof Envelope>;

function zhFor(keyword: string): string {
  switch (keyword) {
    case 'required':
      return '必填项缺失';
    case 'type':
    case 'anyOf':
      return '类型不正确';
    case 'pattern':
    case 'format':
      return '格式不正确';
    case 'maxLength':
    case 'maxItems':
      return '长度超限';
    case 'minLength':
    case 'minItems':
      return '不能为空';
    default:
      return '取值无效';
  }
}

/** Checks a value against a schema; every problem names its field as a dotted path under `root`. */
export function checkWire<S extends TSchema>(schema: S, value: unknown, root: string): Static<S> {
  if (Value.Check(schema, value)) return value as Static<S>;
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const e of Value.Errors(schema, value)) {
    const base = [root, ...e.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.');
    const missing =
      e.keyword === 'required'
        ? ((e.params as { requiredProperties?: string[] }).requiredProperties ?? [])
        : [''];
    for (const m of missing) {
      const path = [base, m].filter(Boolean).join('.') || root;
      const key = `${path}:${e.keyword === 'type' ? 'anyOf' : e.keyword}`;
      // A union reports each branch and then anyOf; one problem per field is enough.
      if (seen.has(path) || seen.has(key)) continue;
      seen.add(path);
      seen.add(key);
      problems.push(fieldProblem(path, e.keyword, zhFor(e.keyword), e.message));
    }
    if (problems.length >= 10) break;
  }
  throw validationError(problems);
}

/** A wire text value as a trimmed string ('' when absent). */
export function text(v: string | number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** Yuan (string or number, at most two decimals) as fen; refuses anything else, naming the field. */
export function amount(v: string | number | null | undefined, path: string): Fen {
  const t = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'NaN') : (v ?? '');
  // "4.520000" (16,6 on the wire) is exact; strip zeros beyond the second decimal.
  const parsed = parseYuan(t.replace(/^(-?\d+\.\d{2})0+$/, '$1'));
  if (!parsed.ok || parsed.value < 0)
    throw validationError([
      fieldProblem(
        path,
        'money',
        `${path}：金额应为最多两位小数的非负元`,
        `${path}: amount must be non-negative yuan with at most two decimals`,
      ),
    ]);
  return parsed.value;
}

/** The date part of a wire date or datetime (yyyy-MM-dd[ HH:mm:ss]). */
export function wireDay(v: string | number | null | undefined, path: string): string {
  const t = text(v);
  if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(t) || Number.isNaN(Date.parse(t.slice(0, 10))))
    throw validationError([
      fieldProblem(
        path,
        'date',
        `${path}：日期格式应为 yyyy-MM-dd HH:mm:ss`,
        `${path}: expected yyyy-MM-dd HH:mm:ss`,
      ),
    ]);
  return t.slice(0, 10);
}

/** A refusal of the request in the current state, naming the field. */
export function refuse(path: string, zh: string, en: string): AppError {
  return validationError([fieldProblem(path, 'state', zh, en)]);
}
