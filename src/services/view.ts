/**
 * Domain values are deeply readonly; views sent over HTTP are plain data. This strips `readonly`
 * for the response types without copying.
 */
export type Plain<T> = T extends number | string | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Plain<T[K]> }
      : T;

export function plain<T>(value: T): Plain<T> {
  return value as Plain<T>;
}
