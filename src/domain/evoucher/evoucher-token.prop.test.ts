import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32, buildToken, MAX_TOKEN_LENGTH, parseToken, type TokenClaims } from './evoucher-token.js';

const claimsArb: fc.Arbitrary<TokenClaims> = fc.record({
  voucherId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  grantId: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  issuedAt: fc.integer({ min: 0, max: 4_102_444_800 }),
  lifetimeSeconds: fc.integer({ min: 1, max: 120 }),
});
const macArb = fc.uint8Array({ minLength: 12, maxLength: 12 }).map(base32);

describe('e-voucher token format (properties)', () => {
  it('round-trips every claim set, within 50 characters', () => {
    fc.assert(
      fc.property(claimsArb, macArb, (claims, mac) => {
        const token = buildToken(claims, () => mac);
        expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
        const parsed = parseToken(token);
        expect(parsed?.claims).toEqual(claims);
        expect(parsed?.mac).toBe(mac);
        expect(`${parsed?.body}.${parsed?.mac}`).toBe(token);
      }),
    );
  });

  it('gives each token one body: a parsed token rebuilds to the same text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^EV1(\.[0-9A-Z]{1,7}){4}\.[A-Z2-7]{20}$/), (text) => {
        const parsed = parseToken(text);
        if (parsed) expect(buildToken(parsed.claims, () => parsed.mac)).toBe(text);
      }),
    );
  });

  it('base32 of n bytes has ceil(8n/5) characters of the RFC 4648 alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const text = base32(bytes);
        expect(text).toHaveLength(Math.ceil((bytes.length * 8) / 5));
        expect(text).toMatch(/^[A-Z2-7]*$/);
      }),
    );
  });
});
