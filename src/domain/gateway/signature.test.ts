import { describe, expect, it } from 'vitest';
import { apiSignatureInput, checkTimestamp, tifSignatureInput } from './signature.js';

describe('signature strings', () => {
  it('scheme A concatenates timestamp, passToken, nonce and timestamp again', () => {
    expect(tifSignatureInput({ timestamp: '1700000000', passToken: 'tok', nonce: 'n-1' })).toBe(
      '1700000000tokn-11700000000',
    );
  });

  it('scheme B sorts the four _api_ parameters by key and joins key=value with &', () => {
    expect(
      apiSignatureInput({
        version: '1.0.0',
        timestamp: '1700000000123',
        name: 'callService',
        accessKey: 'AK1',
      }),
    ).toBe('_api_access_key=AK1&_api_name=callService&_api_timestamp=1700000000123&_api_version=1.0.0');
  });

  it('accepts a timestamp within ±300 s and refuses one outside or malformed', () => {
    const now = 1_700_000_000_000;
    expect(checkTimestamp('1700000300', 'seconds', now).ok).toBe(true);
    expect(checkTimestamp('1699999700', 'seconds', now).ok).toBe(true);
    expect(checkTimestamp('1700000301', 'seconds', now).ok).toBe(false);
    expect(checkTimestamp('1699999699999', 'milliseconds', now).ok).toBe(false);
    expect(checkTimestamp('1700000000000', 'milliseconds', now).ok).toBe(true);
    expect(checkTimestamp('17e8', 'seconds', now).ok).toBe(false);
    expect(checkTimestamp('', 'seconds', now).ok).toBe(false);
  });
});
