/**
 * The two HTTP signature schemes of the national interface (reference §1.4), as pure string
 * building. The hashing itself (SHA-256, HMAC-SHA1) lives in services/gateway/signing.ts, since
 * the domain uses no node:crypto.
 *
 * @example
 * tifSignatureInput({ timestamp: '1700000000', passToken: 'tok', nonce: 'n1' })
 * // '1700000000tokn11700000000'
 * apiSignatureInput({ accessKey: 'ak', name: 'callService', timestamp: '1700000000000', version: '1.0.0' })
 * // '_api_access_key=ak&_api_name=callService&_api_timestamp=1700000000000&_api_version=1.0.0'
 */

/** Scheme A (TIF gateway): header names. */
export const TIF_HEADERS = {
  paasid: 'x-tif-paasid',
  timestamp: 'x-tif-timestamp',
  nonce: 'x-tif-nonce',
  signature: 'x-tif-signature',
} as const;

/** Scheme B (HSAF "_api_" gateway): header names. */
export const API_HEADERS = {
  name: '_api_name',
  version: '_api_version',
  timestamp: '_api_timestamp',
  accessKey: '_api_access_key',
  signature: '_api_signature',
} as const;

/** How far a signed timestamp may be from the server clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** Scheme A signs SHA-256 of timestamp + passToken + nonce + timestamp (UTF-8, lower-case hex). */
export function tifSignatureInput(p: {
  readonly timestamp: string;
  readonly passToken: string;
  readonly nonce: string;
}): string {
  return `${p.timestamp}${p.passToken}${p.nonce}${p.timestamp}`;
}

/** Scheme B signs Base64(HMAC-SHA1(secretKey, the four _api_ parameters as key=value, sorted, joined by &)). */
export function apiSignatureInput(p: {
  readonly accessKey: string;
  readonly name: string;
  readonly timestamp: string;
  readonly version: string;
}): string {
  const params: Record<string, string> = {
    [API_HEADERS.accessKey]: p.accessKey,
    [API_HEADERS.name]: p.name,
    [API_HEADERS.timestamp]: p.timestamp,
    [API_HEADERS.version]: p.version,
  };
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export type TimestampCheck = { readonly ok: true; readonly seconds: number } | { readonly ok: false };

/**
 * Whether a signed timestamp lies within the window of `nowMs`. Scheme A sends unix seconds
 * (10 digits), scheme B unix milliseconds (13 digits).
 */
export function checkTimestamp(
  text: string,
  unit: 'seconds' | 'milliseconds',
  nowMs: number,
  windowSeconds = SIGNATURE_WINDOW_SECONDS,
): TimestampCheck {
  const pattern = unit === 'seconds' ? /^\d{1,11}$/ : /^\d{1,14}$/;
  if (!pattern.test(text)) return { ok: false };
  const ms = unit === 'seconds' ? Number(text) * 1000 : Number(text);
  if (Math.abs(ms - nowMs) > windowSeconds * 1000) return { ok: false };
  return { ok: true, seconds: Math.floor(ms / 1000) };
}
