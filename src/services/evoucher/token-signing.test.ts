import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildToken, parseToken, type TokenClaims } from '../../domain/evoucher/evoucher-token.js';
import { macMatches, newSigningKey, tokenMac } from './token-signing.js';

const key = newSigningKey();
const claims: TokenClaims = { voucherId: 7, grantId: 0, issuedAt: 1_800_000_000, lifetimeSeconds: 120 };
const sign = (c: TokenClaims, k = key) => buildToken(c, (body) => tokenMac(k, body));

/** What a verifier does with the MAC: parse, then recompute under the voucher's key. */
function verifies(token: string, k = key): boolean {
  const parsed = parseToken(token);
  return parsed !== null && macMatches(k, parsed.body, parsed.mac);
}

describe('e-voucher token signing', () => {
  it('verifies a token it signed, with a 20-character base32 MAC (96 bits)', () => {
    const token = sign(claims);
    expect(verifies(token)).toBe(true);
    expect(token.split('.')[5]).toMatch(/^[A-Z2-7]{20}$/);
  });

  it('refuses a token signed with another voucher key', () => {
    expect(verifies(sign(claims, newSigningKey()))).toBe(false);
  });

  it('makes a new key every time', () => {
    expect(newSigningKey()).not.toBe(newSigningKey());
    expect(Buffer.from(newSigningKey(), 'base64url')).toHaveLength(32);
  });

  it('refuses a token with any claim changed and the MAC kept (tampering)', () => {
    fc.assert(
      fc.property(
        fc.record({
          voucherId: fc.integer({ min: 1, max: 1e9 }),
          grantId: fc.integer({ min: 0, max: 1e9 }),
          issuedAt: fc.integer({ min: 0, max: 4e9 }),
          lifetimeSeconds: fc.integer({ min: 1, max: 120 }),
        }),
        fc.constantFrom('voucherId', 'grantId', 'issuedAt', 'lifetimeSeconds'),
        fc.integer({ min: 1, max: 1e6 }),
        (c, field, delta) => {
          const mac = tokenMac(key, parseToken(sign(c))!.body);
          const forged = buildToken({ ...c, [field]: c[field] + delta }, () => mac);
          expect(verifies(forged)).toBe(false);
        },
      ),
    );
  });

  it('refuses a token with any one character replaced', () => {
    const token = sign(claims);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: token.length - 1 }),
        fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.'),
        (at, ch) => {
          fc.pre(token[at] !== ch);
          expect(verifies(token.slice(0, at) + ch + token.slice(at + 1))).toBe(false);
        },
      ),
    );
  });
});
