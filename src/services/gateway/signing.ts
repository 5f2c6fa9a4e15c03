import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  API_HEADERS,
  apiSignatureInput,
  TIF_HEADERS,
  tifSignatureInput,
} from '../../domain/gateway/signature.js';

/** Scheme A credentials (x-tif-*). */
export interface TifCredentials {
  readonly paasid: string;
  readonly passToken: string;
}

/** Scheme B credentials (_api_*). */
export interface ApiCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

/** lower-hex SHA-256 of timestamp + passToken + nonce + timestamp. */
export function tifSignature(passToken: string, timestamp: string, nonce: string): string {
  return createHash('sha256')
    .update(tifSignatureInput({ timestamp, passToken, nonce }), 'utf8')
    .digest('hex');
}

/** Base64 HMAC-SHA1 over the sorted _api_ parameters. */
export function apiSignature(
  secretKey: string,
  p: { accessKey: string; name: string; timestamp: string; version: string },
): string {
  return createHmac('sha1', secretKey).update(apiSignatureInput(p), 'utf8').digest('base64');
}

/** The x-tif-* headers for one request. */
export function signTif(c: TifCredentials, timestampSeconds: string, nonce: string): Record<string, string> {
  return {
    [TIF_HEADERS.paasid]: c.paasid,
    [TIF_HEADERS.timestamp]: timestampSeconds,
    [TIF_HEADERS.nonce]: nonce,
    [TIF_HEADERS.signature]: tifSignature(c.passToken, timestampSeconds, nonce),
  };
}

/** The _api_* headers for one request. */
export function signApi(
  c: ApiCredentials,
  name: string,
  version: string,
  timestampMs: string,
): Record<string, string> {
  return {
    [API_HEADERS.name]: name,
    [API_HEADERS.version]: version,
    [API_HEADERS.timestamp]: timestampMs,
    [API_HEADERS.accessKey]: c.accessKey,
    [API_HEADERS.signature]: apiSignature(c.secretKey, {
      accessKey: c.accessKey,
      name,
      timestamp: timestampMs,
      version,
    }),
  };
}

/** Compares two signatures in constant time. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
