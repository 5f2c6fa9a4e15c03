import { sql } from 'kysely';
import type { TestApp } from '../../../test/support/test-app.js';
import { type HisCallOptions, type HisCredentials, prepareHisRequest } from '../../cli/his-client.js';

/** Sends one signed HIS message through inject; returns the status and the parsed envelope. */
export async function sendHis(
  t: TestApp,
  credentials: HisCredentials,
  infno: string,
  input: Record<string, unknown>,
  o: Partial<Omit<HisCallOptions, 'credentials' | 'infno' | 'input'>> & { rawBody?: string } = {},
) {
  const req = prepareHisRequest({ baseUrl: '', scheme: 'tif', credentials, infno, input, ...o });
  const res = await t.app.inject({
    method: 'POST',
    url: req.path,
    headers: req.headers,
    payload: o.rawBody ?? req.body,
  });
  return { status: res.statusCode, body: res.json(), envelope: req.envelope };
}

/** Row counts of the tables a refused message must leave alone. */
export async function businessCounts(t: TestApp) {
  const db = t.database.db;
  const count = async (
    table: 'visits' | 'settlements' | 'fee_lines' | 'postings' | 'cross_region_filings' | 'gateway_files',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const sum = async (table: 'accumulators' | 'personal_accounts', column: 'value' | 'balance') =>
    Number(
      (
        await sql<{
          n: string | number | null;
        }>`select coalesce(sum(${sql.ref(column)}), 0) as n from ${sql.table(table)}`.execute(db)
      ).rows[0]?.n ?? 0,
    );
  return {
    visits: await count('visits'),
    settlements: await count('settlements'),
    feeLines: await count('fee_lines'),
    postings: await count('postings'),
    filings: await count('cross_region_filings'),
    files: await count('gateway_files'),
    accumulatorTotal: await sum('accumulators', 'value'),
    balanceTotal: await sum('personal_accounts', 'balance'),
  };
}
