import type { Language } from '../i18n';

/** A pooling region (统筹区) this deployment runs; catalogues and enrolments belong to one. */
export interface PoolingRegion {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

/**
 * The demo deployment's pooling regions. The API has no endpoint listing the pooling regions of a
 * deployment yet, so the web app knows them here; the region tree still comes from GET /regions.
 */
export const POOLING_REGIONS: readonly PoolingRegion[] = [
  { code: '370300', nameZh: '淄博市', nameEn: 'Zibo' },
  { code: '330500', nameZh: '湖州市', nameEn: 'Huzhou' },
];

/** The city-level pooling region code of any region code: 370303 → 370300. */
export function poolingRegionCodeOf(regionCode: string): string {
  return `${regionCode.slice(0, 4)}00`;
}

/** `淄博市 (370300)` for a known pooling region, else the bare code. */
export function poolingRegionLabel(code: string, language: Language): string {
  const region = POOLING_REGIONS.find((r) => r.code === code);
  if (!region) return code;
  return `${language === 'zh' ? region.nameZh : region.nameEn} (${code})`;
}

/** A region code for display: `淄博市 (370300)` for a pooling region, `淄博市 370303` for one of its districts. */
export function regionCodeLabel(code: string, language: Language): string {
  const region = POOLING_REGIONS.find((r) => r.code === poolingRegionCodeOf(code));
  if (!region) return code;
  const name = language === 'zh' ? region.nameZh : region.nameEn;
  return region.code === code ? `${name} (${code})` : `${name} ${code}`;
}

/**
 * The pooling regions a user works in: those matching the user's region codes, or all of them for
 * users without regions (e.g. an administrator of the whole deployment).
 */
export function poolingRegionsFor(regionCodes: readonly string[]): readonly PoolingRegion[] {
  const own = POOLING_REGIONS.filter((r) => regionCodes.some((code) => poolingRegionCodeOf(code) === r.code));
  return own.length > 0 ? own : POOLING_REGIONS;
}
