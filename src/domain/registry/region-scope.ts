/**
 * GB/T 2260 codes nest by prefix: 370000 province ⊃ 370300 city ⊃ 370303 district. A staff
 * account serving some codes may act on any record whose region lies within one of them.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function isWithinRegion(code: string, scope: string): boolean {
  return code.startsWith(regionPrefix(scope));
}

export function isWithinAnyRegion(code: string, scopes: readonly string[]): boolean {
  return scopes.some((s) => isWithinRegion(code, s));
}

/** The pooling region (统筹区, city level) that a district belongs to: 370303 → 370300. */
export function poolingRegionOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}
