import { describe, expect, it } from 'vitest';
import {
  base32,
  buildToken,
  CLOCK_SKEW_SECONDS,
  encodeTokenBody,
  looksLikeToken,
  MAX_TOKEN_LENGTH,
  parseToken,
  TOKEN_LIFETIME_SECONDS,
  tokenTime,
} from './evoucher-token.js';

// A stand-in MAC of the right shape; the real HMAC is tested in services/evoucher.
const fakeMac = () => 'ABCDEFGHIJKLMNOPQRST';
const claims = { voucherId: 42, grantId: 0, issuedAt: 1_800_000_000, lifetimeSeconds: 120 };

describe('e-voucher token format', () => {
  it('writes the body as in the doc comment example', () => {
    expect(encodeTokenBody(claims)).toBe('EV1.16.0.TRO8W0.3C');
  });

  it('takes apart what it builds, forgiving case and blanks from scanners', () => {
    const token = buildToken(claims, fakeMac);
    expect(parseToken(token)).toEqual({ claims, body: 'EV1.16.0.TRO8W0.3C', mac: fakeMac() });
    expect(parseToken(`  ${token.toLowerCase()}\n`)?.claims).toEqual(claims);
  });

  it('fits the 50-character mdtrt_cert_no even with very large ids, in QR alphanumeric characters', () => {
    const token = buildToken(
      { voucherId: 2 ** 31 - 1, grantId: 2 ** 31 - 1, issuedAt: 4_102_444_800, lifetimeSeconds: 120 },
      () => base32(new Uint8Array(12).fill(255)),
    );
    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    expect(token).toMatch(/^[0-9A-Z.]+$/);
  });

  it.each([
    ['', 'empty'],
    ['110101199003070011', 'an ID number'],
    ['EV2.16.0.TRO8W0.3C.ABCDEFGH', 'another version'],
    ['EV1.16.0.TRO8W0.ABCDEFGH', 'a part missing'],
    ['EV1.016.0.TRO8W0.3C.ABCDEFGH', 'a leading zero (two spellings of one token)'],
    ['EV1.0.0.TRO8W0.3C.ABCDEFGH', 'voucher 0'],
    ['EV1.16.0.TRO8W0.0.ABCDEFGH', 'no lifetime'],
    ['EV1.16.-1.TRO8W0.3C.ABCDEFGH', 'a sign'],
    ['EV1.16.0.TRO8W0.3C.ABC+DEF', 'a MAC outside base32'],
    ['EV1.16.0.TRO8W0.3C.', 'no MAC'],
  ])('refuses %j (%s)', (text) => {
    expect(parseToken(text)).toBeNull();
  });

  it('tells tokens from ID numbers and person numbers', () => {
    expect(looksLikeToken(' ev1.16.0.TRO8W0.3C.X')).toBe(true);
    expect(looksLikeToken('110101199003070011')).toBe(false);
    expect(looksLikeToken('370302000000000001')).toBe(false);
  });

  it('encodes base32 as RFC 4648 (test vectors, no padding)', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(base32(bytes(''))).toBe('');
    expect(base32(bytes('f'))).toBe('MY');
    expect(base32(bytes('fo'))).toBe('MZXQ');
    expect(base32(bytes('foo'))).toBe('MZXW6');
    expect(base32(bytes('foob'))).toBe('MZXW6YQ');
    expect(base32(bytes('fooba'))).toBe('MZXW6YTB');
    expect(base32(bytes('foobar'))).toBe('MZXW6YTBOI');
  });

  it('refuses claims that are not whole numbers ≥ 0', () => {
    expect(() => encodeTokenBody({ ...claims, voucherId: 1.5 })).toThrow(RangeError);
    expect(() => encodeTokenBody({ ...claims, grantId: -1 })).toThrow(RangeError);
  });
});

describe('token life', () => {
  const t0 = claims.issuedAt;
  it('is valid from issue until just before issuedAt + lifetime', () => {
    expect(tokenTime(claims, t0)).toBe('valid');
    expect(tokenTime(claims, t0 + 119)).toBe('valid');
    expect(tokenTime(claims, t0 + 120)).toBe('expired');
    expect(tokenTime(claims, t0 + 3600)).toBe('expired');
  });

  it('allows the issuing clock to be a little ahead, not more', () => {
    expect(tokenTime(claims, t0 - CLOCK_SKEW_SECONDS)).toBe('valid');
    expect(tokenTime(claims, t0 - CLOCK_SKEW_SECONDS - 1)).toBe('notYetValid');
  });

  it('treats a lifetime longer than the server issues as expired', () => {
    expect(tokenTime({ ...claims, lifetimeSeconds: TOKEN_LIFETIME_SECONDS + 1 }, t0)).toBe('expired');
  });
});
