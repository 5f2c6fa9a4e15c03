import { ERRORS, type ErrorCode, type FieldProblem, type RowProblem } from './catalogue.js';

/** The one error class: a catalogued code plus the details that name what was wrong. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: {
      readonly fields?: readonly FieldProblem[];
      readonly rows?: readonly RowProblem[];
      readonly detail?: string;
    } = {},
  ) {
    super(`${code}: ${ERRORS[code].en}${details.detail ? ` (${details.detail})` : ''}`);
    this.status = ERRORS[code].status;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Shorthand for a validation error naming every bad field. */
export function validationError(fields: readonly FieldProblem[]): AppError {
  return new AppError('YB_ERR_VALIDATION', { fields });
}

/** Builds a field problem. */
export function fieldProblem(path: string, code: string, messageZh: string, messageEn: string): FieldProblem {
  return { path, code, messageZh, messageEn };
}
