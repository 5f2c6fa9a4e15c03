import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildToken, encodeTokenBody, parseToken } from '../../domain/evoucher/evoucher-token.js';
import { macMatches, tokenMac } from './token-signing.js';

/** The worked token example in docs/e-voucher.md is what the code computes. */
const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/e-voucher.md'), 'utf8');

function example(name: string): Record<string, string> {
  const block =
    new RegExp(`<!-- example:${name} -->([\\s\\S]*?)<!-- /example:${name} -->`).exec(doc)?.[1] ?? '';
  const rows: Record<string, string> = {};
  for (const m of block.matchAll(/^\| ([^|]+?) \| `([^`]*)` \|$/gm)) rows[m[1]!] = m[2]!;
  return rows;
}

describe('docs/e-voucher.md', () => {
  it('shows the token the server signs and accepts', () => {
    const e = example('token');
    const key = e['signing key (base64url)']!;
    const claims = {
      voucherId: Number(e['voucher id']),
      grantId: Number(e['grant id']),
      issuedAt: Number(e['issued at']),
      lifetimeSeconds: Number(e.lifetime),
    };
    expect(encodeTokenBody(claims)).toBe(e['string signed']);
    expect(buildToken(claims, (body) => tokenMac(key, body))).toBe(e.token);
    const parsed = parseToken(e.token!)!;
    expect(parsed.claims).toEqual(claims);
    expect(macMatches(key, parsed.body, parsed.mac)).toBe(true);
  });
});
