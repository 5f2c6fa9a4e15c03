import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32, MAC_BYTES } from '../../domain/evoucher/evoucher-token.js';

/** A new voucher signing key: 32 random bytes, base64url. */
export function newSigningKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The token MAC: the first 96 bits of HMAC-SHA256(key, body), base32. */
export function tokenMac(signingKey: string, body: string): string {
  const digest = createHmac('sha256', Buffer.from(signingKey, 'base64url')).update(body, 'utf8').digest();
  return base32(digest.subarray(0, MAC_BYTES));
}

/** Whether `mac` is the MAC of `body` under the key, compared in constant time. */
export function macMatches(signingKey: string, body: string, mac: string): boolean {
  const expected = Buffer.from(tokenMac(signingKey, body), 'utf8');
  const given = Buffer.from(mac, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
