import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDetailFile, totalsOf } from '../../domain/gateway/reconciliation.js';
import { apiSignatureInput, tifSignatureInput } from '../../domain/gateway/signature.js';
import { parseYuan } from '../../domain/money/fen.js';
import { apiSignature, tifSignature } from '../../services/gateway/signing.js';
import { TRANSACTIONS } from '../../services/gateway/transactions/index.js';

/** The worked signing examples in docs/his-integration.md are what the code computes. */
const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/his-integration.md'), 'utf8');

function example(name: string): Record<string, string> {
  const block =
    new RegExp(`<!-- example:${name} -->([\\s\\S]*?)<!-- /example:${name} -->`).exec(doc)?.[1] ?? '';
  const rows: Record<string, string> = {};
  for (const m of block.matchAll(/^\| ([^|]+?) \| `([^`]*)` \|$/gm)) rows[m[1]!] = m[2]!;
  return rows;
}

describe('docs/his-integration.md', () => {
  it('shows the x-tif signature the gateway computes', () => {
    const e = example('tif');
    const p = { timestamp: e['x-tif-timestamp']!, passToken: e.passToken!, nonce: e['x-tif-nonce']! };
    expect(tifSignatureInput(p)).toBe(e['string signed']);
    expect(tifSignature(p.passToken, p.timestamp, p.nonce)).toBe(e['x-tif-signature']);
  });

  it('shows the _api_ signature the gateway computes', () => {
    const e = example('api');
    const p = {
      accessKey: e._api_access_key!,
      name: e._api_name!,
      timestamp: e._api_timestamp!,
      version: e._api_version!,
    };
    expect(apiSignatureInput(p)).toBe(e['string signed']);
    expect(apiSignature(e.secretKey!, p)).toBe(e._api_signature);
  });

  it('lists exactly the transactions the gateway answers', () => {
    const section = /## Transactions implemented([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
    const listed = [...section.matchAll(/^\| (\d{4}) \|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual(Object.keys(TRANSACTIONS).sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('shows a detail file the 3202 parser reads, with the request totals it demands', () => {
    const block = (name: string) =>
      new RegExp(
        `<!-- example:${name} -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\s*<!-- /example:${name} -->`,
      ).exec(doc)?.[1] ?? '';
    const lines = parseDetailFile(block('detail-file'), 'doc');
    expect(lines).toHaveLength(3);
    const t = totalsOf(lines);
    const { data } = JSON.parse(block('3202')) as { data: Record<string, string> };
    const fen = (v: string | undefined) => {
      const r = parseYuan(v ?? '');
      if (!r.ok) throw new Error(`not yuan: ${v}`);
      return r.value;
    };
    expect(fen(data.medfee_sumamt)).toBe(t.medfee);
    expect(fen(data.fund_pay_sumamt)).toBe(t.fund);
    expect(fen(data.cash_payamt)).toBe(t.medfee - t.fund - t.acct);
    expect(Number(data.fixmedins_setl_cnt)).toBe(t.count);
  });
});
