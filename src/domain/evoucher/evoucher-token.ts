/**
 * The rotating QR token of a 医保电子凭证 (e-voucher), as pure text handling. The MAC itself
 * (HMAC-SHA256 with the voucher's key) is computed in services/evoucher/token-signing.ts, since
 * the domain uses no node:crypto; here a token is built around a `mac` function and taken apart.
 *
 * Format (docs/e-voucher.md), upper case so a QR code can use its dense alphanumeric mode:
 *
 *     EV1.<voucher id>.<grant id>.<issued at>.<lifetime>.<mac>
 *
 * ids, issued-at (unix seconds) and lifetime (seconds) in base 36; grant 0 means the holder shows
 * the code, else the 近亲代展 grant under which a relative shows it. mac = first 96 bits of
 * HMAC-SHA256(voucher key, everything before the last dot), base32 (RFC 4648, no padding). No
 * personal data is in the token: a scanner learns nothing without asking the server.
 *
 * @example
 * encodeTokenBody({ voucherId: 42, grantId: 0, issuedAt: 1_800_000_000, lifetimeSeconds: 120 })
 * // 'EV1.16.0.TRO8W0.3C' (then '.' and the 20-character MAC)
 */

/** Prefix and version; a new format gets a new version. */
export const TOKEN_PREFIX = 'EV1';
/** How long a token identifies its holder. */
export const TOKEN_LIFETIME_SECONDS = 120;
/** The hall shows a new code this often, well before the old one expires. */
export const TOKEN_REFRESH_SECONDS = 60;
/** A token issued up to this far in the future (the issuer's clock ahead) is still accepted. */
export const CLOCK_SKEW_SECONDS = 30;
/** MAC length in bytes: 96 bits, ample for a token that lives two minutes and is checked online. */
export const MAC_BYTES = 12;
/** The longest token the wire field mdtrt_cert_no (char 50) must hold. */
export const MAX_TOKEN_LENGTH = 50;

/** What a token says. */
export interface TokenClaims {
  readonly voucherId: number;
  /** 0 = shown by the holder; else the grant under which a close relative shows it */
  readonly grantId: number;
  /** unix seconds */
  readonly issuedAt: number;
  readonly lifetimeSeconds: number;
}

/** A token taken apart: its claims, the signed text and the MAC it carries. */
export interface ParsedToken {
  readonly claims: TokenClaims;
  readonly body: string;
  readonly mac: string;
}

export type TokenTime = 'valid' | 'expired' | 'notYetValid';

const BASE36 = /^[0-9A-Z]{1,10}$/;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function toBase36(n: number): string {
  return n.toString(36).toUpperCase();
}

function fromBase36(text: string): number | null {
  if (!BASE36.test(text)) return null;
  const n = Number.parseInt(text, 36);
  // One spelling per number: no leading zeros, so the signed text is canonical.
  if (!Number.isSafeInteger(n) || toBase36(n) !== text) return null;
  return n;
}

/** RFC 4648 base32 without padding, for the MAC bytes. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The signed part of a token. */
export function encodeTokenBody(c: TokenClaims): string {
  for (const n of [c.voucherId, c.grantId, c.issuedAt, c.lifetimeSeconds])
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`token claims must be whole numbers ≥ 0`);
  return [
    TOKEN_PREFIX,
    toBase36(c.voucherId),
    toBase36(c.grantId),
    toBase36(c.issuedAt),
    toBase36(c.lifetimeSeconds),
  ].join('.');
}

/** Builds a token: the body and its MAC. */
export function buildToken(c: TokenClaims, mac: (body: string) => string): string {
  const body = encodeTokenBody(c);
  return `${body}.${mac(body)}`;
}

/**
 * Takes a scanned token apart, or null when it is not one. Scanners and keyboards may change
 * case or add blanks around it; both are forgiven, nothing else is.
 */
export function parseToken(scanned: string): ParsedToken | null {
  const token = scanned.trim().toUpperCase();
  if (token.length > MAX_TOKEN_LENGTH + 10) return null;
  const parts = token.split('.');
  if (parts.length !== 6 || parts[0] !== TOKEN_PREFIX) return null;
  const [voucherId, grantId, issuedAt, lifetimeSeconds] = parts.slice(1, 5).map(fromBase36);
  const mac = parts[5] ?? '';
  if (
    voucherId == null ||
    grantId == null ||
    issuedAt == null ||
    lifetimeSeconds == null ||
    voucherId === 0 ||
    lifetimeSeconds === 0 ||
    !/^[A-Z2-7]+$/.test(mac)
  )
    return null;
  return {
    claims: { voucherId, grantId, issuedAt, lifetimeSeconds },
    body: parts.slice(0, 5).join('.'),
    mac,
  };
}

/** Whether a token looks like an e-voucher token at all (for inputs that take several kinds). */
export function looksLikeToken(text: string): boolean {
  return text.trim().toUpperCase().startsWith(`${TOKEN_PREFIX}.`);
}

/**
 * Whether the token is within its life at `nowSeconds`. A lifetime longer than ours is refused
 * as expired too: only the server issues tokens, so it never sees one.
 */
export function tokenTime(c: TokenClaims, nowSeconds: number): TokenTime {
  if (c.issuedAt > nowSeconds + CLOCK_SKEW_SECONDS) return 'notYetValid';
  if (c.lifetimeSeconds > TOKEN_LIFETIME_SECONDS) return 'expired';
  if (nowSeconds >= c.issuedAt + c.lifetimeSeconds) return 'expired';
  return 'valid';
}
