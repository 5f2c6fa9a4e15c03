import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { parse } from 'yaml';
import type { Db } from '../../store/database.js';
import { SYSTEM_ACTOR } from '../actor.js';
import { PolicyService } from '../settlement/policy-service.js';

/** The policy documents shipped with the product (policies/*.yaml). */
export const POLICY_DIR = path.resolve(import.meta.dirname, '../../../policies');

export function readPolicyDocuments(dir = POLICY_DIR): { file: string; document: unknown }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, document: parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

/**
 * Loads the shipped policy documents not yet loaded, opens personal accounts for employees with
 * a deterministic demo balance, and adds a few mutual-aid authorisations between spouses.
 * Idempotent: running it again changes nothing.
 */
export async function seedSettlementData(
  db: Db,
): Promise<{ policies: number; accounts: number; mutualAid: number }> {
  const policies = new PolicyService(db);
  let loaded = 0;
  for (const { document } of readPolicyDocuments()) {
    const id = (document as { id?: string }).id;
    if (!id) continue;
    const exists = await db
      .selectFrom('policies')
      .select('id')
      .where('policy_id', '=', id)
      .executeTakeFirst();
    if (exists) continue;
    await policies.load(SYSTEM_ACTOR, document);
    loaded++;
  }
  return db.transaction().execute(async (tx) => {
    // Employees (310) get a personal account; the balance is a deterministic demo figure.
    const opened = await tx
      .insertInto('personal_accounts')
      .columns(['person_id', 'region_code', 'balance'])
      .expression((eb) =>
        eb
          .selectFrom('enrolments as e')
          .select((s) => [
            'e.person_id',
            'e.region_code',
            s.fn<number>('mod', [s(s.ref('e.person_id'), '*', 7919), s.val(480000)]).as('balance'),
          ])
          .where('e.insurance_type', '=', '310')
          .where('e.status', '=', 'active')
          .where((w) =>
            w.not(
              w.exists(
                w
                  .selectFrom('personal_accounts as a')
                  .select('a.person_id')
                  .whereRef('a.person_id', '=', 'e.person_id'),
              ),
            ),
          ),
      )
      .execute();
    const accounts = Number(opened[0]?.numInsertedOrUpdatedRows ?? 0);
    let mutualAid = 0;
    const existing = await tx
      .selectFrom('mutual_aid_links')
      .select('owner_person_id')
      .limit(1)
      .executeTakeFirst();
    if (!existing) {
      // Every tenth employee with an account lets their spouse use it (家庭共济).
      const pairs = await tx
        .selectFrom('person_relations as r')
        .innerJoin('personal_accounts as a', 'a.person_id', 'r.person_id')
        .select(['r.person_id as owner', 'r.relative_id as beneficiary', 'a.region_code'])
        .where('r.relation', '=', 'spouse')
        .where(sql`mod(r.person_id, 10)`, '=', 0)
        .execute();
      if (pairs.length) {
        await tx
          .insertInto('mutual_aid_links')
          .values(
            pairs.map((p) => ({
              owner_person_id: p.owner,
              beneficiary_person_id: p.beneficiary,
              region_code: p.region_code,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
        mutualAid = pairs.length;
      }
    }
    return { policies: loaded, accounts, mutualAid };
  });
}
