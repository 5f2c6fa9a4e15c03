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
  const count = async (table: 'visits' | 'settlements' | 'fee_lines' | 'postings' | 'gateway_messages') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    visits: await count('visits'),
    settlements: await count('settlements'),
    feeLines: await count('fee_lines'),
    postings: await count('postings'),
  };
}
