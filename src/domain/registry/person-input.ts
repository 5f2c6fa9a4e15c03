import { fieldProblem } from '../errors/app-error.js';
import type { FieldProblem } from '../errors/catalogue.js';
import { parseCertno } from '../identity/certno.js';

export interface PersonInput {
  readonly certno: string;
  readonly name: string;
  readonly sex?: 'M' | 'F' | undefined;
  readonly birthDate?: string | undefined;
  readonly phone?: string | undefined;
}

const NAME = /^[\u3400-\u9fff\u00b7·A-Za-z][\u3400-\u9fff\u00b7·A-Za-z .'-]{0,49}$/;
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Checks a new person's identity fields. Birth date and sex come from the ID number; when the
 * caller also states them they must agree. Returns the derived facts or every problem found.
 */
export function checkPersonInput(
  input: PersonInput,
):
  | { readonly ok: true; readonly certno: string; readonly sex: 'M' | 'F'; readonly birthDate: string }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const id = parseCertno(input.certno);
  if (!id.ok) {
    const why = {
      format: [
        '身份证号应为 18 位（末位可为 X）',
        'The ID number must have 18 characters (the last may be X)',
      ],
      birthDate: ['身份证号中的出生日期无效', 'The birth date inside the ID number is not a real date'],
      checkDigit: ['身份证号校验位错误', 'The ID number check digit is wrong'],
    }[id.reason];
    problems.push(fieldProblem('certno', id.reason, why[0] ?? '', why[1] ?? ''));
  }
  problems.push(...checkName(input.name));
  if (input.phone !== undefined && input.phone !== '' && !MOBILE.test(input.phone)) {
    problems.push(
      fieldProblem('phone', 'format', '手机号应为 11 位', 'The mobile number must have 11 digits'),
    );
  }
  if (id.ok) {
    if (input.sex && input.sex !== id.value.sex)
      problems.push(
        fieldProblem('sex', 'mismatch', '性别与身份证号不符', 'Sex does not match the ID number'),
      );
    if (input.birthDate && input.birthDate !== id.value.birthDate) {
      problems.push(
        fieldProblem(
          'birthDate',
          'mismatch',
          '出生日期与身份证号不符',
          'Birth date does not match the ID number',
        ),
      );
    }
  }
  if (problems.length > 0 || !id.ok) return { ok: false, problems };
  return { ok: true, certno: id.value.certno, sex: id.value.sex, birthDate: id.value.birthDate };
}

export function checkName(name: string, path = 'name'): FieldProblem[] {
  return NAME.test(name.trim())
    ? []
    : [fieldProblem(path, 'format', '姓名格式错误', 'The name is not valid')];
}

export function checkPhone(phone: string, path = 'phone'): FieldProblem[] {
  return phone === '' || MOBILE.test(phone)
    ? []
    : [fieldProblem(path, 'format', '手机号应为 11 位', 'The mobile number must have 11 digits')];
}

/** Age in whole years on a date, from ISO dates. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
