import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiSignature, sameSignature, signApi, signTif, tifSignature } from './signing.js';

/** Vectors computed here from the reference's formulas, independently of the code under test. */
describe('gateway signing', () => {
  it('scheme A: lower-hex SHA-256 of timestamp + passToken + nonce + timestamp', () => {
    const expected = createHash('sha256').update('1700000000secret-tokenabc1700000000').digest('hex');
    expect(tifSignature('secret-token', '1700000000', 'abc')).toBe(expected);
    // A fixed vector, so a change in the formula shows even if both sides change.
    expect(tifSignature('t', '1', 'n')).toBe(createHash('sha256').update('1tn1').digest('hex'));
    expect(signTif({ paasid: 'p', passToken: 't' }, '1', 'n')).toEqual({
      'x-tif-paasid': 'p',
      'x-tif-timestamp': '1',
      'x-tif-nonce': 'n',
      'x-tif-signature': createHash('sha256').update('1tn1').digest('hex'),
    });
  });

  it('scheme B: Base64 HMAC-SHA1 with the secret over the sorted parameters', () => {
    const msg = '_api_access_key=AK&_api_name=callService&_api_timestamp=1700000000000&_api_version=1.0.0';
    const expected = createHmac('sha1', 'SK').update(msg).digest('base64');
    expect(
      apiSignature('SK', {
        accessKey: 'AK',
        name: 'callService',
        timestamp: '1700000000000',
        version: '1.0.0',
      }),
    ).toBe(expected);
    expect(
      signApi({ accessKey: 'AK', secretKey: 'SK' }, 'callService', '1.0.0', '1700000000000')._api_signature,
    ).toBe(expected);
  });

  it('compares signatures of any length without throwing', () => {
    expect(sameSignature('abc', 'abc')).toBe(true);
    expect(sameSignature('abc', 'abd')).toBe(false);
    expect(sameSignature('abc', 'ab')).toBe(false);
  });
});
